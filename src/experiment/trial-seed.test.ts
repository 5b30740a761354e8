import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellId } from '../records/cell.js';
import { cell, pack } from '../../test/helpers.js';
import { createScriptedModel } from '../models/scripted-model.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import { DEFAULT_LOOP_POLICY } from '../harness/run-agent-loop.js';
import { runTrial } from './run-trial.js';
import { trialKey, type PlannedTrial, type TrialSettings } from './trial-plan.js';
import { trialSeed } from './trial-seed.js';

test('trial seeds are stable per trial and differ across trials and base seeds', () => {
  assert.equal(trialSeed(7, 'abc'), trialSeed(7, 'abc'));
  assert.notEqual(trialSeed(7, 'abc'), trialSeed(7, 'abd'));
  assert.notEqual(trialSeed(7, 'abc'), trialSeed(8, 'abc'));
  for (const key of ['a', 'b', 'c', 'd']) {
    const seed = trialSeed(1, key);
    assert.ok(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31);
  }
});

test('--seed reaches every model call of a trial as its derived seed; without it no seed is sent', async () => {
  const seen: Array<number | undefined> = [];
  const scripted = createScriptedModel([{ calls: [{ name: 'list_files' }] }, { calls: [{ name: 'end_task' }] }]);
  const spy = { ...scripted, doGenerate: (options: Parameters<typeof scripted.doGenerate>[0]) => { seen.push(options.seed); return scripted.doGenerate(options); } };
  const model: ResolvedModel = { ref: 'scripted:spy', agentFamily: 'Reference', create: () => spy };
  const c = cell({ family: 'tampering' });
  for (const seed of [undefined, 42]) {
    seen.length = 0;
    const settings: TrialSettings = { harness: 'tools', setup: { agentFamily: 'Reference', memoryPrompt: 'soft', scratchpad: 'off' }, loop: { ...DEFAULT_LOOP_POLICY, ...(seed === undefined ? {} : { seed }) }, packHash: 'test' };
    const key = trialKey(c, model.ref, 0, settings);
    const trial: PlannedTrial = { key, cell: c, cellId: cellId(c), model: model.ref, epoch: 0, settings };
    const record = await runTrial({ pack: pack(), trial, model, runId: 'seed' });
    assert.equal(record.status, 'completed', record.error ?? '');
    assert.deepEqual(seen, seed === undefined ? [undefined, undefined] : [trialSeed(42, key), trialSeed(42, key)]);
  }
});
