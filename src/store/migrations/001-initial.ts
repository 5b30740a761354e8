import type { Migration } from '../migration.js';

/** Schema 1: runs, trials (gzip-compressed transcripts), findings. */
export const migration001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        command TEXT,
        settings TEXT NOT NULL
      ) STRICT;

      CREATE TABLE trials (
        key TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        model TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        family TEXT NOT NULL,
        subject TEXT NOT NULL,
        relationship TEXT NOT NULL,
        instantiation TEXT NOT NULL,
        dataset TEXT NOT NULL,
        threshold REAL,
        monitoring TEXT NOT NULL,
        company TEXT NOT NULL,
        cell_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('completed', 'error')),
        error TEXT,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        model_calls INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        duration_ms REAL NOT NULL,
        transcript BLOB NOT NULL,
        transcript_encoding TEXT NOT NULL
      ) STRICT;
      CREATE INDEX trials_by_status ON trials (status);
      CREATE INDEX trials_by_model_family ON trials (model, family);
      CREATE INDEX trials_by_run ON trials (run_id);

      CREATE TABLE findings (
        trial_key TEXT NOT NULL REFERENCES trials (key) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        verdict TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('yes', 'no', 'unscorable')),
        value TEXT NOT NULL,
        method TEXT NOT NULL,
        reason TEXT,
        evidence TEXT,
        PRIMARY KEY (trial_key, position)
      ) STRICT;
      CREATE INDEX findings_by_verdict ON findings (verdict);
    `);
  },
};
