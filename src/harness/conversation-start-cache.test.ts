import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildExperiment } from '../experiment/build-experiment.js';
import { TrialSetupCache } from '../scenarios/trial-setup-cache.js';
import { buildConversationStart, ConversationStartCache } from './conversation-start-cache.js';

const experiment = buildExperiment({ models: ['reference:faithful'], preset: 'quick', epochs: 1, filter: {} });
const setups = new TrialSetupCache();
const setupOf = (index: number) => {
  const trial = experiment.trials[index]!;
  return setups.get(experiment.pack, trial.cell, trial.settings.setup);
};

test('a conversation start is shared per setup, equal to a fresh one, and frozen all the way down', () => {
  const cache = new ConversationStartCache();
  const setup = setupOf(0);
  const start = cache.get(setup);
  assert.equal(cache.get(setup), start, 'the same setup gives the same objects');
  assert.deepEqual(start, buildConversationStart(setup));
  assert.equal(start.offered.length, setup.tools.length);
  assert.equal(start.opening[0].role, 'system');
  assert.equal(start.opening[0].content, setup.systemPrompt);
  assert.ok(Object.isFrozen(start.offered) && Object.isFrozen(start.offered[0]!.inputSchema) && Object.isFrozen(start.opening[1]));
  assert.throws(() => start.offered.push(start.offered[0]!), TypeError);
  assert.throws(() => { (start.opening[0] as { content: string }).content = 'changed'; }, TypeError);
});

test('different setups get their own starts; a fresh build is never shared', () => {
  const cache = new ConversationStartCache();
  const other = experiment.trials.findIndex((t) => t.cell.family !== experiment.trials[0]!.cell.family);
  assert.ok(other > 0, 'the quick preset has a second family');
  const a = cache.get(setupOf(0));
  const b = cache.get(setupOf(other));
  assert.notEqual(a, b);
  assert.notDeepEqual(a.opening[1], b.opening[1], "the user prompts differ");
  assert.notEqual(buildConversationStart(setupOf(0)).offered, buildConversationStart(setupOf(0)).offered);
});
