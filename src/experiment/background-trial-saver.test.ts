import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../../test/helpers.js';
import type { TrialRecord } from '../records/trial-record.js';
import { SqliteResultStore } from '../store/sqlite-result-store.js';
import { BackgroundTrialSaver, type TrialSaver } from './background-trial-saver.js';
import { buildExperiment } from './build-experiment.js';
import { runExperiment } from './run-experiment.js';

const experiment = () => buildExperiment({ models: ['reference:loyal', 'reference:exfiltrator'], preset: 'quick', epochs: 3, filter: { family: ['exfiltration-deletion', 'tampering'] } });

function keyCounts(db: string): Array<{ key: string; n: number }> {
  const sqlite = new Database(db, { readonly: true });
  const rows = sqlite.prepare('select key, count(*) as n from trials group by key').all() as Array<{ key: string; n: number }>;
  sqlite.close();
  return rows;
}

test('a run saved by the background thread stores every trial once, readable through the run\'s own connection', async () => {
  const plan = experiment();
  const db = join(tempDir(), 'background.db');
  const store = SqliteResultStore.open(db);
  store.createRun({ id: 'bg', settings: {} });
  const saver = BackgroundTrialSaver.open(db);
  const result = await runExperiment({ pack: plan.pack, trials: plan.trials, models: plan.models, store, runId: 'bg', concurrency: 8, saver, flushIntervalMs: 1 });
  assert.equal(result.done, plan.trials.length);
  // runExperiment returned only after every batch was committed.
  assert.equal(store.completedKeys().size, plan.trials.length);
  const one = store.getTrial(plan.trials[0]!.key);
  assert.ok(one && one.transcript.events.length > 0 && one.findings.length > 0, 'transcript and findings round-trip');
  await saver.close();
  await assert.rejects(saver.save([]), /closed/);
  store.close();
  const rows = keyCounts(db);
  assert.equal(rows.length, plan.trials.length);
  assert.ok(rows.every((r) => r.n === 1));
});

test('a batch the thread cannot save is a typed error; nothing of it is stored', async () => {
  const plan = experiment();
  const db = join(tempDir(), 'refuse.db');
  const store = SqliteResultStore.open(db);
  store.createRun({ id: 'r', settings: {} });
  const saver = BackgroundTrialSaver.open(db);
  const first = await runExperiment({ pack: plan.pack, trials: plan.trials.slice(0, 2), models: plan.models, store, runId: 'r', concurrency: 1 });
  assert.equal(first.done, 2);
  const record = store.getTrial(plan.trials[0]!.key)!;
  // A record without a transcript cannot be encoded: the whole batch (with a valid trial in it) is refused.
  const bad = { ...record, key: 'f'.repeat(64), transcript: undefined } as unknown as TrialRecord;
  const other = store.getTrial(plan.trials[1]!.key)!;
  try {
    await assert.rejects(saver.save([{ ...other, key: 'e'.repeat(64) }, bad]), (error: Error & { code?: string }) => error.code === 'E_STORE_FULL' && error.message.length > 0);
    // The thread goes on saving later batches.
    await saver.save([{ ...other, key: 'd'.repeat(64) }]);
  } finally {
    await saver.close();
  }
  assert.equal(store.getTrial('d'.repeat(64))?.key, 'd'.repeat(64));
  await saver.close();
  assert.equal(store.getTrial('e'.repeat(64)), null, 'all or nothing');
  store.close();
});

test('a failed background save is tried again; if it keeps failing the run says how many trials are unsaved', async () => {
  const plan = experiment();
  const db = join(tempDir(), 'flaky.db');
  const store = SqliteResultStore.open(db);
  store.createRun({ id: 'f', settings: {} });
  let calls = 0;
  const flaky: TrialSaver = {
    save: async (records) => {
      calls += 1;
      if (calls === 1) throw new Error('disk full (once)');
      store.saveTrials(records);
    },
  };
  const result = await runExperiment({ pack: plan.pack, trials: plan.trials, models: plan.models, store, runId: 'f', concurrency: 4, saver: flaky, flushIntervalMs: 1 });
  assert.equal(result.done, plan.trials.length);
  assert.equal(store.completedKeys().size, plan.trials.length, 'the failed batch was saved by a later flush');

  const broken: TrialSaver = { save: async () => { throw Object.assign(new Error('read-only database'), { code: 'E_STORE_READONLY' }); } };
  const fresh = experiment().trials.map((t) => ({ ...t, key: `x${t.key.slice(1)}` }));
  await assert.rejects(
    runExperiment({ pack: plan.pack, trials: fresh, models: plan.models, store, runId: 'f', concurrency: 2, saver: broken }),
    (error: Error) => /read-only database; \d+ finished trial\(s\) of this run could not be saved/.test(error.message),
  );
  store.close();
});
