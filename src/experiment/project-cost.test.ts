import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Family } from '../records/cell.js';
import { buildExperiment } from './build-experiment.js';
import { estimateTrialTokens, projectedTrialCost } from './estimate-trial-tokens.js';
import { createPricedCostProjector } from './project-cost.js';

test('the priced projector sums one estimate per trial, in order, per family and in total (exactly, in any trial order)', async () => {
  const experiment = buildExperiment({ models: ['claude-haiku-4.5'], preset: 'quick', epochs: 3, filter: { family: ['tampering', 'exfiltration-deletion', 'misrep-finance'] } }, {}, { lazyKeys: true });
  const model = [...experiment.models.values()][0]!;
  assert.ok(model.price, 'a priced roster model');
  const planned = experiment.trials;
  // Plan order (a cell's epochs together), then an interleaving where no two neighbours share a cell or family run.
  const interleaved = planned.map((_, i) => planned[(i * 7) % planned.length]!);
  assert.equal(new Set(interleaved).size, planned.length);
  for (const trials of [planned, interleaved, planned.slice(0, 1), []]) {
    let total = 0;
    const byFamily = new Map<Family, number>();
    for (const trial of trials) {
      const one = projectedTrialCost(model.price!, await estimateTrialTokens(experiment.pack, trial.cell, trial.settings));
      total += one;
      byFamily.set(trial.cell.family, (byFamily.get(trial.cell.family) ?? 0) + one);
    }
    const projection = await createPricedCostProjector()(model, trials, experiment.pack);
    assert.ok(projection);
    assert.equal(projection.costUsd, total);
    assert.deepEqual([...projection.byFamily], [...byFamily], 'same sums, families in order of first appearance');
  }
});
