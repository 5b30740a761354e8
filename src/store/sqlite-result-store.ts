import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Finding } from '../records/finding.js';
import type { TrialRecord, TrialStatus } from '../records/trial-record.js';
import type { TrialVerdicts } from '../records/trial-verdicts.js';
import type { ReportRow } from '../report/report-row.js';
import { applyMigrations } from './migration.js';
import { migrations } from './migrations/migrations.js';
import type {
  AggregateOptions,
  CostTotal,
  FindingRevision,
  FindingRevisionProvenance,
  NewRun,
  ResultStore,
  RunInfo,
  StatusCounts,
  TrialFilter,
  TrialSummary,
} from './result-store.js';
import { StoreError } from './store-error.js';
import { readCostTotals } from './read-cost-totals.js';
import { readReportRows } from './read-report-rows.js';
import { readTrialVerdicts, streamTrialVerdicts, type TrialVerdictsFilter, type TrialVerdictsStreamOptions } from './read-trial-verdicts.js';
import { decodeTranscript } from './transcript-codec.js';
import {
  TRIAL_COLUMNS,
  findingFromRow,
  toFindingRows,
  toTrialRows,
  type FindingRowValues,
  type StoredFindingRow,
  type StoredTrialRow,
  type TrialRows,
  trialRecordFromRow,
  trialSummaryFromRow,
} from './trial-row.js';

/** Options for {@link SqliteResultStore.open}. */
export interface SqliteResultStoreOptions {
  /** How long a connection waits for another connection's write lock before failing, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Clock for `runs.created_at` (default: the system clock). */
  now?: () => Date;
}

const SUMMARY_COLUMNS = TRIAL_COLUMNS.filter((column) => column !== 'transcript' && column !== 'transcript_encoding')
  .map((column) => `t.${column}`)
  .join(', ');

/** The SQLite {@link ResultStore}: one file, WAL journal, numbered migrations tracked in `PRAGMA user_version`. */
export class SqliteResultStore implements ResultStore {
  private readonly db: Database.Database;
  private readonly path: string;
  private readonly now: () => Date;
  private readonly statements: ReturnType<typeof prepareStatements>;

  private constructor(db: Database.Database, path: string, now: () => Date) {
    this.db = db;
    this.path = path;
    this.now = now;
    this.statements = prepareStatements(db);
  }

  /**
   * Opens (creating it and its directories if needed) the result store at `path`, switches it to WAL and
   * applies pending migrations. `:memory:` opens a private in-memory store.
   *
   * @throws StoreError `E_STORE_CORRUPT` when the file is not a SQLite database, is damaged, or lacks peerguard's
   *   tables; `E_STORE_VERSION` when its schema is newer than this code; `E_STORE_OPEN` for any other failure.
   *   Messages name the path; the SQLite error is the `cause`.
   */
  static open(path: string, options: SqliteResultStoreOptions = {}): SqliteResultStore {
    const inMemory = path === ':memory:';
    let db: Database.Database | undefined;
    try {
      if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
      db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
      // The first statement reads the header, so a file that is not a database fails here.
      db.pragma('journal_mode = WAL');
      // With WAL, NORMAL never corrupts the database; a power loss can lose only the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      applyMigrations(db, migrations, path);
      assertSchema(db, path);
      return new SqliteResultStore(db, path, options.now ?? (() => new Date()));
    } catch (error) {
      db?.close();
      throw toStoreError(error, path);
    }
  }

  createRun(run: NewRun): void {
    try {
      this.statements.insertRun.run(run.id, this.now().toISOString(), run.command ?? null, JSON.stringify(run.settings ?? null));
    } catch (error) {
      if (isSqliteError(error) && error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new StoreError('E_STORE_RUN_EXISTS', `run "${run.id}" already exists in result store ${this.path}`, {
          cause: error,
        });
      }
      throw writeFailure(error, this.path) ?? error;
    }
  }

  getRun(id: string): RunInfo | null {
    return this.guard(() => {
      const row = this.statements.selectRun.get(id) as
        | { id: string; created_at: string; command: string | null; settings: string }
        | undefined;
      if (row === undefined) return null;
      const run: RunInfo = { id: row.id, createdAt: row.created_at, settings: JSON.parse(row.settings) as unknown };
      if (row.command !== null) run.command = row.command;
      return run;
    });
  }

  completedKeys(): Set<string> {
    return this.guard(() => new Set(this.statements.selectCompletedKeys.pluck().all() as string[]));
  }

  saveTrial(record: TrialRecord): void {
    this.saveTrials([record]);
  }

  saveTrials(records: readonly TrialRecord[]): void {
    // Compress before taking the write lock, so concurrent writers wait as little as possible.
    const rows = records.map(toTrialRows);
    this.guard(() => this.writeRows(rows));
  }

  getTrial(keyOrUniquePrefix: string): TrialRecord | null {
    return this.guard(() => {
      const key = this.resolveKey(keyOrUniquePrefix);
      if (key === null) return null;
      const row = this.statements.selectTrial.get(key) as
        | (StoredTrialRow & { transcript: Buffer; transcript_encoding: string })
        | undefined;
      if (row === undefined) return null;
      const findings = (this.statements.selectCurrentFindings.all(key, key) as StoredFindingRow[]).map(findingFromRow);
      let transcript;
      try {
        transcript = decodeTranscript(row.transcript_encoding, row.transcript);
      } catch (error) {
        throw new StoreError('E_STORE_CORRUPT', `transcript of trial ${key} in result store ${this.path} does not decode`, {
          cause: error,
        });
      }
      return trialRecordFromRow(row, transcript, findings);
    });
  }

  listTrials(filter: TrialFilter = {}): TrialSummary[] {
    return this.guard(() => {
      const conditions: string[] = [];
      const parameters: Array<string | number> = [];
      if (filter.model !== undefined) {
        conditions.push('t.model = ?');
        parameters.push(filter.model);
      }
      if (filter.family !== undefined) {
        conditions.push('t.family = ?');
        parameters.push(filter.family);
      }
      if (filter.status !== undefined) {
        conditions.push('t.status = ?');
        parameters.push(filter.status);
      }
      let sql =
        `SELECT ${SUMMARY_COLUMNS}, (SELECT COUNT(*) FROM findings f WHERE f.trial_key = t.key) AS finding_count ` +
        `FROM trials t${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY t.started_at, t.key`;
      if (filter.limit !== undefined) {
        sql += ' LIMIT ?';
        parameters.push(Math.max(0, Math.floor(filter.limit)));
      }
      const rows = this.db.prepare(sql).all(...parameters) as Array<StoredTrialRow & { finding_count: number }>;
      return rows.map((row) => ({
      ...trialSummaryFromRow(row),
      }));
    });
  }

  countByStatus(): StatusCounts {
    return this.guard(() => {
      const counts: StatusCounts = { completed: 0, error: 0 };
      for (const row of this.statements.countByStatus.all() as Array<{ status: TrialStatus; count: number }>) {
        counts[row.status] = row.count;
      }
      return counts;
    });
  }

  costTotals(): CostTotal[] {
    return this.guard(() => readCostTotals(this.db));
  }

  /** Report rows from `report_counts` (see {@link readReportRows}). */
  aggregate(options: AggregateOptions = {}): ReportRow[] {
    return this.guard(() => readReportRows(this.db, options));
  }

  /** Every trial's cell, status and current findings without transcripts (see {@link readTrialVerdicts}). */
  trialVerdicts(filter: TrialVerdictsFilter = {}): TrialVerdicts[] {
    return this.guard(() => readTrialVerdicts(this.db, filter));
  }

  /** Every trial's cell, status and (chosen) findings, one at a time, index-only (see {@link streamTrialVerdicts}). */
  *streamTrialVerdicts(options: TrialVerdictsStreamOptions = {}): Generator<TrialVerdicts> {
    try {
      yield* streamTrialVerdicts(this.db, options);
    } catch (error) {
      this.guard(() => {
        throw error;
      });
    }
  }

  saveFindingRevision(key: string, findings: readonly Finding[], provenance: FindingRevisionProvenance): number {
    return this.guard(() => {
      const write = this.db.transaction((): number => {
        if (this.statements.selectKeyExact.pluck().get(key) === undefined) {
          throw new StoreError('E_STORE_NO_TRIAL', `no trial with key ${key} in result store ${this.path}`);
        }
        const latest = (this.statements.selectLatestRevision.pluck().get(key) as number | null) ?? 0;
        const revision = latest + 1;
        this.statements.insertRevision.run(key, revision, this.now().toISOString(), provenance.source, JSON.stringify(provenance.settings ?? null));
        this.statements.deleteCurrentFindings.run(key);
        this.insertFindingRows(toFindingRows(key, revision, findings));
        return revision;
      });
      return write.immediate();
    });
  }

  findingRevisions(key: string): FindingRevision[] {
    return this.guard(() => {
      const revisions = this.statements.selectRevisions.all(key) as Array<{ revision: number; created_at: string; source: FindingRevision['source']; settings: string }>;
      const latest = revisions.at(-1)?.revision;
      return revisions.map((row) => ({
        revision: row.revision,
        createdAt: row.created_at,
        source: row.source,
        settings: JSON.parse(row.settings) as unknown,
        current: row.revision === latest,
        findings: (this.statements.selectRevisionFindings.all(key, row.revision) as StoredFindingRow[]).map(findingFromRow),
      }));
    });
  }

  /**
   * The underlying database, for modules that keep their own tables beside the store's (the importer's
   * `paper_imports`, `human_labels`) and must write them in the same transactions. Do not close it.
   */
  database(): Database.Database {
    return this.db;
  }

  close(): void {
    this.db.close();
  }

  /**
   * Runs a database operation, turning SQLite's corruption errors (a file damaged after it was opened) into
   * `E_STORE_CORRUPT` naming the path; other errors pass through unchanged.
   */
  private guard<T>(operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      if (isCorruption(error)) throw toStoreError(error, this.path);
      throw writeFailure(error, this.path) ?? error;
    }
  }

  private writeRows(rows: readonly TrialRows[]): void {
    const { deleteTrial, insertTrial, insertRevision } = this.statements;
    const createdAt = this.now().toISOString();
    const write = this.db.transaction((batch: readonly TrialRows[]) => {
      for (const { trial, findings } of batch) {
        // Replace = delete then insert; the foreign keys cascade the old findings and their history away (a re-run
        // has a new transcript, so the old findings no longer describe it).
        deleteTrial.run(trial[0]);
        insertTrial.run(...trial);
        insertRevision.run(trial[0], 1, createdAt, 'run', '{}');
        this.insertFindingRows(findings);
      }
    });
    write.immediate(rows);
  }

  /** Every finding goes to the history; the non-advisory ones are also the trial's counted `findings`. */
  private insertFindingRows(rows: readonly FindingRowValues[]): void {
    for (const row of rows) {
      this.statements.insertHistory.run(...row);
      const [key, revision, position, verdict, outcome, value, method, reason, evidence, judge, quotes, advisory] = row;
      if (advisory === 0) this.statements.insertFinding.run(key, position, verdict, outcome, value, method, reason, evidence, revision, judge, quotes);
    }
  }

  private resolveKey(keyOrUniquePrefix: string): string | null {
    if (this.statements.selectKeyExact.pluck().get(keyOrUniquePrefix) !== undefined) return keyOrUniquePrefix;
    // Keys sharing a prefix sort contiguously right after it (BINARY collation = code-point order).
    const candidates = (this.statements.selectKeysAfter.pluck().all(keyOrUniquePrefix) as string[]).filter((key) =>
      key.startsWith(keyOrUniquePrefix),
    );
    if (candidates.length === 0) return null;
    if (candidates.length > 1) {
      throw new StoreError(
        'E_STORE_AMBIGUOUS_KEY',
        `key prefix "${keyOrUniquePrefix}" matches more than one trial (${candidates.join(', ')}, …) in result store ${this.path}`,
      );
    }
    return candidates[0] ?? null;
  }
}

function prepareStatements(db: Database.Database) {
  return {
    insertRun: db.prepare('INSERT INTO runs (id, created_at, command, settings) VALUES (?, ?, ?, ?)'),
    selectRun: db.prepare('SELECT id, created_at, command, settings FROM runs WHERE id = ?'),
    selectCompletedKeys: db.prepare("SELECT key FROM trials WHERE status = 'completed'"),
    deleteTrial: db.prepare('DELETE FROM trials WHERE key = ?'),
    insertTrial: db.prepare(
      `INSERT INTO trials (${TRIAL_COLUMNS.join(', ')}) VALUES (${TRIAL_COLUMNS.map(() => '?').join(', ')})`,
    ),
    insertFinding: db.prepare(
      'INSERT INTO findings (trial_key, position, verdict, outcome, value, method, reason, evidence, revision, judge, quotes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertHistory: db.prepare(
      'INSERT INTO finding_history (trial_key, revision, position, verdict, outcome, value, method, reason, evidence, judge, quotes, advisory) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertRevision: db.prepare('INSERT INTO finding_revisions (trial_key, revision, created_at, source, settings) VALUES (?, ?, ?, ?, ?)'),
    selectLatestRevision: db.prepare('SELECT MAX(revision) FROM finding_revisions WHERE trial_key = ?'),
    deleteCurrentFindings: db.prepare('DELETE FROM findings WHERE trial_key = ?'),
    selectRevisions: db.prepare('SELECT revision, created_at, source, settings FROM finding_revisions WHERE trial_key = ? ORDER BY revision'),
    selectRevisionFindings: db.prepare(
      'SELECT verdict, outcome, value, method, reason, evidence, judge, quotes, advisory FROM finding_history WHERE trial_key = ? AND revision = ? ORDER BY position',
    ),
    selectKeyExact: db.prepare('SELECT key FROM trials WHERE key = ?'),
    selectKeysAfter: db.prepare('SELECT key FROM trials WHERE key > ? ORDER BY key LIMIT 2'),
    selectTrial: db.prepare(`SELECT ${TRIAL_COLUMNS.join(', ')} FROM trials WHERE key = ?`),
    // The current revision, advisory findings included, so a saved record reads back as it was saved.
    selectCurrentFindings: db.prepare(
      `SELECT verdict, outcome, value, method, reason, evidence, judge, quotes, advisory FROM finding_history
       WHERE trial_key = ? AND revision = (SELECT MAX(revision) FROM finding_revisions WHERE trial_key = ?) ORDER BY position`,
    ),
    countByStatus: db.prepare('SELECT status, COUNT(*) AS count FROM trials GROUP BY status'),
  };
}


const REQUIRED_TABLES = ['runs', 'trials', 'findings', 'finding_revisions', 'finding_history'];

/** A database at the current version must have our tables; otherwise it is someone else's file. */
function assertSchema(db: Database.Database, path: string): void {
  const tables = new Set(
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[],
  );
  const missing = REQUIRED_TABLES.filter((table) => !tables.has(table));
  const trialColumns = tables.has('trials') ? new Set(db.prepare("SELECT name FROM pragma_table_info('trials')").pluck().all() as string[]) : new Set<string>();
  const missingColumns = tables.has('trials') ? TRIAL_COLUMNS.filter((column) => !trialColumns.has(column)) : [];
  if (tables.has('runs') && tables.has('trials') && (missing.length > 0 || missingColumns.length > 0)) {
    // A store made by a pre-merge branch build, whose placeholder migrations (empty 002/003) took the version numbers
    // of the real ones: its version is current but parts of the schema were never created.
    throw new StoreError(
      'E_STORE_VERSION',
      `result store ${path} was made by a development build with placeholder migrations (schema version ${String(db.pragma('user_version', { simple: true }))} without ${[...missing, ...missingColumns.map((c) => `trials.${c}`)].join(', ')}); move it aside and run again to recreate it`,
    );
  }
  if (missing.length > 0) {
    throw new StoreError(
      'E_STORE_CORRUPT',
      `result store ${path} is not a peerguard result store (missing tables: ${missing.join(', ')})`,
    );
  }
}

/** better-sqlite3's error (its `code` is the extended SQLite result code name, e.g. `SQLITE_NOTADB`). */
type SqliteError = InstanceType<typeof Database.SqliteError>;

function isSqliteError(error: unknown): error is SqliteError {
  return error instanceof Database.SqliteError;
}

function isCorruption(error: unknown): error is SqliteError {
  return isSqliteError(error) && (error.code === 'SQLITE_NOTADB' || error.code.startsWith('SQLITE_CORRUPT'));
}

/**
 * A write the file system refused, as a one-line StoreError: read-only (`E_STORE_READONLY`) or out of space / I/O
 * (`E_STORE_FULL`); null for any other error. SQLite rolled the failed transaction back, so nothing stored is lost.
 */
function writeFailure(error: unknown, path: string): StoreError | null {
  if (!isSqliteError(error)) return null;
  if (error.code.startsWith('SQLITE_READONLY') || error.code === 'SQLITE_CANTOPEN' || error.code === 'SQLITE_PERM') {
    return new StoreError('E_STORE_READONLY', `result store ${path} cannot be written (${error.message}); check the permissions of the file and its directory`, { cause: error });
  }
  if (error.code === 'SQLITE_FULL' || error.code.startsWith('SQLITE_IOERR')) {
    return new StoreError('E_STORE_FULL', `result store ${path}: write failed (${error.message}; disk full?); the failed write was rolled back and everything saved before it is intact`, { cause: error });
  }
  return null;
}

function toStoreError(error: unknown, path: string): StoreError {
  if (error instanceof StoreError) return error;
  const refused = writeFailure(error, path);
  if (refused !== null) return refused;
  if (isCorruption(error)) {
    return new StoreError(
      'E_STORE_CORRUPT',
      `result store ${path} is not a SQLite database or is corrupt (${error.message})`,
      { cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError('E_STORE_OPEN', `cannot open result store ${path}: ${detail}`, { cause: error });
}
