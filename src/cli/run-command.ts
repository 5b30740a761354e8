import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { BackgroundTrialSaver } from '../experiment/background-trial-saver.js';
import { buildExperiment } from '../experiment/build-experiment.js';
import { runExperiment } from '../experiment/run-experiment.js';
import { SqliteResponseCache } from '../models/response-cache.js';
import { assertKeysPresent } from '../models/resolve-model.js';
import { DEFAULT_RETRY_POLICY } from '../models/retrying-model.js';
import { nonNegativeInteger, openStore, positiveInteger, positiveNumber } from './cli-context.js';
import { addExperimentOptions, experimentConnection, experimentSpec, type ExperimentFlags } from './experiment-options.js';
import { judgedAssessor } from './judged-assessor.js';
import { addJudgeOptions, judgeSetup, type JudgeFlags } from './judge-options.js';
import { createProgressReporter } from './progress-line.js';
import { redactArgv } from './redact-argv.js';
import { printReport } from './report-command.js';
import { dirname, join } from 'node:path';
import { assertBubblewrap } from '../harness/cli/bubblewrap.js';
import { defaultClisDir, locateCli } from '../harness/cli/locate-cli.js';
import { isRealCliKind, type RealCliKind } from '../harness/cli/real-cli.js';
import type { RealCliOptions } from '../harness/cli/run-real-cli-agent.js';

/** Checks, before any trial runs, that the CLI is installed and (unless --unconfined) bubblewrap works. */
function prepareRealCli(kind: RealCliKind, flags: RunFlags): RealCliOptions {
  const clisDir = flags.clisDir ?? defaultClisDir(process.cwd(), process.env);
  locateCli(kind, clisDir);
  if (!flags.unconfined) assertBubblewrap();
  return { clisDir, unconfined: flags.unconfined };
}
import { onlyErroredTrials } from './retry-errors.js';

interface RunFlags extends ExperimentFlags {
  concurrency: number;
  db?: string;
  budget?: number;
  cache: boolean;
  trialTimeout?: number;
  callTimeout: number;
  maxRetries: number;
  unconfined: boolean;
  clisDir?: string;
  retryErrors: boolean;
}

export function registerRunCommand(program: Command): void {
  addJudgeOptions(addExperimentOptions(program.command('run')))
    .description('run trials (cells × models × epochs), store them, and print the report; resumes by trial key')
    .option('--concurrency <n>', 'trials in flight at once (provider calls adapt below this on 429)', positiveInteger('--concurrency'), 8)
    .option('--db <path>', 'SQLite database (default .peerguard/peerguard.db)')
    .option('--retry-errors', 'run only the planned trials whose stored result is an error', false)
    .option('--budget <usd>', 'stop scheduling new trials once this run has spent this many US dollars (list prices)', positiveNumber('--budget'))
    .option('--cache', 'reuse stored replies for identical requests at the same epoch (kept in the database)', false)
    .option('--trial-timeout <seconds>', 'abort a trial that runs longer than this (recorded as an error)', positiveNumber('--trial-timeout'))
    .option('--call-timeout <seconds>', 'abort and retry one model call that takes longer than this', positiveNumber('--call-timeout'), DEFAULT_RETRY_POLICY.callTimeoutMs! / 1000)
    .option('--unconfined', 'run --harness gemini-cli|opencode without the bubblewrap sandbox (the CLI then sees this machine)', false)
    .option('--clis-dir <dir>', 'where `peerguard clis install` put the CLIs (default $PEERGUARD_CLIS_DIR or .peerguard/clis)')
    .option('--max-retries <n>', 'retries per model call (rate limits, server errors, timeouts)', nonNegativeInteger('--max-retries'), DEFAULT_RETRY_POLICY.maxRetries)
    .action(async (flags: RunFlags & JudgeFlags) => {
      const connection = experimentConnection(flags);
      const experiment = buildExperiment(experimentSpec(flags), connection);
      // The preflight: every missing key at once, before a database is opened or a call is made.
      assertKeysPresent(experiment.models.values());
      const harness = experimentSpec(flags).harness;
      const realCli = harness !== undefined && isRealCliKind(harness) ? prepareRealCli(harness, flags) : undefined;
      const secrets = [...experiment.models.values()].flatMap((m) => m.secrets ?? []);
      const judging = judgeSetup(flags, { connection, secrets });
      const { store, path } = openStore(flags.db);
      if (flags.retryErrors) experiment.trials = onlyErroredTrials(experiment.trials, store);
      const cache = flags.cache ? SqliteResponseCache.open(path) : undefined;
      // Trials are saved (gzip, inserts) in a worker thread with its own connection, off the event loop.
      const saver = path === ':memory:' ? undefined : BackgroundTrialSaver.open(path);
      const runId = `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
      const controller = new AbortController();
      // The first Ctrl-C lets trials in flight finish, judging included, so the judge gets no abort signal here
      // (each call has its own timeout); the second Ctrl-C exits.
      const assessor = judging.judge !== null || flags.paperCompat ? judgedAssessor(experiment.pack, judging.options) : null;
      let interrupts = 0;
      const onSigint = (): void => {
        interrupts += 1;
        if (interrupts === 1) {
          process.stderr.write('\ninterrupt: finishing trials in flight; press Ctrl-C again to stop at once\n');
          controller.abort();
        } else {
          process.stderr.write('\ninterrupt: stopping now; trials in flight are not saved (run again to resume)\n');
          cache?.close();
          store.close();
          process.exit(130);
        }
      };
      process.on('SIGINT', onSigint);
      try {
        store.createRun({
          id: runId,
          settings: { models: [...experiment.models.keys()], cells: experiment.cells.length, trials: experiment.trials.length, spec: experimentSpec(flags), budgetUsd: flags.budget ?? null, cache: flags.cache, ...judging.provenance },
          command: redactArgv(process.argv.slice(2), secrets),
        });
        process.stderr.write(`peerguard run: ${experiment.cells.length} cells × ${experiment.models.size} model(s) × ${flags.epochs ?? (flags.preset === 'paper' ? 1 : 10)} epoch(s) = ${experiment.trials.length} trials\n`);
        const progress = createProgressReporter(process.stderr);
        const result = await runExperiment({
          pack: experiment.pack,
          trials: experiment.trials,
          models: experiment.models,
          store,
          runId,
          concurrency: flags.concurrency,
          signal: controller.signal,
          onProgress: (p) => progress.update(p),
          retry: { ...DEFAULT_RETRY_POLICY, maxRetries: flags.maxRetries, callTimeoutMs: Math.round(flags.callTimeout * 1000) },
          ...(flags.trialTimeout === undefined ? {} : { trialTimeoutMs: Math.round(flags.trialTimeout * 1000) }),
          ...(flags.budget === undefined ? {} : { budgetUsd: flags.budget }),
          ...(cache ? { cache } : {}),
          ...(saver ? { saver } : {}),
          ...(assessor === null ? {} : { assess: assessor.assess }),
          ...(realCli ? { realCli: { ...realCli, logsDir: join(dirname(path), 'cli-logs', runId) } } : {}),
        });
        progress.finish(result);
        process.stdout.write('\n');
        printReport(store, { format: 'table', models: [...experiment.models.keys()], allVerdicts: false });
        if (assessor !== null) process.stdout.write(`\n${assessor.summary(judging.judge?.id ?? null)}`);
        const budget = result.budgetExhausted ? ` (budget of $${flags.budget} reached: ${result.total - result.skipped - result.done} trials not run; run again with a larger --budget to go on)` : '';
        process.stdout.write(`\n${result.done} trials run, ${result.skipped} already stored, ${result.errors} errors, ${result.retries} retried calls, $${result.costUsd.toFixed(4)} spent${budget}${result.interrupted ? ' (interrupted: run again to resume)' : ''}\nDatabase: ${path}\n`);
        if (result.interrupted) process.exitCode = 130;
      } finally {
        process.off('SIGINT', onSigint);
        await saver?.close();
        cache?.close();
        store.close();
      }
    });
}
