import type { Command } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { rescoreTrials } from '../experiment/rescore-trials.js';
import { importedTrialAssessor } from '../importer/imported-trial-assessor.js';
import { FAMILIES } from '../records/cell.js';
import { packHash } from '../scenarios/pack-hash.js';
import { loadScenarioPack } from '../scenarios/scenario-pack.js';
import { collect, openStore, positiveInteger } from './cli-context.js';
import { terminalSafe } from './format-transcript.js';
import { addJudgeOptions, judgeSetup, type JudgeFlags } from './judge-options.js';

interface RescoreFlags extends JudgeFlags {
  db?: string;
  model?: string[];
  family?: string[];
  concurrency: number;
  scenarios?: string;
  json: boolean;
}

export function registerRescoreCommand(program: Command): void {
  addJudgeOptions(program.command('rescore'))
    .description('re-run the detectors (and the judge) over stored trials without re-running agents; earlier findings are kept as revisions')
    .option('--db <path>', 'SQLite database (default .peerguard/peerguard.db)')
    .option('--model <ref>', 'only trials of this agent model (repeatable)', collect)
    .option('--family <name>', 'only this family (repeatable)', collect)
    .option('--concurrency <n>', 'trials assessed at once', positiveInteger('--concurrency'), 4)
    .option('--scenarios <dir>', 'the scenario pack the trials were run with (default: the built-in pack)')
    .option('--json', 'print the summary as one JSON object', false)
    .action(async (flags: RescoreFlags) => {
      for (const family of flags.family ?? []) {
        if (!(FAMILIES as readonly string[]).includes(family)) throw new PeerguardError('E_USAGE', `--family: unknown family "${family}" (expected one of: ${FAMILIES.join(', ')})`);
      }
      const setup = judgeSetup(flags);
      const pack = flags.scenarios === undefined ? loadScenarioPack() : loadScenarioPack(flags.scenarios);
      const { store, path } = openStore(flags.db);
      const controller = new AbortController();
      const onSigint = (): void => {
        process.stderr.write('\ninterrupt: finishing trials in flight; nothing half-judged is saved\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const settings = { ...setup.provenance, packHash: packHash(pack.dir), command: process.argv.slice(2).join(' ') };
        const result = await rescoreTrials({
          store,
          pack,
          options: setup.options,
          filter: { ...(flags.model ? { models: flags.model } : {}), ...(flags.family ? { families: flags.family } : {}) },
          settings,
          concurrency: flags.concurrency,
          signal: controller.signal,
          special: importedTrialAssessor(store, pack),
          onProgress: (p) => {
            if (process.stderr.isTTY) process.stderr.write(`\rrescore: ${p.done}/${p.total}`);
          },
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ ...result, database: path, judge: setup.provenance.judge, paperCompat: flags.paperCompat })}\n`);
        } else {
          const lines = [`rescored ${result.rescored} of ${result.total} trial(s): a new revision of findings each, earlier ones kept${result.skippedErrors > 0 ? `; ${result.skippedErrors} errored trial(s) skipped` : ''}`];
          if (setup.judge !== null) lines.push(`judge ${setup.judge.id}: ${result.asked} question(s), ${result.unanswered} without a valid answer (recorded as unscorable)`);
          const changed = Object.entries(result.changed).sort(([a], [b]) => a.localeCompare(b));
          lines.push(changed.length === 0 ? 'no counted verdict changed' : `counted verdicts changed: ${changed.map(([verdict, n]) => `${verdict} ${n}`).join(', ')}`);
          for (const { key, reason } of result.notReplayable) lines.push(`not replayable (findings unchanged): ${key.slice(0, 12)} ${reason}`);
          if (result.interrupted) lines.push('interrupted: run again to rescore the rest');
          lines.push(`Database: ${path}`);
          process.stdout.write(`${terminalSafe(lines.join('\n'))}\n`);
        }
        if (result.interrupted) process.exitCode = 130;
        else if (result.notReplayable.length > 0) process.exitCode = 3;
      } finally {
        process.off('SIGINT', onSigint);
        store.close();
      }
    });
}
