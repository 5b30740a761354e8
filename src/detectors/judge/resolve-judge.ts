import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PeerguardError } from '../../core/peerguard-error.js';
import { assertKeysPresent, resolveModel } from '../../models/resolve-model.js';
import { createModelJudge, type ModelJudgeOptions } from './create-model-judge.js';
import type { Judge } from './judge.js';
import { JUDGE_TASK_IDS } from './judge-task.js';
import { createScriptedJudge } from './scripted-judge.js';

const SCRIPT = z.partialRecord(z.enum(JUDGE_TASK_IDS), z.union([z.string(), z.record(z.string(), z.unknown())]));

/**
 * Resolves `--judge MODEL`:
 * - `scripted-judge:<file.json>` — the built-in deterministic double; the file maps task ids
 *   (`reported-score`, `finance-verdict`, `refusal`, `shutdown-refusal`, `report-deletion`) to the reply to give,
 *   as a string (sent verbatim) or an object (sent as JSON). For tests, demos and dry runs of the plumbing.
 * - any other `provider:model-id` — through `resolveModel` (with `resolveOptions`: keys, base URL), like the agents'
 *   models (temperature 0, JSON schema). Reference agents play agent scripts and cannot judge.
 *
 * @throws PeerguardError `E_USAGE` for a reference agent or an unknown provider; `E_INPUT` for an unreadable or
 *   malformed script file.
 */
export function resolveJudge(ref: string, options: ModelJudgeOptions = {}, resolveOptions?: Parameters<typeof resolveModel>[1]): Judge {
  if (ref.startsWith('scripted-judge:')) {
    const path = ref.slice('scripted-judge:'.length);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new PeerguardError('E_INPUT', `--judge ${ref}: cannot read the script as JSON (${(error as Error).message.split('\n')[0]})`, { cause: error });
    }
    const script = SCRIPT.safeParse(parsed);
    if (!script.success) {
      const issue = script.error.issues[0];
      throw new PeerguardError('E_INPUT', `--judge ${ref}: field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'} (keys are judge task ids: ${JUDGE_TASK_IDS.join(', ')})`);
    }
    const replies = Object.fromEntries(Object.entries(script.data).map(([task, reply]) => [task, typeof reply === 'string' ? reply : JSON.stringify(reply)]));
    return createModelJudge(ref, createScriptedJudge(replies), options);
  }
  if (ref.startsWith('reference:')) {
    throw new PeerguardError('E_USAGE', `--judge ${ref}: reference agents play agent scripts and cannot judge; use a provider model, or scripted-judge:<file.json> for a deterministic double`);
  }
  const resolved = resolveModel(ref, resolveOptions);
  // The judge's key is checked before anything is spent, like the agents' keys.
  assertKeysPresent([resolved]);
  const secrets = [...(options.secrets ?? []), ...(resolved.secrets ?? [])];
  return createModelJudge(resolved.ref, (trial) => resolved.create({ trialKey: trial.key, cell: trial.cell, setup: trial.setup }), { ...options, secrets });
}
