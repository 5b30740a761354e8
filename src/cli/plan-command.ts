import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { buildExperiment } from '../experiment/build-experiment.js';
import { planProgress } from '../experiment/plan-progress.js';
import { createPricedCostProjector, type CostProjection, type CostProjector } from '../experiment/project-cost.js';
import type { PlannedTrial } from '../experiment/trial-plan.js';
import { FAMILIES } from '../records/cell.js';
import { countByFamily } from '../scenarios/expand-cells.js';
import { defaultDbPath, openStore } from './cli-context.js';
import { addExperimentOptions, experimentConnection, experimentSpec, type ExperimentFlags } from './experiment-options.js';

/**
 * `peerguard plan`. `createProjector` makes the cost hook for one invocation (default: list prices and the token
 * estimate of estimate-trial-tokens.ts; $0 for reference agents).
 */
export function registerPlanCommand(program: Command, createProjector: () => CostProjector = createPricedCostProjector): void {
  addExperimentOptions(program.command('plan'))
    .description('show the cells and trials a run would do, per family and model, and how many are complete, partly done or new in the database')
    .option('--db <path>', 'SQLite database to check for completed trials (default .peerguard/peerguard.db)')
    .action(async (flags: ExperimentFlags & { db?: string }) => {
      // Keys are hashed only if read: against a store without trials, never (trials are not copied here).
      const experiment = buildExperiment(experimentSpec(flags), experimentConnection(flags), { lazyKeys: true });
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
      const shared = new Set(experiment.cells);
      lines.push(`preset ${flags.preset}: ${experiment.cells.length} cells per model${experiment.trials.some((t) => !shared.has(t.cell)) ? ' (more for models with the peer-identity extension)' : ''}`);
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
      const projectCost = createProjector();
      const projections = new Map<string, { trials: number; projection: CostProjection | null }>();
      const rows: string[][] = [];
      // Each model's trials still to run, in plan order; keys are read only when the store holds completed trials.
      const toRunByModel = new Map<string, PlannedTrial[]>();
      for (const trial of experiment.trials) {
        if (completed.size > 0 && completed.has(trial.key)) continue;
        let list = toRunByModel.get(trial.model);
        if (list === undefined) toRunByModel.set(trial.model, (list = []));
        list.push(trial);
      }
      for (const p of planProgress(experiment.trials, completed, errored)) {
        const toRun = toRunByModel.get(p.model) ?? [];
        const model = experiment.models.get(p.model);
        const projection = model === undefined ? null : await projectCost(model, toRun, experiment.pack);
        projections.set(p.model, { trials: toRun.length, projection });
        rows.push([p.model, p.cells, p.completeCells, p.partialCells, p.newCells, p.trials, p.completedTrials, p.erroredTrials, toRun.length, projection === null ? '?' : `$${projection.costUsd.toFixed(2)}`].map(String));
      }
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const render = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]! + 2))).join('');
      lines.push(render(header));
      for (const row of rows) lines.push(render(row));
      lines.push('');
      lines.push('Cost: projected for the trials still to run; "?" = no pricing known for the model (reference agents cost $0).');
      lines.push('');
      lines.push(...costLines(experiment, projections));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

/**
 * The projected cost of the trials still to run per model and family, from a token estimate per cell (see
 * estimate-trial-tokens.ts: the faithful agent's conversation length plus two calls, 150 output and 500
 * reasoning tokens a call) at the list prices of models/prices.yaml.
 */
function costLines(
  experiment: ReturnType<typeof buildExperiment>,
  projections: ReadonlyMap<string, { trials: number; projection: CostProjection | null }>,
): string[] {
  const lines = ['Projected cost of the new trials (list prices; a rough estimate, see README "Providers, keys and cost"):'];
  let total = 0;
  let unknown = false;
  for (const [ref, model] of experiment.models) {
    const entry = projections.get(ref);
    if (entry === undefined) continue;
    const { trials, projection } = entry;
    if (model.price === undefined || (model.provider ?? 'reference') === 'reference') {
      lines.push(`  ${ref.padEnd(40)} $0.00 (reference agents make no API calls)`);
      continue;
    }
    if (projection === null) {
      unknown = true;
      lines.push(`  ${ref.padEnd(40)} unknown (no price in models/prices.yaml)`);
      continue;
    }
    total += projection.costUsd;
    lines.push(`  ${ref.padEnd(40)} $${projection.costUsd.toFixed(2)} for ${trials} trial(s)${projection.unverified ? ' (unverified prices)' : ''}`);
    for (const [family, value] of projection.byFamily) lines.push(`    ${family.padEnd(38)} $${value.toFixed(2)}`);
  }
  lines.push(`  ${'total'.padEnd(40)} $${total.toFixed(2)}${unknown ? ' + unpriced models' : ''}`);
  return lines;
}
