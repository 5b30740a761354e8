// runExperiment starts a worker's next trial as soon as the current one's model calls are over and scores the
// current one a moment later. These tests pin what that may and may not change: every trial is still saved and
// counted exactly once, records are the same, each worker has at most one trial waiting to be scored, and runs
// with a judge or a budget are not pipelined.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResolvedModel } from '../models/resolve-model.js';
import { createScriptedModel } from '../models/scripted-model.js';
import { SqliteResultStore } from '../store/sqlite-result-store.js';
import { buildExperiment } from './build-experiment.js';
import { runExperiment } from './run-experiment.js';
import { runTrial } from './run-trial.js';

/** The models with trial starts counted; `ahead()` is the most trials ever started and not yet finished. */
function counted(models: Map<string, ResolvedModel>): { models: Map<string, ResolvedModel>; onDone: (done: number) => void; ahead: () => number; started: () => number } {
  let started = 0;
  let done = 0;
  let most = 0;
  const wrapped = new Map([...models].map(([ref, model]) => [ref, {
    ...model,
    create: (context: Parameters<ResolvedModel['create']>[0]) => {
      started += 1;
      most = Math.max(most, started - done);
      return model.create(context);
    },
  }]));
  return { models: wrapped, onDone: (n) => { done = n; }, ahead: () => most, started: () => started };
}

test('pipelined trials: every trial saved and counted once, at most one waiting to be scored per worker', async () => {
  const experiment = buildExperiment({ models: ['reference:loyal', 'reference:exfiltrator'], preset: 'quick', epochs: 3, filter: {} });
  const total = experiment.trials.length;
  const count = counted(experiment.models);
  const store = SqliteResultStore.open(':memory:');
  store.createRun({ id: 'r', settings: {} });
  const concurrency = 3;
  const result = await runExperiment({ pack: experiment.pack, trials: experiment.trials, models: count.models, store, runId: 'r', concurrency, onProgress: (p) => count.onDone(p.done) });
  assert.equal(result.done, total);
  assert.equal(result.errors, 0);
  assert.equal(count.started(), total, 'no trial started twice');
  assert.deepEqual(store.completedKeys(), new Set(experiment.trials.map((t) => t.key)));
  assert.ok(count.ahead() > concurrency, `next trials started before the last ones were scored (at most ${count.ahead()} ahead)`);
  assert.ok(count.ahead() <= 2 * concurrency, `one trial in its episode and one waiting to be scored per worker (saw ${count.ahead()})`);
  store.close();
});

test('a trial is recorded the same whether or not it is scored after its caller moved on', async () => {
  const experiment = buildExperiment({ models: ['reference:loyal', 'reference:exfiltrator', 'reference:faithful'], preset: 'quick', epochs: 1, filter: {} });
  const now = () => new Date('2026-01-01T00:00:00Z');
  for (const trial of experiment.trials) {
    const model = experiment.models.get(trial.model)!;
    let notified = 0;
    const plain = await runTrial({ pack: experiment.pack, trial, model, runId: 'r', now });
    const early = await runTrial({ pack: experiment.pack, trial, model, runId: 'r', now, onAgentDone: () => { notified += 1; } });
    assert.equal(notified, 1, `${trial.key}: told once that its model calls are over`);
    assert.deepEqual({ ...early, durationMs: 0 }, { ...plain, durationMs: 0 }, trial.key);
  }
});

test('a failing trial under pipelining is an error record, counted, and the run goes on', async () => {
  const experiment = buildExperiment({ models: ['reference:faithful'], preset: 'quick', epochs: 4, filter: { family: ['tampering'] } });
  const failing: ResolvedModel = { ref: 'scripted:flaky', agentFamily: 'Atlas', provider: 'reference', create: (context) => createScriptedModel([{ calls: [{ name: 'list_files' }] }, { calls: [{ name: 'end_task' }] }], 'flaky', context.trialKey.endsWith('0') || context.trialKey.endsWith('8') ? { failAt: 1 } : {}) };
  const trials = experiment.trials.map((t) => ({ ...t, model: 'scripted:flaky' }));
  const expectedErrors = trials.filter((t) => t.key.endsWith('0') || t.key.endsWith('8')).length;
  assert.ok(expectedErrors > 0 && expectedErrors < trials.length, 'the plan has both kinds of trial');
  const store = SqliteResultStore.open(':memory:');
  store.createRun({ id: 'r', settings: {} });
  const result = await runExperiment({ pack: experiment.pack, trials, models: new Map([['scripted:flaky', failing]]), store, runId: 'r', concurrency: 2 });
  assert.equal(result.done, trials.length);
  assert.equal(result.errors, expectedErrors);
  assert.equal(store.completedKeys().size, trials.length - expectedErrors, 'errors are stored but not completed (they run again on retry)');
  store.close();
});

test('runs with a judge or a budget are not pipelined: a worker scores its trial before it starts the next', async () => {
  const experiment = buildExperiment({ models: ['reference:loyal'], preset: 'quick', epochs: 2, filter: {} });
  const concurrency = 2;
  const judged = counted(experiment.models);
  let assessed = 0;
  const store = SqliteResultStore.open(':memory:');
  store.createRun({ id: 'j', settings: {} });
  const withJudge = await runExperiment({
    pack: experiment.pack, trials: experiment.trials, models: judged.models, store, runId: 'j', concurrency,
    onProgress: (p) => judged.onDone(p.done),
    assess: async (record) => { assessed += 1; await new Promise((resolve) => setImmediate(resolve)); return record; },
  });
  assert.equal(withJudge.done, experiment.trials.length);
  assert.equal(assessed, experiment.trials.length);
  assert.ok(judged.ahead() <= concurrency, `with a judge, at most one trial per worker (saw ${judged.ahead()})`);

  const priced = new Map([...experiment.models].map(([ref, model]) => [ref, { ...model, price: { model: ref, input: 0, cachedInput: 0, output: 0, reasoning: 0, source: 'test' } }]));
  const budgeted = counted(priced);
  store.createRun({ id: 'b', settings: {} });
  const withBudget = await runExperiment({ pack: experiment.pack, trials: experiment.trials, models: budgeted.models, store, runId: 'b', concurrency, budgetUsd: 100, onProgress: (p) => budgeted.onDone(p.done) });
  assert.equal(withBudget.skipped, experiment.trials.length, 'the judged run already completed every trial');
  // Run the budgeted plan on a fresh store so it actually runs.
  const fresh = SqliteResultStore.open(':memory:');
  fresh.createRun({ id: 'b', settings: {} });
  const again = await runExperiment({ pack: experiment.pack, trials: experiment.trials, models: budgeted.models, store: fresh, runId: 'b', concurrency, budgetUsd: 100, onProgress: (p) => budgeted.onDone(p.done) });
  assert.equal(again.done, experiment.trials.length);
  assert.ok(budgeted.ahead() <= concurrency, `with a budget, at most one trial per worker (saw ${budgeted.ahead()})`);
  store.close();
  fresh.close();
});
