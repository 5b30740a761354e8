import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildExperiment } from './build-experiment.js';
import { planTrials, trialKey } from './trial-plan.js';

test('planTrials keys equal trialKey for every trial (ablation factors, interview, several models and epochs)', () => {
  const experiment = buildExperiment({ models: ['reference:loyal', 'reference:faithful'], preset: 'paper', epochs: 3, filter: {}, peerIdentityExtension: 'all' });
  assert.ok(experiment.trials.length > 100);
  for (const trial of experiment.trials) assert.equal(trial.key, trialKey(trial.cell, trial.model, trial.epoch, trial.settings));
  const cell = { ...experiment.trials[0]!.cell, memoryPrompt: 'hard' as const, scratchpad: 'monitored' as const };
  const settings = { ...experiment.trials[0]!.settings, interview: true as const };
  const [planned] = planTrials([cell], [{ ref: 'openai-compatible:"odd\\name', settings }], 1);
  assert.equal(planned!.key, trialKey(cell, 'openai-compatible:"odd\\name', 0, settings));
  assert.notEqual(planned!.key, trialKey(cell, 'openai-compatible:"odd\\name', 1, settings));
});
