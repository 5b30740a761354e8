import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../../test/helpers.js';
import { SqliteResultStore } from '../store/sqlite-result-store.js';
import { buildExperiment } from './build-experiment.js';
import { runExperiment } from './run-experiment.js';

test('an interrupted run resumes: every trial key stored exactly once, nothing lost', async () => {
  const experiment = buildExperiment({ models: ['reference:loyal', 'reference:exfiltrator'], preset: 'quick', epochs: 4, filter: { family: ['exfiltration-deletion', 'misrep-finance'] } });
  const total = experiment.trials.length;
  const db = join(tempDir(), 'resume.db');
  const store = SqliteResultStore.open(db);
  store.createRun({ id: 'first', settings: {} });
  const controller = new AbortController();
  const first = await runExperiment({
    pack: experiment.pack, trials: experiment.trials, models: experiment.models, store, runId: 'first', concurrency: 4, signal: controller.signal,
    onProgress: (p) => { if (p.done === 37) controller.abort(); },
  });
  assert.equal(first.interrupted, true);
  assert.ok(first.done >= 37 && first.done < total, `stopped early (${first.done}/${total})`);
  assert.equal(store.completedKeys().size, first.done, 'every finished trial was saved before returning');
  store.close();

  const reopened = SqliteResultStore.open(db);
  reopened.createRun({ id: 'second', settings: {} });
  const second = await runExperiment({ pack: experiment.pack, trials: experiment.trials, models: experiment.models, store: reopened, runId: 'second', concurrency: 4 });
  assert.equal(second.skipped, first.done);
  assert.equal(second.done, total - first.done);
  assert.equal(second.interrupted, false);
  reopened.close();

  const sqlite = new Database(db, { readonly: true });
  const rows = sqlite.prepare('select key, count(*) as n from trials group by key').all() as Array<{ key: string; n: number }>;
  sqlite.close();
  assert.equal(rows.length, total);
  assert.ok(rows.every((r) => r.n === 1));
  assert.deepEqual(new Set(rows.map((r) => r.key)), new Set(experiment.trials.map((t) => t.key)));
});

test('trial keys are content hashes: stable across plans, distinct across epochs, models and settings', () => {
  const a = buildExperiment({ models: ['reference:faithful'], preset: 'quick', epochs: 2, filter: { family: ['tampering'] } });
  const b = buildExperiment({ models: ['reference:faithful'], preset: 'quick', epochs: 2, filter: { family: ['tampering'] } });
  assert.deepEqual(a.trials.map((t) => t.key), b.trials.map((t) => t.key));
  assert.equal(new Set(a.trials.map((t) => t.key)).size, a.trials.length);
  const c = buildExperiment({ models: ['reference:faithful'], preset: 'quick', epochs: 2, filter: { family: ['tampering'] }, loop: { maxIterations: 10 } });
  assert.equal(a.trials.some((t) => c.trials.some((u) => u.key === t.key)), false, 'a different loop policy is a different trial');
});

test('--budget stops scheduling once the run has spent it; an unpriced model cannot run under a budget', async () => {
  const { createScriptedModel } = await import('../models/scripted-model.js');
  const experiment = buildExperiment({ models: ['reference:faithful'], preset: 'quick', epochs: 5, filter: { family: ['tampering'], relationship: ['good'], subject: ['peer'], instantiation: ['file'] } });
  const trials = experiment.trials.map((t) => ({ ...t, model: 'scripted:paid' }));
  const price = { model: 'scripted:paid', input: 1000, cachedInput: 0, output: 0, reasoning: 0, source: 'test' };
  // Each trial: two calls of 1,000 input tokens at $1,000 per million = $2.
  const paid = { ref: 'scripted:paid', agentFamily: 'Atlas', provider: 'scripted', price, create: () => createScriptedModel([{ calls: [{ name: 'list_files' }], usage: { inputTokens: 1000, outputTokens: 0 } }, { calls: [{ name: 'end_task' }], usage: { inputTokens: 1000, outputTokens: 0 } }]) };
  const store = SqliteResultStore.open(':memory:');
  const result = await runExperiment({ pack: experiment.pack, trials, models: new Map([['scripted:paid', paid]]), store, runId: 'budget', concurrency: 1, budgetUsd: 5 });
  assert.equal(result.budgetExhausted, true);
  assert.equal(result.done, 3, '$2, $4 are under $5; the third trial takes it to $6 and nothing more is scheduled');
  assert.equal(result.costUsd, 6);
  assert.deepEqual(store.costTotals(), [{ model: 'scripted:paid', trials: 3, costUsd: 6, unpriced: 0 }]);
  await assert.rejects(
    runExperiment({ pack: experiment.pack, trials, models: new Map([['scripted:paid', { ...paid, price: null }]]), store, runId: 'budget-2', concurrency: 1, budgetUsd: 5 }),
    /--budget needs a price for every model; no price for: scripted:paid/,
  );
  store.close();
});
