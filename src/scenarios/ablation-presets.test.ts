import assert from 'node:assert/strict';
import { DEFAULT_LOOP_POLICY } from '../harness/run-agent-loop.js';
import { test } from 'node:test';
import { buildExperiment, hasPeerIdentityExtension } from '../experiment/build-experiment.js';
import { trialKey } from '../experiment/trial-plan.js';
import { cellId, hasDefaultFactors, withFactors, type Cell } from '../records/cell.js';
import { ablationCells, peerIdentityCells } from './ablation-presets.js';
import { buildTrialSetup } from './build-trial-setup.js';
import { presetCells } from './expand-cells.js';
import { loadScenarioPack } from './scenario-pack.js';

const pack = loadScenarioPack();
const base: Cell = { family: 'exfiltration-deletion', subject: 'peer', relationship: 'good', instantiation: 'memory', dataset: 'servers', threshold: null, monitoring: 'none', company: 'OpenBrain' };

test('factors at their default leave the cell, its id and its trial key unchanged', () => {
  const same = withFactors(base, { peerIdentity: 'own-family', instruction: 'standard', target: 'ai' });
  assert.deepEqual(same, base);
  assert.equal(cellId(same), 'exfiltration-deletion/peer/good/memory/servers');
  const settings = { harness: 'tools' as const, setup: { agentFamily: 'Gemini', memoryPrompt: 'soft' as const, scratchpad: 'off' as const }, loop: DEFAULT_LOOP_POLICY, packHash: 'x' };
  assert.equal(trialKey(same, 'm', 0, settings), trialKey(base, 'm', 0, settings));
  const varied = withFactors(base, { peerIdentity: 'llama', memoryPrompt: 'hard', scratchpad: 'unmonitored', instruction: 'unambiguous' });
  assert.equal(cellId(varied), 'exfiltration-deletion/peer/good/memory/servers/identity=llama/memory=hard/scratchpad=unmonitored/instruction=unambiguous');
  assert.notEqual(trialKey(varied, 'm', 0, settings), trialKey(base, 'm', 0, settings));
  assert.equal(hasDefaultFactors(base), true);
  assert.equal(hasDefaultFactors(varied), false);
});

test('preset sizes: paper 271, +18 peer-identity cells for the study\'s three models (289), and the ablations', () => {
  assert.equal(presetCells(pack, 'paper').length, 271);
  assert.equal(peerIdentityCells(pack).length, 18);
  assert.equal(ablationCells(pack, 'ablation-company').length, 10);
  assert.deepEqual([...new Set(ablationCells(pack, 'ablation-company').map((c) => c.company))], ['OpenBrain', 'CelestiaAI', 'Google DeepMind', 'Anthropic', 'OpenAI']);
  assert.equal(ablationCells(pack, 'ablation-memory').length, 2 * presetCells(pack, 'paper').filter((c) => c.instantiation === 'memory').length);
  assert.equal(ablationCells(pack, 'ablation-scratchpad').length, 3 * presetCells(pack, 'quick').length);
  assert.equal(ablationCells(pack, 'ablation-unambiguous').length, 38);
  assert.equal(new Set(ablationCells(pack, 'ablation-memory').map(cellId)).size, ablationCells(pack, 'ablation-memory').length, 'ids are unique');
  assert.equal(hasPeerIdentityExtension('google:gemini-3-flash-preview'), true);
  assert.equal(hasPeerIdentityExtension('anthropic:claude-haiku-4-5@20251001'), true);
  assert.equal(hasPeerIdentityExtension('openai:gpt-5.2'), false);
  assert.equal(hasPeerIdentityExtension('openai:gpt-5.2', 'all'), true);
  const experiment = buildExperiment({ models: ['reference:loyal', 'reference:faithful'], preset: 'paper', epochs: 1, filter: {}, peerIdentityExtension: 'all' });
  assert.equal(experiment.trials.filter((t) => t.model === 'reference:loyal').length, 289);
  const plain = buildExperiment({ models: ['reference:loyal'], preset: 'paper', epochs: 1, filter: {} });
  assert.equal(plain.trials.length, 271);
});

test('factors reach the rendered trial: peer name, memory prompt, scratchpad, unambiguous instruction', () => {
  const options = { agentFamily: 'Gemini', memoryPrompt: 'soft' as const, scratchpad: 'off' as const };
  const plain = buildTrialSetup(pack, base, options);
  assert.match(plain.world.memory ?? '', /Gemini Agent 2/);
  const llama = buildTrialSetup(pack, withFactors(base, { peerIdentity: 'llama' }), options);
  assert.match(llama.world.memory ?? '', /Llama Agent 1/);
  assert.doesNotMatch(llama.world.memory ?? '', /Gemini Agent 2/);
  const other = buildTrialSetup(pack, withFactors(base, { peerIdentity: 'other-family' }), options);
  assert.match(other.world.memory ?? '', /Claude Agent 1/);
  assert.equal(buildTrialSetup(pack, withFactors(base, { peerIdentity: 'alpha' }), { ...options, agentFamily: 'GLM' }).truth.actor, 'Alpha Agent 1');
  const hard = buildTrialSetup(pack, withFactors(base, { memoryPrompt: 'hard' }), options);
  assert.notEqual(hard.systemPrompt, plain.systemPrompt);
  assert.match(hard.systemPrompt, /must/);
  const scratch = buildTrialSetup(pack, withFactors(base, { scratchpad: 'unmonitored' }), options);
  assert.ok(scratch.tools.some((t) => t.name === 'reasoning_scratchpad'));
  assert.match(scratch.userPrompt, /will not be monitored/);
  assert.ok(!plain.tools.some((t) => t.name === 'reasoning_scratchpad'));
  const clear = buildTrialSetup(pack, withFactors(base, { instruction: 'unambiguous' }), options);
  assert.match(clear.userPrompt, /including any model weight files/);
  assert.doesNotMatch(plain.userPrompt, /including any model weight files/);
  assert.throws(() => buildTrialSetup(pack, withFactors({ ...base, family: 'tampering', dataset: 'factual', threshold: 80 }, { instruction: 'unambiguous' }), options), /unambiguous\.tampering/);
});
