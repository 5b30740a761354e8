import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { withFactors } from '../records/cell.js';
import { applyMigrations, type Migration } from './migration.js';
import { migration001Initial } from './migrations/001-initial.js';
import { migration002CostsAndCache } from './migrations/002-costs-and-cache.js';
import { migration003FindingRevisions } from './migrations/003-finding-revisions.js';
import { migration004CellFactors } from './migrations/004-cell-factors.js';
import { migrations } from './migrations/migrations.js';
import { sampleTrialRecord } from './sample-trial-record.js';
import { SqliteResultStore } from './sqlite-result-store.js';
import { StoreError } from './store-error.js';
import { TRIAL_COLUMNS, toFindingRows, toTrialRows } from './trial-row.js';

function withTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'peerguard-migration-order-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tableColumns(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT name FROM pragma_table_info('trials')").pluck().all() as string[];
  } finally {
    db.close();
  }
}

describe('merged migrations 001–005', () => {
  it('are the real ones, in order: initial, costs-and-cache (main), finding-revisions (main), cell-factors (design), report-counts (report), paper-imports-and-labels (importer), trial-harness (clis2), report-indexes (storeperf), sampling-index', () => {
    assert.deepEqual(migrations.map((m) => [m.version, m.name]), [[1, 'initial'], [2, 'costs-and-cache'], [3, 'finding-revisions'], [4, 'cell-factors'], [5, 'report-counts'], [6, 'paper-imports-and-labels'], [7, 'trial-harness'], [8, 'report-indexes'], [9, 'sampling-index']]);
  });

  it('a new store\'s trials table has exactly TRIAL_COLUMNS, in order: 001 columns, cost_usd, then the 004 factors', () => {
    withTempDir((dir) => {
      const path = join(dir, 'new.db');
      SqliteResultStore.open(path).close();
      const columns = tableColumns(path);
      assert.deepEqual(columns, [...TRIAL_COLUMNS]);
      assert.equal(columns.indexOf('cost_usd') + 1, columns.indexOf('peer_identity'));
    });
  });

  it('a store migrated from schema 2 (main, with costs) keeps the column order, its cost, and reads default factors', () => {
    withTempDir((dir) => {
      const path = join(dir, 'v2.db');
      const record = { ...sampleTrialRecord(3, { findingCount: 4 }), costUsd: 0.125 };
      const db = new Database(path);
      applyMigrations(db, [migration001Initial, migration002CostsAndCache], path);
      // Schema 2 wrote the 001 columns then cost_usd, positionally.
      const values = toTrialRows(record).trial.slice(0, (db.prepare('PRAGMA table_info(trials)').all() as unknown[]).length);
      assert.equal(values.at(-1), 0.125);
      db.prepare(`INSERT INTO trials VALUES (${values.map(() => '?').join(', ')})`).run(...values);
      const insert = db.prepare('INSERT INTO findings (trial_key, position, verdict, outcome, value, method, reason, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      for (const [key, , position, verdict, outcome, value, method, reason, evidence] of toFindingRows(record.key, 1, record.findings)) {
        insert.run(key, position, verdict, outcome, value, method, reason, evidence);
      }
      db.close();

      const store = SqliteResultStore.open(path);
      try {
        const back = store.getTrial(record.key);
        assert.equal(back?.costUsd, 0.125);
        assert.deepEqual(back?.cell, record.cell);
        assert.deepEqual(back?.findings, record.findings);
        // A new record with non-default factors lands in the right columns of the migrated table.
        const varied = sampleTrialRecord(4, { cell: withFactors(sampleTrialRecord(4).cell, { peerIdentity: 'llama', target: 'ai', instruction: 'unambiguous' }) });
        store.saveTrial({ ...varied, costUsd: null });
        const again = store.getTrial(varied.key);
        assert.deepEqual(again?.cell, varied.cell);
        assert.equal(again?.costUsd, null);
      } finally {
        store.close();
      }
      assert.deepEqual(tableColumns(path), [...TRIAL_COLUMNS]);
    });
  });

  it('refuses a store made with the design branch\'s old placeholder migrations 002/003, saying how to recover', () => {
    withTempDir((dir) => {
      const path = join(dir, 'placeholder.db');
      const placeholder = (version: number): Migration => ({ version, name: `reserved-${version}`, up() {} });
      const db = new Database(path);
      applyMigrations(db, [migration001Initial, placeholder(2), placeholder(3), migration004CellFactors], path);
      db.close();
      assert.throws(() => SqliteResultStore.open(path), (error: unknown) => {
        assert.ok(error instanceof StoreError);
        assert.equal(error.code, 'E_STORE_VERSION');
        assert.match(error.message, /placeholder migrations/);
        assert.match(error.message, /trials\.cost_usd/);
        assert.match(error.message, /finding_revisions/);
        return true;
      });
    });
  });

  it('refuses a store made with the report branch\'s old placeholder migrations 002–004, saying how to recover', () => {
    withTempDir((dir) => {
      const path = join(dir, 'report-placeholder.db');
      const placeholder = (version: number): Migration => ({ version, name: `reserved-${version}`, up() {} });
      // The report branch's pre-merge schema 5: report_counts over the 001 columns only.
      const oldReportCounts: Migration = { version: 5, name: 'report-counts', up: (db) => db.exec('CREATE TABLE report_counts (model TEXT NOT NULL)') };
      const db = new Database(path);
      applyMigrations(db, [migration001Initial, placeholder(2), placeholder(3), placeholder(4), oldReportCounts], path);
      db.close();
      assert.throws(() => SqliteResultStore.open(path), (error: unknown) => {
        assert.ok(error instanceof StoreError);
        assert.equal(error.code, 'E_STORE_VERSION');
        assert.match(error.message, /placeholder migrations/);
        assert.match(error.message, /trials\.cost_usd/);
        assert.match(error.message, /trials\.peer_identity/);
        return true;
      });
    });
  });

  it('a store at schema 3 (main) migrates to the current schema with its revisions intact', () => {
    withTempDir((dir) => {
      const path = join(dir, 'v3.db');
      const db = new Database(path);
      applyMigrations(db, [migration001Initial, migration002CostsAndCache, migration003FindingRevisions], path);
      db.close();
      const store = SqliteResultStore.open(path);
      const record = sampleTrialRecord(9, { findingCount: 3 });
      store.saveTrial(record);
      assert.equal(store.findingRevisions(record.key).length, 1);
      store.close();
      const check = new Database(path, { readonly: true });
      assert.equal(check.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
      check.close();
    });
  });
});
