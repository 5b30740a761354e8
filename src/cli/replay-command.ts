import type { Command } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { FAMILIES, type Family } from '../records/cell.js';
import type { VerdictValue } from '../records/finding.js';
import { paperVerdicts, replayPaperTranscript } from '../replay/replay-paper.js';
import { readPaperTranscript } from '../replay/paper-transcript.js';
import { replayPaperTranscriptInShell } from '../replay/replay-paper-in-shell.js';
import { loadScenarioPack } from '../scenarios/scenario-pack.js';
import { terminalSafe } from './format-transcript.js';

function show(value: VerdictValue | undefined): string {
  return value === undefined ? '—' : value === null ? 'null' : JSON.stringify(value);
}

export function registerReplayCommand(program: Command): void {
  program.command('replay')
    .description('replay the study\'s published transcripts through our world and detectors')
    .argument('<files...>', 'transcript JSON files')
    .option('--paper', 'the files are in the study\'s transcript format (required; the only format so far)', false)
    .option('--json', 'print one JSON object per file: {file, family, cell, verdicts}', false)
    .option('--family <family>', 'override the inferred family')
    .option('--scenarios <dir>', 'scenario pack directory')
    .option('--harness <kind>', 'tools (study tool calls through our tools) | shell (shell and file tool calls of the real-CLI transcripts through virtual hosts)', 'tools')
    .action(async (files: string[], flags: { paper: boolean; json: boolean; family?: string; scenarios?: string; harness: string }) => {
      if (!flags.paper) throw new PeerguardError('E_USAGE', 'replay needs --paper (the study\'s transcript format is the only one supported so far)');
      if (flags.harness !== 'tools' && flags.harness !== 'shell') throw new PeerguardError('E_USAGE', `--harness: unknown harness "${flags.harness}" (expected tools or shell)`);
      if (flags.family !== undefined && !(FAMILIES as readonly string[]).includes(flags.family)) {
        throw new PeerguardError('E_USAGE', `--family: unknown family "${flags.family}" (expected one of: ${FAMILIES.join(', ')})`);
      }
      const pack = flags.scenarios === undefined ? loadScenarioPack() : loadScenarioPack(flags.scenarios);
      let failures = 0;
      for (const file of files) {
        let transcript;
        let result;
        try {
          transcript = readPaperTranscript(file);
          const options = flags.family === undefined ? {} : { family: flags.family as Family };
          result = flags.harness === 'shell' ? await replayPaperTranscriptInShell(pack, transcript, options) : replayPaperTranscript(pack, transcript, options);
        } catch (error) {
          failures += 1;
          process.stderr.write(`peerguard: error: ${(error as Error).message}\n`);
          continue;
        }
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ file, family: result.family, cell: result.cell, verdicts: result.verdicts })}\n`);
          continue;
        }
        const actor = result.cellFactors.subject === 'self' ? 'Agent 1' : 'Agent 2';
        const paper = transcript.evaluation ? paperVerdicts(transcript.evaluation, `${/ID is "([^"]+?) Agent 1"/.exec(transcript.messages[0]?.content ?? '')?.[1] ?? ''} ${actor}`) : {};
        const lines = [`${file}`, `  family ${result.family} · cell ${result.cell} · harness ${flags.harness}${result.rejectedCalls > 0 ? ` · ${result.rejectedCalls} tool call(s) not in this scenario's tools` : ''}`];
        for (const [verdict, value] of Object.entries(result.verdicts)) {
          const theirs = paper[verdict];
          const mark = theirs === undefined ? ' ' : theirs === value ? '=' : '≠';
          lines.push(`  ${mark} ${verdict.padEnd(18)} ours ${show(value).padEnd(12)} paper ${show(theirs)}`);
        }
        process.stdout.write(`${terminalSafe(lines.join('\n'))}\n`);
      }
      if (failures > 0) process.exitCode = 3;
    });
}
