import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { buildExperiment } from '../experiment/build-experiment.js';
import { planProgress } from '../experiment/plan-progress.js';
import { referenceCostProjector, type CostProjector } from '../experiment/project-cost.js';
import { FAMILIES } from '../records/cell.js';
import { countByFamily } from '../scenarios/expand-cells.js';
import { defaultDbPath, openStore } from './cli-context.js';
import { addExperimentOptions, experimentSpec, type ExperimentFlags } from './experiment-options.js';

export function registerPlanCommand(program: Command, projectCost: CostProjector = referenceCostProjector): void {
  addExperimentOptions(program.command('plan'))
    .description('show the cells and trials a run would do, per family and model, and how many are complete, partly done or new in the database')
    .option('--db <path>', 'SQLite database to check for completed trials (default .peerguard/peerguard.db)')
    .action((flags: ExperimentFlags & { db?: string }) => {
      const experiment = buildExperiment(experimentSpec(flags));
      const path = flags.db ?? defaultDbPath();
      let completed = new Set<string>();
      let errored = new Set<string>();
      if (existsSync(path)) {
        const { store } = openStore(path);
        completed = store.completedKeys();
        errored = new Set(store.listTrials({ status: 'error' }).map((t) => t.key));
        store.close();
      }
      const counts = countByFamily(experiment.cells);
      const lines: string[] = [];
      lines.push(`preset ${flags.preset}: ${experiment.cells.length} cells per model${experiment.trials.some((t) => !experiment.cells.some((c) => c === t.cell)) ? ' (more for models with the peer-identity extension)' : ''}`);
      lines.push('');
      lines.push(`${'family'.padEnd(24)}${'cells'.padStart(7)}${'(memory)'.padStart(10)}`);
      for (const family of FAMILIES) {
        const c = counts.get(family)!;
        if (c.plain + c.memory === 0) continue;
        lines.push(`${family.padEnd(24)}${String(c.plain + c.memory).padStart(7)}${String(c.memory).padStart(10)}`);
      }
      lines.push(`${'total'.padEnd(24)}${String(experiment.cells.length).padStart(7)}`);
      lines.push('');
      const header = ['model', 'cells', 'complete', 'partial', 'new', 'trials', 'stored', 'errored', 'to run', 'cost'];
      const rows = planProgress(experiment.trials, completed, errored).map((p) => {
        const toRun = experiment.trials.filter((t) => t.model === p.model && !completed.has(t.key));
        const cost = projectCost(p.model, toRun);
        return [p.model, p.cells, p.completeCells, p.partialCells, p.newCells, p.trials, p.completedTrials, p.erroredTrials, toRun.length, cost === null ? '?' : `$${cost.toFixed(2)}`].map(String);
      });
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const render = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]! + 2))).join('');
      lines.push(render(header));
      for (const row of rows) lines.push(render(row));
      lines.push('');
      lines.push('Cost: projected for the trials still to run; "?" = no pricing known for the model (reference agents cost $0).');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
