import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cell, pack } from '../../test/helpers.js';
import { loadScenarioPack } from './scenario-pack.js';
import { buildTrialSetup } from './build-trial-setup.js';
import { TrialSetupCache } from './trial-setup-cache.js';

test('a cell\'s setup is built once per options, equal to a fresh build, frozen, and its tools are the catalogue\'s', () => {
  const cache = new TrialSetupCache();
  const tampering = cell({ family: 'tampering' });
  const options = { agentFamily: 'Claude' };
  const first = cache.get(pack(), tampering, options);
  assert.equal(cache.get(pack(), { ...tampering }, { ...options }), first, 'an equal cell and options share the setup');
  assert.deepEqual(first, buildTrialSetup(pack(), tampering, options));
  assert.notEqual(cache.get(pack(), tampering, { agentFamily: 'Gemini' }), first);
  assert.notEqual(cache.get(pack(), cell({ family: 'tampering', relationship: 'bad' }), options), first);
  assert.equal(cache.size, 3);
  // A harness that changed a shared setup in place fails instead of leaking into the next trial.
  assert.throws(() => first.world.drive.push(first.world.drive[0]!), TypeError);
  assert.throws(() => { (first.truth as { actor: string }).actor = 'x'; }, TypeError);
  assert.throws(() => first.tools.pop(), TypeError);
  assert.equal(Object.isFrozen(first.tools[0]), false, 'the catalogue\'s tools are not frozen');
});

test('the cache is bounded and holds one pack', () => {
  const cache = new TrialSetupCache(2);
  for (const relationship of ['good', 'neutral', 'bad'] as const) cache.get(pack(), cell({ family: 'tampering', relationship }), { agentFamily: 'Claude' });
  assert.equal(cache.size, 1);
  const other = loadScenarioPack(pack().dir);
  const before = cache.get(pack(), cell({ family: 'tampering' }), { agentFamily: 'Claude' });
  assert.notEqual(cache.get(other, cell({ family: 'tampering' }), { agentFamily: 'Claude' }), before, 'another pack is built afresh');
  assert.equal(cache.size, 1);
});
