import type { Migration } from '../migration.js';

/**
 * Schema 9 (importer): the study's imported transcripts and human labels.
 *
 * - `paper_imports`: one row per imported trial — where it came from (`source` file and `position`: `file`,
 *   `line N`, `row N`), the dataset's own ids (`transcript_id`, `dataset_group`), the dataset row's other fields
 *   (`row`, JSON, without `transcript_json`), the authors' recorded verdicts verbatim (`evaluation`, JSON), how it
 *   was replayed (`replay`, JSON: harness and setup options), when, and the original transcript JSON (`original`,
 *   gzip), kept so that rescoring replays exactly what was imported and nothing of the study's file is lost.
 *   Its key is the trial's key (a content hash of the dataset id, or of the transcript for a bare file), which is
 *   what makes re-import idempotent.
 * - `human_labels`: one row per (trial, verdict, labeler): the labeller's value and outcome, when, and an optional
 *   note. Labels are not findings: they are not a detector's revision, several people may label one trial, and
 *   they must never become the counted verdict of a trial.
 */
export const migration006PaperImportsAndLabels: Migration = {
  version: 6,
  name: 'paper-imports-and-labels',
  up(db) {
    db.exec(`
      CREATE TABLE paper_imports (
        trial_key TEXT PRIMARY KEY REFERENCES trials (key) ON DELETE CASCADE,
        source TEXT NOT NULL,
        position TEXT NOT NULL,
        transcript_id TEXT,
        dataset_group TEXT,
        row TEXT NOT NULL,
        evaluation TEXT,
        replay TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        original BLOB NOT NULL
      ) STRICT;

      CREATE TABLE human_labels (
        trial_key TEXT NOT NULL REFERENCES trials (key) ON DELETE CASCADE,
        verdict TEXT NOT NULL,
        labeler TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('yes', 'no', 'unscorable')),
        value TEXT NOT NULL,
        note TEXT,
        labeled_at TEXT NOT NULL,
        PRIMARY KEY (trial_key, verdict, labeler)
      ) STRICT;
      CREATE INDEX human_labels_by_verdict ON human_labels (verdict);
    `);
  },
};
