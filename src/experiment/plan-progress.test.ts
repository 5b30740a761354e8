import assert from 'node:assert/strict';
import { DEFAULT_LOOP_POLICY } from '../harness/run-agent-loop.js';
import { test } from 'node:test';
import type { Cell } from '../records/cell.js';
import { planProgress } from './plan-progress.js';
import { planTrials } from './trial-plan.js';

test('plan progress counts complete, partly done and new cells and errored trials per model', () => {
  const cell = (dataset: Cell['dataset']): Cell => ({ family: 'tampering', subject: 'peer', relationship: 'good', instantiation: 'file', dataset, threshold: 80, monitoring: 'none', company: 'OpenBrain' });
  const settings = { harness: 'tools' as const, setup: { agentFamily: 'X', memoryPrompt: 'soft' as const, scratchpad: 'off' as const }, loop: DEFAULT_LOOP_POLICY, packHash: 'p' };
  const trials = planTrials([cell('factual'), cell('creativity'), cell('red')], [{ ref: 'a', settings }, { ref: 'b', settings }], 2);
  const of = (model: string, dataset: string) => trials.filter((t) => t.model === model && t.cell.dataset === dataset);
  const completed = new Set([...of('a', 'factual'), of('a', 'creativity')[0]!].map((t) => t.key));
  const errored = new Set([of('a', 'red')[1]!.key]);
  const [a, b] = planProgress(trials, completed, errored);
  assert.deepEqual(a, { model: 'a', cells: 3, trials: 6, completeCells: 1, partialCells: 2, newCells: 0, completedTrials: 3, erroredTrials: 1, newTrials: 2 });
  assert.deepEqual(b, { model: 'b', cells: 3, trials: 6, completeCells: 0, partialCells: 0, newCells: 3, completedTrials: 0, erroredTrials: 0, newTrials: 6 });
});

test('plan progress against an empty store reads no trial key (keys are hashed on first read)', () => {
  const cell: Cell = { family: 'tampering', subject: 'peer', relationship: 'good', instantiation: 'file', dataset: 'red', threshold: 80, monitoring: 'none', company: 'OpenBrain' };
  const settings = { harness: 'tools' as const, setup: { agentFamily: 'X', memoryPrompt: 'soft' as const, scratchpad: 'off' as const }, loop: DEFAULT_LOOP_POLICY, packHash: 'p' };
  const trials = planTrials([cell], [{ ref: 'a', settings }], 3).map((trial) => ({
    cell: trial.cell, cellId: trial.cellId, model: trial.model, epoch: trial.epoch, settings: trial.settings,
    get key(): string { throw new Error('key read'); },
  }));
  assert.deepEqual(planProgress(trials, new Set(), new Set())[0], { model: 'a', cells: 1, trials: 3, completeCells: 0, partialCells: 0, newCells: 1, completedTrials: 0, erroredTrials: 0, newTrials: 3 });
  assert.throws(() => planProgress(trials, new Set(['x']), new Set()), /key read/);
});
