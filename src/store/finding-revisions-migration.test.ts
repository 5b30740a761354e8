import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { applyMigrations } from './migration.js';
import { migration001Initial } from './migrations/001-initial.js';
import { SqliteResultStore } from './sqlite-result-store.js';
import { sampleTrialRecord } from './sample-trial-record.js';
import { toTrialRows } from './trial-row.js';

describe('migration 003 (finding revisions)', () => {
  it('turns the findings of a schema-1 store into revision 1 from the run, readable and counted as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'peerguard-m003-'));
    try {
      const path = join(dir, 'old.db');
      const record = sampleTrialRecord(7, { findingCount: 5 });
      // Write a store the way schema 1 did.
      const db = new Database(path);
      applyMigrations(db, [migration001Initial], path);
      const rows = toTrialRows(record);
      // Schema 1 has the leading columns only (later migrations append theirs, e.g. cost_usd).
      const schemaOneColumns = (db.prepare('PRAGMA table_info(trials)').all() as unknown[]).length;
      const values = rows.trial.slice(0, schemaOneColumns);
      db.prepare(`INSERT INTO trials VALUES (${values.map(() => '?').join(', ')})`).run(...values);
      const insert = db.prepare('INSERT INTO findings (trial_key, position, verdict, outcome, value, method, reason, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      for (const [key, , position, verdict, outcome, value, method, reason, evidence] of rows.findings) insert.run(key, position, verdict, outcome, value, method, reason, evidence);
      const before = db.prepare('SELECT COUNT(*) FROM findings').pluck().get();
      db.close();

      const store = SqliteResultStore.open(path);
      try {
        assert.deepEqual(store.getTrial(record.key)?.findings, record.findings);
        const history = store.findingRevisions(record.key);
        assert.deepEqual(history.map((h) => [h.revision, h.source, h.current, h.createdAt]), [[1, 'run', true, record.startedAt]]);
        const counted = store.aggregate().reduce((sum, row) => sum + row.n + row.unscorable, 0);
        assert.equal(counted, before);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
