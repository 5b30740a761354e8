import { PeerguardError } from '../core/peerguard-error.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import { hasPaperImport, insertPaperImports } from '../store/paper-import-table.js';
import type { SqliteResultStore } from '../store/sqlite-result-store.js';
import { convertPaperRecord, identifyPaperRecord, type ConvertedPaperRecord } from './convert-paper-record.js';
import { describePosition } from './paper-source-record.js';
import { expandImportPaths, readPaperSources } from './read-paper-sources.js';

/** A record that was not imported, and why. */
export interface ImportProblem {
  /** `file.jsonl:12`, `file.parquet row 17`, or the file. */
  position: string;
  reason: string;
}

/** What an import did. */
export interface ImportSummary {
  runId: string;
  files: number;
  /** Trials stored by this import. */
  imported: number;
  /** Records whose trial was already in the store (same dataset id or same transcript): left as they are. */
  duplicates: number;
  /** Records that were malformed or could not be replayed; see `problems`. */
  skipped: number;
  /** The first {@link MAX_REPORTED_PROBLEMS} skipped records with their positions. */
  problems: ImportProblem[];
  interrupted: boolean;
}

/** Problems kept in the summary; more are counted in `skipped` only (a broken 1 GB file must not fill memory). */
export const MAX_REPORTED_PROBLEMS = 1000;

/**
 * Imports the study's transcripts and dataset rows into the store as completed trials of run `runId` (created when
 * new; an existing run is added to, so a re-import under the same id is a no-op for records already there).
 * Records stream from the files (`readPaperSources`) and are saved `batchSize` at a time in one transaction each,
 * together with their `paper_imports` rows; revision 1 of their findings is recorded with import provenance.
 * Malformed records are skipped and reported with their position; nothing else is dropped. Aborting stops
 * between records; what was saved stays.
 *
 * @throws PeerguardError `E_INPUT` for a path that does not exist or has an unknown extension (before anything is read).
 */
export async function importPaper(args: {
  store: SqliteResultStore;
  pack: ScenarioPack;
  paths: readonly string[];
  runId: string;
  /** Recorded with the run (the command line), never secrets. */
  command?: string;
  now?: () => Date;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (summary: ImportSummary) => void;
}): Promise<ImportSummary> {
  const files = expandImportPaths(args.paths);
  const now = args.now ?? (() => new Date());
  const db = args.store.database();
  const batchSize = Math.max(1, args.batchSize ?? 200);
  const summary: ImportSummary = { runId: args.runId, files: files.length, imported: 0, duplicates: 0, skipped: 0, problems: [], interrupted: false };
  if (args.store.getRun(args.runId) === null) {
    args.store.createRun({ id: args.runId, settings: { kind: 'paper-import', paths: args.paths }, ...(args.command === undefined ? {} : { command: args.command }) });
  }
  const provenance = JSON.stringify({ source: 'import', kind: 'paper', runId: args.runId });
  const setProvenance = db.prepare("UPDATE finding_revisions SET settings = ? WHERE trial_key = ? AND revision = 1 AND source = 'run'");
  let batch: ConvertedPaperRecord[] = [];
  const seen = new Set<string>();
  const flush = (): void => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    db.transaction(() => {
      args.store.saveTrials(rows.map((r) => r.record));
      insertPaperImports(db, rows.map((r) => r.importRow));
      for (const row of rows) setProvenance.run(provenance, row.record.key);
    })();
    summary.imported += rows.length;
    args.onProgress?.(summary);
  };
  const skip = (position: string, reason: string): void => {
    summary.skipped += 1;
    if (summary.problems.length < MAX_REPORTED_PROBLEMS) summary.problems.push({ position, reason });
  };
  try {
    for await (const item of readPaperSources(files, args.signal)) {
      if (args.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      const where = describePosition(item);
      if ('problem' in item) {
        skip(where, item.problem);
        continue;
      }
      try {
        const identified = identifyPaperRecord(item.value, where);
        if (seen.has(identified.key) || hasPaperImport(db, identified.key)) {
          summary.duplicates += 1;
          continue;
        }
        const converted = await convertPaperRecord({ pack: args.pack, identified, source: item.source, position: item.position, runId: args.runId, importedAt: now().toISOString() });
        seen.add(identified.key);
        batch.push(converted);
        if (batch.length >= batchSize) flush();
      } catch (error) {
        if (!(error instanceof PeerguardError)) throw error;
        // Messages name the position already; keep only the part after it.
        skip(where, error.message.startsWith(`${where}: `) ? error.message.slice(where.length + 2) : error.message);
      }
    }
  } catch (error) {
    if (!args.signal?.aborted) throw error;
    summary.interrupted = true;
  }
  flush();
  return summary;
}
