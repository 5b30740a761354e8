import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildExperiment } from './build-experiment.js';
import { createEstimateCache, estimateTrialTokens } from './estimate-trial-tokens.js';

test('a shared estimate cache changes no estimate (every family, two agent families)', async () => {
  const experiment = buildExperiment({ models: ['gpt-5.2', 'claude-haiku-4.5'], preset: 'quick', epochs: 1, filter: {} }, {}, { lazyKeys: true });
  const cache = createEstimateCache();
  const families = new Set<string>();
  for (const settings of new Set(experiment.trials.map((t) => t.settings))) {
    for (const cell of experiment.cells) {
      families.add(cell.family);
      const plain = await estimateTrialTokens(experiment.pack, cell, settings);
      assert.deepEqual(await estimateTrialTokens(experiment.pack, cell, settings, cache), plain, `${cell.family} ${settings.setup.agentFamily}`);
      assert.deepEqual(await estimateTrialTokens(experiment.pack, cell, settings, cache), plain, 'and again, from the cache');
      assert.ok(plain.inputTokens > 0 && plain.calls > 2);
    }
  }
  assert.equal(families.size, 6);
});
