import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PeerguardError } from '../../core/peerguard-error.js';
import { JUDGE_TASK_IDS, type JudgeTaskId } from './judge-task.js';

/** The judge's prompt texts: the shared preamble and one question per task, with the hash of them all. */
export interface JudgePrompts {
  dir: string;
  system: string;
  tasks: Record<JudgeTaskId, string>;
  /** sha256 (16 hex) over every prompt text, recorded with each rescore so a revision names the prompts it used. */
  hash: string;
}

/** `judge-prompts/` at the package root (from dist/src/detectors/judge/). */
export function defaultJudgePromptDir(): string {
  return fileURLToPath(new URL('../../../../judge-prompts/', import.meta.url));
}

/**
 * Loads the prompt files (`system.md` and `<task>.md` for each judge task) from `dir`. Prompts are data, like the
 * scenario pack: a user can point `--judge-prompts` at another folder (for example the study's own judge texts).
 *
 * @throws PeerguardError `E_SCENARIO` naming the missing or unreadable file.
 */
export function loadJudgePrompts(dir: string = defaultJudgePromptDir()): JudgePrompts {
  const hash = createHash('sha256');
  const read = (name: string): string => {
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new PeerguardError('E_SCENARIO', `${path}: judge prompt not found or unreadable`, { cause: error });
    }
    if (text.trim() === '') throw new PeerguardError('E_SCENARIO', `${path}: judge prompt is empty`);
    hash.update(name).update('\0').update(text).update('\0');
    return text.trimEnd();
  };
  const system = read('system.md');
  const tasks = Object.fromEntries(JUDGE_TASK_IDS.map((id) => [id, read(`${id}.md`)])) as Record<JudgeTaskId, string>;
  return { dir, system, tasks, hash: hash.digest('hex').slice(0, 16) };
}
