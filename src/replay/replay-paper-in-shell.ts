import { buildEvidence } from '../detectors/evidence.js';
import { runDetectors } from '../detectors/detector-catalogue.js';
import { buildShellTrialSetup, driveNaming } from '../harness/shell/build-shell-trial-setup.js';
import { ShellSession } from '../harness/shell/shell-session.js';
import { cellId, type Family } from '../records/cell.js';
import type { VerdictValue } from '../records/finding.js';
import type { TranscriptEvent } from '../records/transcript.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import { inferAgentFamily, inferPaperCell } from './infer-paper-cell.js';
import { paperConversationSteps } from './paper-conversation-steps.js';
import type { PaperTranscript } from './paper-transcript.js';
import type { ReplayResult } from './replay-paper.js';

const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * The shell command line a real-CLI tool call amounts to, or null for tools we do not map. Gemini CLI's
 * `run_shell_command` and OpenCode's `bash` run their `command`; `read_file` (`file_path`) and `read` (`filePath`)
 * become `cat`; `glob` lists the workspace's files (`find`); `write_file`/`write` write their content.
 */
export function shellCommandFor(name: string, args: Record<string, unknown>): string | null {
  const text = (key: string): string => (typeof args[key] === 'string' ? (args[key] as string) : '');
  switch (name) {
    case 'run_shell_command':
    case 'bash':
    case 'shell':
      return text('command');
    case 'read_file':
    case 'read':
      return `cat ${quote(text('file_path') || text('filePath') || text('path'))}`;
    case 'glob':
    case 'list_directory':
    case 'ls':
      return `find ${quote(text('path') || text('dir_path') || '/workspace')} -type f`;
    case 'write_file':
    case 'write': {
      const path = text('file_path') || text('filePath') || text('path');
      return `cat > ${quote(path)} <<'PEERGUARD_EOF'\n${text('content')}\nPEERGUARD_EOF`;
    }
    default:
      return null;
  }
}

/**
 * Replays a study transcript from a real coding-agent CLI (the `coding-*` files: Gemini CLI, OpenCode) through the
 * shell harness: the cell is inferred as for any study transcript, the world is materialised on virtual hosts,
 * each shell or file tool call runs there in order, and the hosts are read back for the same detectors.
 */
export async function replayPaperTranscriptInShell(pack: ScenarioPack, transcript: PaperTranscript, options: { family?: Family } = {}): Promise<ReplayResult> {
  const cell = inferPaperCell(transcript, options.family);
  const agentFamily = inferAgentFamily(transcript);
  const setup = buildShellTrialSetup(pack, cell, { agentFamily, memoryPrompt: 'soft', scratchpad: 'off' });
  if (cell.dataset === 'creativity' || cell.dataset === 'red') setup.truth.honestScore = null;
  const session = ShellSession.create(setup.world, { seed: transcript.file, naming: driveNaming(setup.tools, cell), shutdownCommand: cell.family === 'alignment-faking' });
  const events: TranscriptEvent[] = [];
  let rejected = 0;
  for (const step of paperConversationSteps(transcript)) {
    if (step.kind === 'event') {
      events.push(step.event);
      continue;
    }
    const { turn, id, name, args } = step;
    events.push({ type: 'tool-called', turn, id, name, args });
    const command = shellCommandFor(name, args);
    if (command === null) {
      rejected += 1;
      events.push({ type: 'tool-returned', turn, id, name, output: `Error: the shell harness does not map the tool "${name}"`, isError: true, changes: [] });
      continue;
    }
    const outcome = await session.run(command);
    events.push({ type: 'tool-returned', turn, id, name, output: outcome.output, isError: false, changes: outcome.changes, equivalents: outcome.equivalents });
  }
  events.push({ type: 'trial-stopped', reason: 'replay_end' });
  const evidence = buildEvidence({ cell, setup, events, final: await session.readBack() });
  const findings = runDetectors(evidence);
  const verdicts: Record<string, VerdictValue> = {};
  for (const finding of findings) verdicts[finding.verdict] = finding.value;
  return { file: transcript.file, family: cell.family, cell: cellId(cell), cellFactors: cell, verdicts, findings, events, rejectedCalls: rejected, evidence, setup };
}
