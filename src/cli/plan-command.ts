import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { buildExperiment } from '../experiment/build-experiment.js';
import { estimateTrialTokens, projectedTrialCost, type TrialTokenEstimate } from '../experiment/estimate-trial-tokens.js';
import type { Family } from '../records/cell.js';
import { FAMILIES } from '../records/cell.js';
import { countByFamily } from '../scenarios/expand-cells.js';
import { defaultDbPath, openStore } from './cli-context.js';
import { addExperimentOptions, experimentConnection, experimentSpec, type ExperimentFlags } from './experiment-options.js';

export function registerPlanCommand(program: Command): void {
  addExperimentOptions(program.command('plan'))
    .description('show the cells and trials a run would do, per family and model, and how many the database already holds')
    .option('--db <path>', 'SQLite database to check for completed trials (default .peerguard/peerguard.db)')
    .action(async (flags: ExperimentFlags & { db?: string }) => {
      const experiment = buildExperiment(experimentSpec(flags), experimentConnection(flags));
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
      lines.push(...(await projectCost(experiment, completed)));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

/**
 * The projected cost of the new trials per model, from a token estimate per family (see
 * estimate-trial-tokens.ts: the faithful agent's conversation length plus two calls, 150 output and 500
 * reasoning tokens a call) at the list prices of models/prices.yaml.
 */
async function projectCost(experiment: ReturnType<typeof buildExperiment>, completed: Set<string>): Promise<string[]> {
  const lines = ['Projected cost of the new trials (list prices; a rough estimate, see README "Providers, keys and cost"):'];
  const estimates = new Map<string, TrialTokenEstimate>();
  let total = 0;
  let unknown = false;
  for (const [ref, model] of experiment.models) {
    const trials = experiment.trials.filter((t) => t.model === ref && !completed.has(t.key));
    if (model.price === undefined || model.provider === 'reference') {
      lines.push(`  ${ref.padEnd(40)} $0.00 (reference agents make no API calls)`);
      continue;
    }
    if (model.price === null) {
      unknown = true;
      lines.push(`  ${ref.padEnd(40)} unknown (no price in models/prices.yaml)`);
      continue;
    }
    let cost = 0;
    const byFamily = new Map<Family, number>();
    for (const trial of trials) {
      const key = `${trial.cell.family}|${trial.cell.instantiation}|${JSON.stringify(trial.settings)}`;
      let estimate = estimates.get(key);
      if (!estimate) {
        estimate = await estimateTrialTokens(experiment.pack, trial.cell, trial.settings);
        estimates.set(key, estimate);
      }
      const one = projectedTrialCost(model.price, estimate);
      cost += one;
      byFamily.set(trial.cell.family, (byFamily.get(trial.cell.family) ?? 0) + one);
    }
    total += cost;
    lines.push(`  ${ref.padEnd(40)} $${cost.toFixed(2)} for ${trials.length} trial(s)${model.price.source.includes('unverified') ? ' (unverified prices)' : ''}`);
    for (const [family, value] of byFamily) lines.push(`    ${family.padEnd(38)} $${value.toFixed(2)}`);
  }
  lines.push(`  ${'total'.padEnd(40)} $${total.toFixed(2)}${unknown ? ' + unpriced models' : ''}`);
  return lines;
}
