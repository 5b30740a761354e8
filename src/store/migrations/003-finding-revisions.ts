import type { Migration } from '../migration.js';

/**
 * Schema 3: findings keep their history.
 *
 * - `findings` stays what every query counts: the current revision's deciding findings of each trial (one per
 *   verdict). It gains `revision` (which revision it belongs to), `judge` (the judge's model reference) and
 *   `quotes` (JSON array of the judge's quoted evidence). Columns are only added, never rebuilt, so other
 *   migrations' columns survive.
 * - `finding_revisions`: one row per (trial, revision) — when, from what (`run` or `rescore`) and with which
 *   settings (judge, paper-compat, prompt and pack hashes) its findings were produced.
 * - `finding_history`: every finding of every revision, advisory ones included, never deleted by a rescore
 *   (only when the trial itself is replaced by a re-run, whose transcript is new).
 *
 * Existing findings become revision 1 with source `run`, dated by their trial's start.
 */
export const migration003FindingRevisions: Migration = {
  version: 3,
  name: 'finding-revisions',
  up(db) {
    db.exec(`
      ALTER TABLE findings ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE findings ADD COLUMN judge TEXT;
      ALTER TABLE findings ADD COLUMN quotes TEXT;

      CREATE TABLE finding_revisions (
        trial_key TEXT NOT NULL REFERENCES trials (key) ON DELETE CASCADE,
        revision INTEGER NOT NULL CHECK (revision >= 1),
        created_at TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('run', 'rescore')),
        settings TEXT NOT NULL,
        PRIMARY KEY (trial_key, revision)
      ) STRICT;

      CREATE TABLE finding_history (
        trial_key TEXT NOT NULL,
        revision INTEGER NOT NULL,
        position INTEGER NOT NULL,
        verdict TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('yes', 'no', 'unscorable')),
        value TEXT NOT NULL,
        method TEXT NOT NULL,
        reason TEXT,
        evidence TEXT,
        judge TEXT,
        quotes TEXT,
        advisory INTEGER NOT NULL CHECK (advisory IN (0, 1)),
        PRIMARY KEY (trial_key, revision, position),
        FOREIGN KEY (trial_key, revision) REFERENCES finding_revisions (trial_key, revision) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX finding_history_by_verdict ON finding_history (verdict);

      INSERT INTO finding_revisions (trial_key, revision, created_at, source, settings)
        SELECT key, 1, started_at, 'run', '{}' FROM trials;
      INSERT INTO finding_history (trial_key, revision, position, verdict, outcome, value, method, reason, evidence, judge, quotes, advisory)
        SELECT trial_key, 1, position, verdict, outcome, value, method, reason, evidence, NULL, NULL, 0 FROM findings;
    `);
  },
};
