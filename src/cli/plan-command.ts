import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { buildExperiment } from '../experiment/build-experiment.js';
import { FAMILIES } from '../records/cell.js';
import { countByFamily } from '../scenarios/expand-cells.js';
import { defaultDbPath, openStore } from './cli-context.js';
import { addExperimentOptions, experimentSpec, type ExperimentFlags } from './experiment-options.js';

export function registerPlanCommand(program: Command): void {
  addExperimentOptions(program.command('plan'))
    .description('show the cells and trials a run would do, per family and model, and how many the database already holds')
    .option('--db <path>', 'SQLite database to check for completed trials (default .peerguard/peerguard.db)')
    .action((flags: ExperimentFlags & { db?: string }) => {
      const experiment = buildExperiment(experimentSpec(flags));
      const path = flags.db ?? defaultDbPath();
      let completed = new Set<string>();
      if (existsSync(path)) {
        const { store } = openStore(path);
        completed = store.completedKeys();
        store.close();
      }
      const counts = countByFamily(experiment.cells);
      const lines: string[] = [];
      lines.push(`preset ${flags.preset}: ${experiment.cells.length} cells per model`);
      lines.push('');
      lines.push(`${'family'.padEnd(24)}${'cells'.padStart(7)}${'(memory)'.padStart(10)}`);
      for (const family of FAMILIES) {
        const c = counts.get(family)!;
        if (c.plain + c.memory === 0) continue;
        lines.push(`${family.padEnd(24)}${String(c.plain + c.memory).padStart(7)}${String(c.memory).padStart(10)}`);
      }
      lines.push(`${'total'.padEnd(24)}${String(experiment.cells.length).padStart(7)}`);
      lines.push('');
      lines.push(`${'model'.padEnd(28)}${'trials'.padStart(8)}${'stored'.padStart(8)}${'new'.padStart(8)}`);
      for (const model of experiment.models.keys()) {
        const trials = experiment.trials.filter((t) => t.model === model);
        const stored = trials.filter((t) => completed.has(t.key)).length;
        lines.push(`${model.padEnd(28)}${String(trials.length).padStart(8)}${String(stored).padStart(8)}${String(trials.length - stored).padStart(8)}`);
      }
      lines.push('');
      lines.push('Projected cost: $0.00 (reference agents make no API calls).');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
