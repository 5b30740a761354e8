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

test('lazy keys equal eager keys, are kept once hashed, and serialise with the trial', () => {
  const spec = { models: ['reference:faithful', 'reference:loyal'], preset: 'paper' as const, epochs: 2, filter: {}, peerIdentityExtension: 'all' as const };
  const eager = buildExperiment(spec);
  const lazy = buildExperiment(spec, {}, { lazyKeys: true });
  assert.equal(lazy.trials.length, eager.trials.length);
  lazy.trials.forEach((trial, i) => {
    const plain = eager.trials[i]!;
    assert.equal(trial.key, plain.key);
    assert.equal(trial.key, plain.key, 'the kept key reads the same');
    assert.deepEqual([trial.cellId, trial.model, trial.epoch, trial.settings, trial.cell], [plain.cellId, plain.model, plain.epoch, plain.settings, plain.cell]);
  });
  const trial = lazy.trials[1]!;
  assert.deepEqual(JSON.parse(JSON.stringify(trial)), JSON.parse(JSON.stringify(eager.trials[1])));
  assert.ok(Object.hasOwn(eager.trials[0]!, 'key'), 'eager trials carry the key as their own property (spread-safe)');
});
