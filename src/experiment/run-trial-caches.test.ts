import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConversationStartCache } from '../harness/conversation-start-cache.js';
import { TrialSetupCache } from '../scenarios/trial-setup-cache.js';
import { YamlOutputCache } from '../tools/yaml-output.js';
import { buildExperiment } from './build-experiment.js';
import { runTrial } from './run-trial.js';

test('the run\'s setup, conversation-start and YAML caches change no trial record (every family, several epochs and models)', async () => {
  const experiment = buildExperiment({ models: ['reference:loyal', 'reference:exfiltrator', 'reference:faithful'], preset: 'quick', epochs: 2, filter: {} });
  const setupCache = new TrialSetupCache();
  const yamlCache = new YamlOutputCache();
  const startCache = new ConversationStartCache();
  const now = () => new Date('2026-01-01T00:00:00Z');
  for (const trial of experiment.trials) {
    const model = experiment.models.get(trial.model)!;
    const plain = await runTrial({ pack: experiment.pack, trial, model, runId: 'r', now });
    const cached = await runTrial({ pack: experiment.pack, trial, model, runId: 'r', now, setupCache, yamlCache, startCache });
    assert.equal(cached.status, 'completed', `${trial.key}: ${cached.error ?? ''}`);
    assert.deepEqual({ ...cached, durationMs: 0 }, { ...plain, durationMs: 0 }, trial.key);
  }
  assert.ok(setupCache.size > 0 && setupCache.size < experiment.trials.length, 'setups were shared');
  assert.ok(yamlCache.size > 0, 'renderings were cached');
});
