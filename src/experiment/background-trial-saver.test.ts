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

test('saving that fails twice in a row stops the run early; if the last save works it still says so, and resume finishes', async () => {
  const plan = experiment();
  const db = join(tempDir(), 'twice.db');
  const store = SqliteResultStore.open(db);
  store.createRun({ id: 't', settings: {} });
  // Like the real thread, batches are handled one at a time, in order. The two failures come at once; a save that
  // works takes a while (a slow disk), so the run sees the second failure before a later save can succeed.
  let calls = 0;
  let queue: Promise<void> = Promise.resolve();
  const twice: TrialSaver = {
    save: (records) => {
      const call = ++calls;
      const saving = queue.then(async () => {
        if (call <= 2) throw Object.assign(new Error('disk full (twice)'), { code: 'E_STORE_FULL' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        store.saveTrials(records);
      });
      queue = saving.catch(() => undefined);
      return saving;
    },
  };
  let thrown: Error | undefined;
  try {
    await runExperiment({ pack: plan.pack, trials: plan.trials, models: plan.models, store, runId: 't', concurrency: 4, saver: twice, flushIntervalMs: 0 });
  } catch (error) {
    thrown = error as Error;
  }
  assert.ok(thrown, 'a run stopped by failed saves must not look complete');
  assert.equal((thrown as Error & { code?: string }).code, 'E_STORE_FULL');
  const match = /disk full \(twice\); saving failed twice in a row, so the run stopped early: every finished trial is saved, (\d+) trial\(s\) not started/.exec(thrown.message);
  assert.ok(match, thrown.message);
  const saved = store.completedKeys().size;
  assert.equal(saved + Number(match[1]), plan.trials.length, 'saved + not started = all');
  assert.ok(saved < plan.trials.length);

  const resumed = await runExperiment({ pack: plan.pack, trials: plan.trials, models: plan.models, store, runId: 't', concurrency: 4 });
  assert.equal(resumed.skipped, saved);
  assert.equal(store.completedKeys().size, plan.trials.length);
  store.close();
  assert.ok(keyCounts(db).every((r) => r.n === 1));
});

test('without a background thread, one failed save is retried by the next flush and the run completes', async () => {
  const plan = experiment();
  const store = SqliteResultStore.open(':memory:');
  store.createRun({ id: 's', settings: {} });
  const save = store.saveTrials.bind(store);
  let calls = 0;
  store.saveTrials = (records) => {
    calls += 1;
    if (calls === 1) throw new Error('database is locked (once)');
    save(records);
  };
  const result = await runExperiment({ pack: plan.pack, trials: plan.trials, models: plan.models, store, runId: 's', concurrency: 4, flushIntervalMs: 1 });
  assert.ok(calls >= 2);
  assert.equal(result.done, plan.trials.length);
  assert.equal(store.completedKeys().size, plan.trials.length);
  store.close();
});
