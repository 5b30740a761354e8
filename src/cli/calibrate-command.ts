import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { calibrateJudge } from '../calibration/calibrate-judge.js';
import { readCalibrationSet } from '../calibration/calibration-set.js';
import { formatCalibration } from '../calibration/format-calibration.js';
import { loadScenarioPack } from '../scenarios/scenario-pack.js';
import { collect, positiveInteger } from './cli-context.js';
import { terminalSafe } from './format-transcript.js';
import { judgeSetup } from './judge-options.js';
import { loadEnvironment } from './load-environment.js';

interface CalibrateFlags {
  judge?: string[];
  set: string;
  verdict?: string[];
  judgePrompts?: string;
  judgeTimeout: number;
  baseUrl?: string;
  concurrency: number;
  tolerance: number;
  scenarios?: string;
  json: boolean;
}

function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError(`--tolerance must be a number ≥ 0, got "${value}"`);
  return parsed;
}

/** `peerguard calibrate --judge MODEL --set FILE`: a judge measured against human labels. */
export function registerCalibrateCommand(program: Command): void {
  program.command('calibrate')
    .description('run a judge (or a panel) over a labelled calibration set and report accuracy, Cohen\'s κ and the confusion per verdict')
    .option('--judge <model>', 'the judge, provider:model-id or scripted-judge:<file.json>; repeat for a panel', collect)
    .option('--set <file>', 'calibration set (JSONL; see data/calibration/README.md)', join('data', 'calibration', 'paper-examples.jsonl'))
    .option('--verdict <name>', 'only this verdict (repeatable)', collect)
    .option('--judge-prompts <dir>', 'judge prompt folder (default: the built-in judge-prompts/)')
    .option('--judge-timeout <ms>', 'time limit per judge call', positiveInteger('--judge-timeout'), 120_000)
    .option('--base-url <url>', 'base URL for an openai-compatible judge (default $OPENAI_COMPATIBLE_BASE_URL)')
    .option('--concurrency <n>', 'entries judged at once', positiveInteger('--concurrency'), 4)
    .option('--tolerance <points>', 'numeric verdicts (score) match within this many points', nonNegativeNumber, 0.01)
    .option('--scenarios <dir>', 'scenario pack to rebuild the worlds in (default: the built-in pack)')
    .option('--json', 'print the result as one JSON object', false)
    .action(async (flags: CalibrateFlags) => {
      if (flags.judge === undefined || flags.judge.length === 0) throw new PeerguardError('E_USAGE', 'calibrate needs --judge MODEL');
      const setup = judgeSetup({ judge: flags.judge, paperCompat: false, judgeTimeout: flags.judgeTimeout, ...(flags.judgePrompts === undefined ? {} : { judgePrompts: flags.judgePrompts }) }, { connection: { env: loadEnvironment(), ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }) } });
      const set = readCalibrationSet(flags.set);
      const pack = flags.scenarios === undefined ? loadScenarioPack() : loadScenarioPack(flags.scenarios);
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.on('SIGINT', onSigint);
      try {
        const result = await calibrateJudge({
          pack, set, judge: setup.judge!, prompts: setup.prompts!, tolerance: flags.tolerance, concurrency: flags.concurrency, signal: controller.signal,
          ...(flags.verdict ? { verdicts: flags.verdict } : {}),
          onProgress: (done, total) => {
            if (process.stderr.isTTY) process.stderr.write(`\rcalibrate: ${done}/${total}`);
          },
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (flags.json) process.stdout.write(`${JSON.stringify({ set: flags.set, ...result })}\n`);
        else process.stdout.write(`${terminalSafe(formatCalibration(result))}\n`);
        if (result.skipped.length > 0) process.exitCode = 3;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
