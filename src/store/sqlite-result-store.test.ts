import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { TrialRecord } from '../records/trial-record.js';
import { migrations } from './migrations/migrations.js';
import { describeResultStoreContract } from './result-store-contract.js';
import { sampleTrialRecord } from './sample-trial-record.js';
import { SqliteResultStore } from './sqlite-result-store.js';
import { StoreError } from './store-error.js';

function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'peerguard-store-'));
}

function isStoreError(code: string, pathInMessage?: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (pathInMessage !== undefined) assert.ok(error.message.includes(pathInMessage), error.message);
    return true;
  };
}

describeResultStoreContract('SqliteResultStore (file)', () => {
  const directory = temporaryDirectory();
  return {
    open: () => SqliteResultStore.open(join(directory, 'results.db')),
    dispose: () => rmSync(directory, { recursive: true, force: true }),
  };
});

describeResultStoreContract('SqliteResultStore (:memory:)', () => ({
  open: () => SqliteResultStore.open(':memory:'),
  dispose: () => {},
}));

describe('SqliteResultStore', () => {
  let directory: string;
  before(() => {
    directory = temporaryDirectory();
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('creates missing parent directories and uses WAL with a busy timeout', () => {
    const path = join(directory, 'nested', 'deeper', 'results.db');
    const store = SqliteResultStore.open(path, { busyTimeoutMs: 1234 });
    store.close();
    assert.ok(existsSync(path));
    const raw = new Database(path);
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(raw.pragma('user_version', { simple: true }), migrations.length);
    raw.close();
  });

  it('rejects a file of garbage bytes with E_STORE_CORRUPT naming the path', () => {
    const path = join(directory, 'garbage.db');
    writeFileSync(path, Buffer.from('this is certainly not a database, just some bytes '.repeat(200)));
    assert.throws(() => SqliteResultStore.open(path), isStoreError('E_STORE_CORRUPT', path));
  });

  it('rejects a file with a SQLite header but damaged pages with E_STORE_CORRUPT', () => {
    const path = join(directory, 'damaged.db');
    const header = Buffer.alloc(100);
    header.write('SQLite format 3\u0000', 0, 'latin1');
    const body = Buffer.alloc(8192, 0xab);
    writeFileSync(path, Buffer.concat([header, body]));
    assert.throws(() => SqliteResultStore.open(path), isStoreError('E_STORE_CORRUPT', path));
  });

  it('rejects a SQLite database that is not a peerguard store', () => {
    const path = join(directory, 'foreign.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE something (x INTEGER)');
    raw.pragma(`user_version = ${migrations.length}`);
    raw.close();
    assert.throws(() => SqliteResultStore.open(path), isStoreError('E_STORE_CORRUPT', path));
  });

  it('reports damage found after opening as E_STORE_CORRUPT naming the path', () => {
    const path = join(directory, 'damaged-later.db');
    const store = SqliteResultStore.open(path);
    store.saveTrials(Array.from({ length: 50 }, (_, index) => sampleTrialRecord(index, { transcriptBytes: 2000 })));
    store.close();
    // Keep the header and schema page, overwrite the data pages behind them.
    const bytes = readFileSync(path);
    bytes.fill(0x5a, 8192, bytes.length);
    writeFileSync(path, bytes);
    assert.throws(() => {
      const damaged = SqliteResultStore.open(path);
      try {
        damaged.aggregate();
        damaged.listTrials();
      } finally {
        damaged.close();
      }
    }, isStoreError('E_STORE_CORRUPT', path));
  });

  it('refuses a database from a newer peerguard with E_STORE_VERSION', () => {
    const path = join(directory, 'future.db');
    SqliteResultStore.open(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    assert.throws(() => SqliteResultStore.open(path), isStoreError('E_STORE_VERSION', path));
  });

  it('does not swallow a failing migration: the error surfaces and nothing is half-applied', () => {
    const path = join(directory, 'clash.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE findings (x INTEGER)');
    raw.close();
    assert.throws(() => SqliteResultStore.open(path), isStoreError('E_STORE_OPEN', path));
    const check = new Database(path);
    assert.equal(check.pragma('user_version', { simple: true }), 0);
    const tables = check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    assert.deepEqual(tables, ['findings']);
    check.close();
  });

  it('applies migrations once: reopening keeps the schema and the data', () => {
    const path = join(directory, 'reopen.db');
    const trial = sampleTrialRecord(7);
    const first = SqliteResultStore.open(path);
    first.saveTrial(trial);
    first.close();
    const schemaBefore = readSchema(path);
    for (let i = 0; i < 3; i += 1) {
      const again = SqliteResultStore.open(path);
      assert.deepEqual(again.getTrial(trial.key), trial);
      again.close();
    }
    assert.deepEqual(readSchema(path), schemaBefore);
  });

  it('writes a batch atomically: a bad record rolls back the whole batch', () => {
    const store = SqliteResultStore.open(join(directory, 'atomic.db'));
    const good = sampleTrialRecord(1);
    const bad = { ...sampleTrialRecord(2), status: 'exploded' } as unknown as TrialRecord;
    assert.throws(() => store.saveTrials([good, bad]));
    assert.equal(store.getTrial(good.key), null);
    assert.deepEqual(store.countByStatus(), { completed: 0, error: 0 });
    store.close();
  });

  it('stores transcripts gzip-compressed', () => {
    const path = join(directory, 'compressed.db');
    const store = SqliteResultStore.open(path);
    const trial = sampleTrialRecord(3, { transcriptBytes: 20_000 });
    store.saveTrial(trial);
    store.close();
    const raw = new Database(path, { readonly: true });
    const row = raw.prepare('SELECT transcript, transcript_encoding FROM trials').get() as {
      transcript: Buffer;
      transcript_encoding: string;
    };
    raw.close();
    assert.equal(row.transcript_encoding, 'gzip+json');
    assert.deepEqual([...row.transcript.subarray(0, 2)], [0x1f, 0x8b]);
    assert.ok(row.transcript.length < JSON.stringify(trial.transcript).length / 2);
  });

  it('lets a reader read committed data while another connection holds the write lock (WAL)', () => {
    const path = join(directory, 'wal.db');
    const store = SqliteResultStore.open(path);
    store.saveTrials([sampleTrialRecord(1), sampleTrialRecord(2)]);
    const writer = new Database(path);
    writer.exec('BEGIN IMMEDIATE');
    writer.exec('DELETE FROM trials');
    const reader = SqliteResultStore.open(path, { busyTimeoutMs: 50 });
    const started = Date.now();
    assert.equal(reader.completedKeys().size, 2, 'the reader sees the last committed state');
    assert.equal(reader.aggregate().length > 0, true);
    assert.ok(Date.now() - started < 1000, 'reading did not wait for the writer');
    assert.throws(() => reader.saveTrial(sampleTrialRecord(3)), /locked|busy/i);
    writer.exec('COMMIT');
    writer.close();
    assert.equal(reader.completedKeys().size, 0);
    reader.saveTrial(sampleTrialRecord(3));
    assert.equal(store.completedKeys().size, 1);
    reader.close();
    store.close();
  });

  it('serves a reader while a worker thread writes batches', async () => {
    const path = join(directory, 'concurrent.db');
    const reader = SqliteResultStore.open(path);
    const batches = 20;
    const batchSize = 25;
    const moduleUrl = new URL('./sqlite-result-store.js', import.meta.url).href;
    const sampleUrl = new URL('./sample-trial-record.js', import.meta.url).href;
    const worker = new Worker(
      `
      const { workerData, parentPort } = require('node:worker_threads');
      (async () => {
        const { SqliteResultStore } = await import(workerData.moduleUrl);
        const { sampleTrialRecord } = await import(workerData.sampleUrl);
        const store = SqliteResultStore.open(workerData.path);
        for (let b = 0; b < workerData.batches; b += 1) {
          const batch = [];
          for (let i = 0; i < workerData.batchSize; i += 1) batch.push(sampleTrialRecord(b * workerData.batchSize + i, { transcriptBytes: 5000 }));
          store.saveTrials(batch);
        }
        store.close();
        parentPort.postMessage('done');
      })().catch((error) => { throw error; });
      `,
      { eval: true, workerData: { path, moduleUrl, sampleUrl, batches, batchSize } },
    );
    let finished = false;
    const done = new Promise<void>((resolve, reject) => {
      worker.once('message', () => {
        finished = true;
        resolve();
      });
      worker.once('error', (error) => {
        finished = true;
        reject(error);
      });
    });
    const seen: number[] = [];
    while (!finished) {
      const count = reader.completedKeys().size;
      assert.equal(count % batchSize, 0, 'a reader never sees half a batch');
      seen.push(count);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await done;
    await worker.terminate();
    assert.ok(seen.every((count, index) => index === 0 || count >= (seen[index - 1] ?? 0)), 'counts only grow');
    assert.equal(reader.completedKeys().size, batches * batchSize);
    reader.close();
  });

  it('saves a run-sized bulk of realistic trials correctly (timing: store-throughput.bench.ts)', () => {
    const store = SqliteResultStore.open(join(directory, 'bulk.db'));
    const total = 1000;
    const records: TrialRecord[] = [];
    for (let i = 0; i < total; i += 1) records.push(sampleTrialRecord(i, { status: i % 10 === 9 ? 'error' : 'completed' }));
    for (let offset = 0; offset < total; offset += 100) store.saveTrials(records.slice(offset, offset + 100));
    // Saving again (a resumed run re-saving) must not duplicate anything.
    store.saveTrials(records.slice(0, 100));
    assert.deepEqual(store.countByStatus(), { completed: 900, error: 100 });
    assert.equal(store.completedKeys().size, 900);
    const rows = store.aggregate();
    const scorable = records
      .filter((trial) => trial.status === 'completed')
      .flatMap((trial) => trial.findings)
      .filter((finding) => finding.outcome !== 'unscorable').length;
    assert.equal(rows.reduce((sum, row) => sum + row.n, 0), scorable);
    assert.deepEqual(store.getTrial(records[500]?.key ?? ''), records[500]);
    store.close();
  });
});

function readSchema(path: string): unknown {
  const raw = new Database(path, { readonly: true });
  const schema = {
    version: raw.pragma('user_version', { simple: true }),
    objects: raw.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all(),
  };
  raw.close();
  return schema;
}
