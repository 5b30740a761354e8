import { gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import type { Database } from 'better-sqlite3';
import type { Family } from '../records/cell.js';

/** How an imported transcript was replayed through our world; rescore replays it the same way. */
export interface PaperReplaySettings {
  /** `tools` for the study's function-calling transcripts, `shell` for the real-CLI (coding-agent) ones. */
  harness: 'tools' | 'shell';
  /** The family the replay used (from the dataset row's `task_type`, else inferred from the transcript). */
  family: Family;
}

/** One row of `paper_imports` (migration 009): where an imported trial came from, and its original text. */
export interface PaperImport {
  trialKey: string;
  /** The file as given on the command line. */
  source: string;
  /** `file` for a transcript file, `line N` (1-based) in JSONL, `row N` (0-based row index) in Parquet. */
  position: string;
  /** The dataset's `transcript_id`, when the row had one. */
  transcriptId: string | null;
  /** The dataset's `group` (HF config), when the row had one. */
  datasetGroup: string | null;
  /** The dataset row's fields other than `transcript_json` (merged_data.csv-like); `{}` for a transcript file. */
  row: Record<string, unknown>;
  /** The authors' recorded verdicts verbatim (`evaluation` / `task_evaluation` / `main_task_evaluation`), or null. */
  evaluation: Record<string, unknown> | null;
  replay: PaperReplaySettings;
  /** ISO-8601 time of the import. */
  importedAt: string;
  /** The study's transcript JSON as parsed (stored gzip-compressed). */
  original: unknown;
}

/** Inserts import rows (call inside the transaction that saves their trials). */
export function insertPaperImports(db: Database, rows: readonly PaperImport[]): void {
  const insert = db.prepare(
    'INSERT INTO paper_imports (trial_key, source, position, transcript_id, dataset_group, row, evaluation, replay, imported_at, original) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const row of rows) {
    insert.run(
      row.trialKey, row.source, row.position, row.transcriptId, row.datasetGroup, JSON.stringify(row.row),
      row.evaluation === null ? null : JSON.stringify(row.evaluation), JSON.stringify(row.replay), row.importedAt,
      gzipSync(Buffer.from(JSON.stringify(row.original), 'utf8'), { level: zlibConstants.Z_BEST_SPEED }),
    );
  }
}

/** Whether a trial with this key was imported already. */
export function hasPaperImport(db: Database, trialKey: string): boolean {
  return db.prepare('SELECT 1 FROM paper_imports WHERE trial_key = ?').pluck().get(trialKey) !== undefined;
}

interface StoredPaperImportRow {
  trial_key: string;
  source: string;
  position: string;
  transcript_id: string | null;
  dataset_group: string | null;
  row: string;
  evaluation: string | null;
  replay: string;
  imported_at: string;
  original: Buffer;
}

/** The import record of a trial, or null when the trial was not imported. */
export function getPaperImport(db: Database, trialKey: string): PaperImport | null {
  const row = db.prepare('SELECT * FROM paper_imports WHERE trial_key = ?').get(trialKey) as StoredPaperImportRow | undefined;
  if (row === undefined) return null;
  return {
    trialKey: row.trial_key,
    source: row.source,
    position: row.position,
    transcriptId: row.transcript_id,
    datasetGroup: row.dataset_group,
    row: JSON.parse(row.row) as Record<string, unknown>,
    evaluation: row.evaluation === null ? null : (JSON.parse(row.evaluation) as Record<string, unknown>),
    replay: JSON.parse(row.replay) as PaperReplaySettings,
    importedAt: row.imported_at,
    original: JSON.parse(gunzipSync(row.original).toString('utf8')) as unknown,
  };
}
