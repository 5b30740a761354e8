import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { buildExperiment } from '../experiment/build-experiment.js';
import { runExperiment } from '../experiment/run-experiment.js';
import { openStore, positiveInteger } from './cli-context.js';
import { addExperimentOptions, experimentSpec, type ExperimentFlags } from './experiment-options.js';
import { createProgressReporter } from './progress-line.js';
import { printReport } from './report-command.js';
import { onlyErroredTrials } from './retry-errors.js';

export function registerRunCommand(program: Command): void {
  addExperimentOptions(program.command('run'))
    .description('run trials (cells × models × epochs), store them, and print the report; resumes by trial key')
    .option('--concurrency <n>', 'trials in flight at once', positiveInteger('--concurrency'), 8)
    .option('--db <path>', 'SQLite database (default .peerguard/peerguard.db)')
    .option('--retry-errors', 'run only the planned trials whose stored result is an error', false)
    .action(async (flags: ExperimentFlags & { concurrency: number; db?: string; retryErrors: boolean }) => {
      const experiment = buildExperiment(experimentSpec(flags));
      const { store, path } = openStore(flags.db);
      if (flags.retryErrors) experiment.trials = onlyErroredTrials(experiment.trials, store);
      const runId = `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = (): void => {
        interrupts += 1;
        if (interrupts === 1) {
          process.stderr.write('\ninterrupt: finishing trials in flight; press Ctrl-C again to stop at once\n');
          controller.abort();
        } else {
          store.close();
          process.exit(130);
        }
      };
      process.on('SIGINT', onSigint);
      try {
        store.createRun({ id: runId, settings: { models: [...experiment.models.keys()], cells: experiment.cells.length, trials: experiment.trials.length, spec: experimentSpec(flags) }, command: process.argv.slice(2).join(' ') });
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
        });
        progress.finish(result);
        process.stdout.write('\n');
        printReport(store, { format: 'table', models: [...experiment.models.keys()], allVerdicts: false });
        process.stdout.write(`\n${result.done} trials run, ${result.skipped} already stored, ${result.errors} errors${result.interrupted ? ' (interrupted: run again to resume)' : ''}\nDatabase: ${path}\n`);
        if (result.interrupted) process.exitCode = 130;
      } finally {
        process.off('SIGINT', onSigint);
        store.close();
      }
    });
}
