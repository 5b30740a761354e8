import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { aggregateFromFindings } from './aggregate-from-findings.js';
import { migrations } from './migrations/migrations.js';
import { readCostTotals } from './read-cost-totals.js';
import { sampleTrialRecord } from './sample-trial-record.js';
import { SqliteResultStore } from './sqlite-result-store.js';
import { SAMPLE_KEYS_SQL, SqliteTrialBrowser } from './sqlite-trial-browser.js';

const MODELS = ['reference:a', 'openai:b'];

function record(index: number) {
  return {
    ...sampleTrialRecord(index, { transcriptBytes: 3000, status: index % 7 === 6 ? 'error' : 'completed', model: MODELS[index % 2] ?? 'reference:a' }),
    costUsd: index % 5 === 4 ? null : index / 1000,
  };
}

function indexNames(db: Database.Database, table: string): string[] {
  return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").pluck().all(table) as string[];
}

function triggerNames(db: Database.Database): string[] {
  return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").pluck().all() as string[];
}

/** The plan of a query, one detail line each. */
function plan(db: Database.Database, sql: string): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((row) => row.detail);
}

/**
 * Makes `path` a schema-7 store with data: written by the current code, then taken back to schema 7 exactly (schemas 8
 * and 9 only add and drop indexes, so this is schema 7's shape).
 */
function schema7Store(path: string, trials: number): void {
  const store = SqliteResultStore.open(path);
  store.saveTrials(Array.from({ length: trials }, (_, i) => record(i)));
  store.close();
  const db = new Database(path);
  db.exec(`
    DROP INDEX trials_by_model_cell;
    DROP INDEX findings_by_trial_verdict;
    CREATE INDEX trials_by_cell_id ON trials (model, cell_id);
    DROP INDEX trials_sampling;
    CREATE INDEX trials_by_model_family ON trials (model, family);
  `);
  db.pragma('user_version = 7');
  db.close();
}

function withTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'peerguard-report-indexes-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('migration 008 (report indexes)', () => {
  it('is migration 8', () => {
    assert.deepEqual(migrations.filter((m) => m.version === 8).map((m) => m.name), ['report-indexes']);
  });

  it('upgrades a schema-7 store: data unchanged, covering indexes created, schema 4\'s prefix index dropped, triggers kept', () => {
    withTempDir((dir) => {
      const path = join(dir, 'v7.db');
      schema7Store(path, 60);
      const before = new Database(path, { readonly: true });
      const triggers = triggerNames(before);
      assert.equal(triggers.length, 7, 'schema 7 has the report_counts triggers');
      assert.ok(indexNames(before, 'trials').includes('trials_by_cell_id'));
      const dump = (db: Database.Database) => ({
        trials: db.prepare('SELECT * FROM trials ORDER BY key').all(),
        findings: db.prepare('SELECT * FROM findings ORDER BY trial_key, position').all(),
        counts: db.prepare('SELECT * FROM report_counts ORDER BY model, family, subject, relationship, instantiation, dataset, threshold_key, monitoring, harness, verdict').all(),
      });
      const data = dump(before);
      before.close();

      SqliteResultStore.open(path).close();

      const after = new Database(path, { readonly: true });
      try {
        assert.equal(after.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
        assert.deepEqual(dump(after), data);
        assert.deepEqual(triggerNames(after), triggers);
        const trialIndexes = indexNames(after, 'trials');
        assert.ok(trialIndexes.includes('trials_by_model_cell'));
        assert.ok(!trialIndexes.includes('trials_by_cell_id'));
        // Schema 9: the sampling index replaces its prefix (model, family).
        assert.ok(trialIndexes.includes('trials_sampling'));
        assert.ok(!trialIndexes.includes('trials_by_model_family'));
        assert.ok(indexNames(after, 'findings').includes('findings_by_trial_verdict'));
        assert.equal(after.pragma('integrity_check', { simple: true }), 'ok');
      } finally {
        after.close();
      }
    });
  });

  it('keeps report_counts maintained after the upgrade: new, replaced and rescored trials are counted', () => {
    withTempDir((dir) => {
      const path = join(dir, 'v7.db');
      schema7Store(path, 40);
      const store = SqliteResultStore.open(path);
      try {
        // A new trial, a replaced one that now errors, and a rescore.
        store.saveTrial(record(100));
        store.saveTrial({ ...record(3), status: 'error', error: 'E_MODEL: boom', findings: [] });
        const rescored = record(5);
        store.saveFindingRevision(rescored.key, rescored.findings.map((f) => (f.outcome === 'no' ? { ...f, outcome: 'yes' as const } : f)), { source: 'rescore', settings: {} });
        const browser = SqliteTrialBrowser.open(path);
        try {
          const round = (rows: ReturnType<typeof store.aggregate>) => rows.map((row) => ({ ...row, meanValue: row.meanValue === null ? null : Math.round(row.meanValue * 1e9) / 1e9 }));
          assert.deepEqual(round(browser.reportRows()), round(aggregateFromFindings(store.database(), { byCell: true })));
          assert.deepEqual(round(store.aggregate()), round(aggregateFromFindings(store.database())));
          assert.equal(store.countByStatus().completed + store.countByStatus().error, 41);
        } finally {
          browser.close();
        }
      } finally {
        store.close();
      }
    });
  });

  it('makes the cost totals and the study tables\' scan index-only', () => {
    withTempDir((dir) => {
      const path = join(dir, 'new.db');
      const store = SqliteResultStore.open(path);
      store.saveTrials(Array.from({ length: 30 }, (_, i) => record(i)));
      store.close();
      const db = new Database(path, { readonly: true });
      try {
        const costPlan = plan(db, 'SELECT model, COUNT(*) AS trials, COALESCE(SUM(cost_usd), 0) AS costUsd, SUM(cost_usd IS NULL) AS unpriced FROM trials GROUP BY model ORDER BY model');
        assert.ok(costPlan.some((line) => line.includes('COVERING INDEX trials_by_model_cell')), costPlan.join('\n'));
        assert.ok(!costPlan.some((line) => line.includes('TEMP B-TREE')), costPlan.join('\n'));
        const totals = readCostTotals(db);
        const expected = MODELS.slice().sort().map((model) => {
          const mine = Array.from({ length: 30 }, (_, i) => record(i)).filter((r) => r.model === model);
          return { model, trials: mine.length, unpriced: mine.filter((r) => r.costUsd === null).length, costUsd: mine.reduce((sum, r) => sum + (r.costUsd ?? 0), 0) };
        });
        assert.deepEqual(totals.map((t) => [t.model, t.trials, t.unpriced]), expected.map((t) => [t.model, t.trials, t.unpriced]));
        totals.forEach((total, i) => assert.ok(Math.abs(total.costUsd - expected[i]!.costUsd) < 1e-9));
      } finally {
        db.close();
      }
    });
  });
});

describe('migration 009 (sampling index)', () => {
  it('makes choosing the embedded trials index-only, with the same choice as a table scan', () => {
    withTempDir((dir) => {
      const path = join(dir, 'sample.db');
      const store = SqliteResultStore.open(path);
      store.saveTrials(Array.from({ length: 90 }, (_, i) => record(i)));
      store.close();
      const sampleSql = (browser: SqliteTrialBrowser) => browser.sampleKeys(25);
      const browser = SqliteTrialBrowser.open(path);
      let indexed: string[];
      try {
        indexed = sampleSql(browser);
      } finally {
        browser.close();
      }
      const db = new Database(path, { readonly: true });
      try {
        const sampling = plan(db, SAMPLE_KEYS_SQL.replace('?', '25'));
        assert.ok(sampling.some((line) => line.includes('COVERING INDEX trials_sampling')), sampling.join('\n'));
      } finally {
        db.close();
      }
      // The same keys without the index (a table scan), so the index changes how, not what.
      const raw = new Database(path);
      raw.exec('DROP INDEX trials_sampling');
      raw.close();
      const scanning = SqliteTrialBrowser.open(path);
      try {
        assert.equal(indexed.length, 25);
        assert.deepEqual(sampleSql(scanning), indexed);
      } finally {
        scanning.close();
      }
    });
  });
});
