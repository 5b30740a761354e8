import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Finding } from '../records/finding.js';
import type { ReportRow } from '../report/report-row.js';
import type { TrialRecord, TrialStatus } from '../records/trial-record.js';
import { StoreError } from './store-error.js';
import { decodeTranscript } from './transcript-codec.js';
import {
  TRIAL_COLUMNS,
  findingFromRow,
  type StoredFindingRow,
  type StoredTrialRow,
  trialRecordFromRow,
  trialSummaryFromRow,
} from './trial-row.js';
import { readCostTotals } from './read-cost-totals.js';
import { readReportRows } from './read-report-rows.js';
import { readTrialVerdicts, streamTrialVerdicts, type TrialVerdictsFilter, type TrialVerdictsStreamOptions } from './read-trial-verdicts.js';
import type { CostTotal, TrialSummary } from './result-store.js';
import type { TrialVerdicts } from '../records/trial-verdicts.js';

/**
 * Which trials a listing shows; absent fields do not filter. `outcome` refers to findings of `verdict` when it is
 * given, else to any finding; `error` selects errored trials (which have no findings).
 */
export interface TrialQuery {
  model?: string;
  family?: string;
  subject?: string;
  relationship?: string;
  instantiation?: string;
  dataset?: string;
  /** A threshold in percent, or `none` for cells without one. */
  threshold?: number | 'none';
  monitoring?: string;
  /** Company and ablation factors (schema 4); a default value selects the trials without the factor. */
  company?: string;
  peerIdentity?: string;
  memoryPrompt?: string;
  scratchpad?: string;
  instruction?: string;
  target?: string;
  /** The harness (schema 7): `tools`, `shell`, `gemini-cli`, `opencode`. */
  harness?: string;
  status?: TrialStatus;
  verdict?: string;
  outcome?: 'yes' | 'no' | 'unscorable' | 'error';
}

/**
 * A listed trial: its summary and its current findings (no transcript). Advisory findings (kept beside the deciding
 * one, never counted) are included with `advisory: true`; `findingCount` counts only the others.
 */
export interface TrialListing extends TrialSummary {
  findings: Finding[];
  /** The trial's cost in USD at list prices; null when unpriced. */
  costUsd: number | null;
}

/** The distinct values of each filterable field, for filter menus. */
export interface TrialFacets {
  model: string[];
  family: string[];
  subject: string[];
  relationship: string[];
  instantiation: string[];
  dataset: string[];
  threshold: Array<number | null>;
  monitoring: string[];
  /** Company and ablation factors, as stored (the default included; `''` for memory prompt and scratchpad = the run's). */
  company: string[];
  peerIdentity: string[];
  memoryPrompt: string[];
  scratchpad: string[];
  instruction: string[];
  target: string[];
  harness: string[];
  verdict: string[];
}

/** One transcript search hit: the trial and a short excerpt around the first match. */
export interface SearchHit {
  key: string;
  excerpt: string;
}

/** Options for {@link SqliteTrialBrowser.searchTranscripts}. */
export interface SearchOptions {
  /** Resume after this trial key (the `nextCursor` of the previous answer). */
  cursor?: string;
  /** Stop after this many hits (default 50). */
  limit?: number;
  /** Stop scanning after about this much time, in ms (default 400), so one request never blocks the server long. */
  budgetMs?: number;
  /** Characters of context on each side of a match (default 60). */
  contextChars?: number;
}

/** The answer of {@link SqliteTrialBrowser.searchTranscripts}. */
export interface SearchResult {
  hits: SearchHit[];
  /** Transcripts examined by this call. */
  scanned: number;
  /** Pass as `cursor` to continue; null when every matching trial has been searched. */
  nextCursor: string | null;
}

/** The gzip-compressed JSON of one transcript, as stored (or compressed here if it was stored plain). */
export interface CompressedTranscript {
  key: string;
  gzipJson: Buffer;
}

const SUMMARY_COLUMNS = TRIAL_COLUMNS.filter((c) => c !== 'transcript' && c !== 'transcript_encoding')
  .map((c) => `t.${c}`)
  .join(', ');

/**
 * The current revision's findings of a trial (parameters: key, key), advisory ones included and flagged, as
 * `ResultStore.getTrial` returns them; only the non-advisory ones are counted (they are the `findings` table).
 */
const CURRENT_FINDINGS = `SELECT verdict, outcome, value, method, reason, evidence, judge, quotes, advisory FROM finding_history
  WHERE trial_key = ? AND revision = (SELECT MAX(revision) FROM finding_revisions WHERE trial_key = ?) ORDER BY position`;

/** `report_counts` rows that still count something (rows drop to zero when trials are replaced). */
const NONZERO = 'n <> 0 OR unscorable <> 0 OR errors <> 0 OR value_count <> 0';

const EQUALITY_FIELDS = ['model', 'family', 'subject', 'relationship', 'instantiation', 'dataset', 'monitoring', 'status'] as const;

/** The company and ablation-factor fields of a {@link TrialQuery} with their `trials` / `report_counts` columns. */
const FACTOR_FIELDS = [
  ['company', 'company'],
  ['peerIdentity', 'peer_identity'],
  ['memoryPrompt', 'memory_prompt'],
  ['scratchpad', 'scratchpad'],
  ['instruction', 'instruction'],
  ['target', 'target'],
  ['harness', 'harness'],
] as const;

/**
 * The keys `sampleKeys` embeds: every group (model, family, subject, relationship, instantiation, monitoring, company,
 * ablation factors) takes turns; within a group errored trials first, then trials with a `yes` finding, then by
 * start time. Index-only with schema 9's `trials_sampling` (its plan is tested).
 */
export const SAMPLE_KEYS_SQL = `SELECT key FROM (
    SELECT t.key AS key, ROW_NUMBER() OVER (
      PARTITION BY t.model, t.family, t.subject, t.relationship, t.instantiation, t.monitoring,
        t.company, t.peer_identity, t.memory_prompt, t.scratchpad, t.instruction, t.target
      ORDER BY (t.status = 'error') DESC,
        EXISTS (SELECT 1 FROM findings f WHERE f.trial_key = t.key AND f.outcome = 'yes') DESC,
        t.started_at, t.key) AS position,
      t.model AS model, t.family AS family
    FROM trials t)
  ORDER BY position, model, family, key LIMIT ?`;

/**
 * Read-only, paged queries over a result store for the HTML report and the viewer: listings with findings, facets,
 * one full trial, transcript search and a change counter for live updates. It opens its own connection with
 * `query_only`, so it can never write, and it never loads more than one page of rows (or one transcript) at a time.
 * Open the store with `SqliteResultStore.open` first, which creates and migrates it.
 */
export class SqliteTrialBrowser {
  private readonly db: Database.Database;
  private readonly path: string;

  private constructor(db: Database.Database, path: string) {
    this.db = db;
    this.path = path;
  }

  /**
   * Opens a read-only view of the result store at `path`.
   * @throws StoreError `E_STORE_OPEN` when the file does not exist or cannot be opened; `E_STORE_CORRUPT` when it is
   *   not a peerguard result store.
   */
  static open(path: string, options: { busyTimeoutMs?: number } = {}): SqliteTrialBrowser {
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { fileMustExist: true, timeout: options.busyTimeoutMs ?? 5000 });
      db.pragma('query_only = ON');
      const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
      if (!tables.has('trials') || !tables.has('findings')) {
        throw new StoreError('E_STORE_CORRUPT', `result store ${path} is not a peerguard result store`);
      }
      const missing = ['finding_revisions', 'finding_history', 'report_counts'].filter((table) => !tables.has(table));
      if (missing.length > 0) {
        throw new StoreError(
          'E_STORE_VERSION',
          `result store ${path} has an older schema (no ${missing.join(', ')}): open it with peerguard (e.g. \`peerguard report\`) once to migrate it`,
        );
      }
      return new SqliteTrialBrowser(db, path);
    } catch (error) {
      db?.close();
      if (error instanceof StoreError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new StoreError('E_STORE_OPEN', `cannot open result store ${path}: ${detail}`, { cause: error });
    }
  }

  /** A number that changes whenever another connection commits (SQLite's `PRAGMA data_version`). */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /**
   * The same rows as `ResultStore.aggregate({ byCell: true })`, read from the `report_counts` table that schema 5
   * keeps current with triggers: milliseconds instead of grouping every finding (see {@link readReportRows}).
   */
  reportRows(): ReportRow[] {
    return readReportRows(this.db, { byCell: true });
  }

  /** Distinct values of every filterable field, sorted (from `report_counts`, so instant on a large store). */
  facets(): TrialFacets {
    const distinct = (column: string): string[] =>
      this.db.prepare(`SELECT DISTINCT ${column} FROM report_counts WHERE ${NONZERO} ORDER BY ${column}`).pluck().all() as string[];
    return {
      model: distinct('model'),
      family: distinct('family'),
      subject: distinct('subject'),
      relationship: distinct('relationship'),
      instantiation: distinct('instantiation'),
      dataset: distinct('dataset'),
      threshold: this.db.prepare(`SELECT DISTINCT threshold FROM report_counts WHERE ${NONZERO} ORDER BY threshold`).pluck().all() as Array<number | null>,
      monitoring: distinct('monitoring'),
      company: distinct('company'),
      peerIdentity: distinct('peer_identity'),
      memoryPrompt: distinct('memory_prompt'),
      scratchpad: distinct('scratchpad'),
      instruction: distinct('instruction'),
      target: distinct('target'),
      harness: distinct('harness'),
      verdict: this.db.prepare(`SELECT DISTINCT verdict FROM report_counts WHERE verdict <> '' AND (${NONZERO}) ORDER BY verdict`).pluck().all() as string[],
    };
  }

  /** Cost at list prices per model (the same figures as `ResultStore.costTotals()`). */
  costTotals(): CostTotal[] {
    return readCostTotals(this.db);
  }

  /** Every trial's cell, status and current findings without transcripts, for the study's tables. */
  trialVerdicts(filter: TrialVerdictsFilter = {}): TrialVerdicts[] {
    return readTrialVerdicts(this.db, filter);
  }

  /** Every trial's cell, status and (chosen) findings, one at a time, index-only (see {@link streamTrialVerdicts}). */
  streamTrialVerdicts(options: TrialVerdictsStreamOptions = {}): Generator<TrialVerdicts> {
    return streamTrialVerdicts(this.db, options);
  }

  /** How many trials match `query`. */
  countTrials(query: TrialQuery = {}): number {
    const { where, parameters } = buildWhere(query);
    return this.db.prepare(`SELECT COUNT(*) FROM trials t${where}`).pluck().get(...parameters) as number;
  }

  /** One page of matching trials with their findings, ordered by start time then key. */
  pageTrials(query: TrialQuery = {}, page: { offset?: number; limit?: number } = {}): TrialListing[] {
    const { where, parameters } = buildWhere(query);
    const limit = clampInteger(page.limit ?? 50, 1, 1000);
    const offset = clampInteger(page.offset ?? 0, 0, Number.MAX_SAFE_INTEGER);
    // Keys first (sorted within the covering index), then only this page's rows: the big rows are never sorted.
    const keys = this.db
      .prepare(`SELECT t.key FROM trials t${where} ORDER BY t.started_at, t.key LIMIT ? OFFSET ?`)
      .pluck()
      .all(...parameters, limit, offset) as string[];
    return this.trialsByKeys(keys);
  }

  /** Listings of the trials with these keys (unknown keys are skipped), in the order given. */
  trialsByKeys(keys: readonly string[]): TrialListing[] {
    const byKey = new Map<string, TrialListing>();
    const statement = this.db.prepare(
      `SELECT ${SUMMARY_COLUMNS}, (SELECT COUNT(*) FROM findings f WHERE f.trial_key = t.key) AS finding_count FROM trials t WHERE t.key = ?`,
    );
    const rows: Array<StoredTrialRow & { finding_count: number }> = [];
    for (const key of keys) {
      const row = statement.get(key) as (StoredTrialRow & { finding_count: number }) | undefined;
      if (row !== undefined) rows.push(row);
    }
    for (const listing of this.withFindings(rows)) byKey.set(listing.key, listing);
    return keys.flatMap((key) => byKey.get(key) ?? []);
  }

  /**
   * Keys of at most `limit` trials chosen so that every report group (model, family, subject, relationship,
   * instantiation, monitoring, company and ablation factors) is represented: groups take turns, and within a group errored trials and trials with
   * a `yes` finding come first, then the rest by start time. Used to decide which transcripts a static report embeds.
   */
  sampleKeys(limit: number): string[] {
    if (limit <= 0) return [];
    return this.db
      .prepare(SAMPLE_KEYS_SQL)
      .pluck()
      .all(Math.floor(limit)) as string[];
  }

  /** The full record of one trial, or null. @throws StoreError `E_STORE_CORRUPT` when its transcript does not decode. */
  getTrial(key: string): TrialRecord | null {
    const row = this.db.prepare(`SELECT ${TRIAL_COLUMNS.join(', ')} FROM trials WHERE key = ?`).get(key) as
      | (StoredTrialRow & { transcript: Buffer; transcript_encoding: string })
      | undefined;
    if (row === undefined) return null;
    let transcript;
    try {
      transcript = decodeTranscript(row.transcript_encoding, row.transcript);
    } catch (error) {
      throw new StoreError('E_STORE_CORRUPT', `transcript of trial ${key} in result store ${this.path} does not decode`, { cause: error });
    }
    return trialRecordFromRow(row, transcript, this.findingsOf(key));
  }

  /** The stored transcript of each key as gzip-compressed JSON, without decompressing (unknown keys are skipped). */
  compressedTranscripts(keys: readonly string[]): CompressedTranscript[] {
    const statement = this.db.prepare('SELECT transcript, transcript_encoding FROM trials WHERE key = ?');
    const out: CompressedTranscript[] = [];
    for (const key of keys) {
      const row = statement.get(key) as { transcript: Buffer; transcript_encoding: string } | undefined;
      if (row === undefined) continue;
      const gzipJson = row.transcript_encoding === 'gzip+json' ? row.transcript : gzipSync(row.transcript);
      out.push({ key, gzipJson });
    }
    return out;
  }

  /**
   * Searches transcripts (case-insensitive, plain text over the transcript's JSON, findings' reasons included) of
   * the trials matching `query`, in key order, decompressing one transcript at a time and stopping at `limit` hits
   * or after `budgetMs`; continue with the returned cursor.
   */
  searchTranscripts(query: TrialQuery, text: string, options: SearchOptions = {}): SearchResult {
    const needle = text.toLowerCase();
    const limit = clampInteger(options.limit ?? 50, 1, 500);
    const budgetMs = options.budgetMs ?? 400;
    const context = options.contextChars ?? 60;
    if (needle.length === 0) return { hits: [], scanned: 0, nextCursor: null };
    const { where, parameters } = buildWhere(query, options.cursor === undefined ? [] : ['t.key > ?']);
    if (options.cursor !== undefined) parameters.push(options.cursor);
    const iterator = this.db
      .prepare(`SELECT t.key AS key, t.transcript AS transcript, t.transcript_encoding AS encoding FROM trials t${where} ORDER BY t.key`)
      .iterate(...parameters) as IterableIterator<{ key: string; transcript: Buffer; encoding: string }>;
    const reasons = this.db.prepare("SELECT group_concat(reason, ' | ') FROM findings WHERE trial_key = ?").pluck();
    const started = performance.now();
    const hits: SearchHit[] = [];
    let scanned = 0;
    let lastKey: string | null = null;
    let exhausted = true;
    try {
      for (const row of iterator) {
        scanned += 1;
        lastKey = row.key;
        const excerpt =
          findExcerpt(transcriptText(row.encoding, row.transcript), needle, context) ??
          findExcerpt(String(reasons.get(row.key) ?? ''), needle, context);
        if (excerpt !== null) hits.push({ key: row.key, excerpt });
        if (hits.length >= limit || performance.now() - started > budgetMs) {
          exhausted = false;
          break;
        }
      }
    } finally {
      iterator.return?.();
    }
    return { hits, scanned, nextCursor: exhausted ? null : lastKey };
  }

  /** Releases the connection. */
  close(): void {
    this.db.close();
  }

  /** The current revision's findings, advisory ones included (as `ResultStore.getTrial` returns them). */
  private findingsOf(key: string): Finding[] {
    return (
      this.db
        .prepare(CURRENT_FINDINGS)
        .all(key, key) as StoredFindingRow[]
    ).map(findingFromRow);
  }

  private withFindings(rows: ReadonlyArray<StoredTrialRow & { finding_count: number }>): TrialListing[] {
    const findings = this.db.prepare(CURRENT_FINDINGS);
    return rows.map((row) => ({
      ...trialSummaryFromRow(row),
      ...(row.harness === undefined || row.harness === 'tools' ? {} : { harness: row.harness }),
      costUsd: row.cost_usd,
      findings: (findings.all(row.key, row.key) as StoredFindingRow[]).map(findingFromRow),
    }));
  }
}

function buildWhere(query: TrialQuery, extra: string[] = []): { where: string; parameters: Array<string | number> } {
  const conditions: string[] = [];
  const parameters: Array<string | number> = [];
  for (const field of EQUALITY_FIELDS) {
    const value = query[field];
    if (value !== undefined) {
      conditions.push(`t.${field} = ?`);
      parameters.push(value);
    }
  }
  for (const [field, column] of FACTOR_FIELDS) {
    const value = query[field];
    if (value !== undefined) {
      conditions.push(`t.${column} = ?`);
      parameters.push(value);
    }
  }
  if (query.threshold !== undefined) {
    if (query.threshold === 'none') conditions.push('t.threshold IS NULL');
    else {
      conditions.push('t.threshold = ?');
      parameters.push(query.threshold);
    }
  }
  if (query.outcome === 'error') conditions.push("t.status = 'error'");
  else if (query.outcome !== undefined) {
    if (query.verdict !== undefined) {
      conditions.push('t.key IN (SELECT f.trial_key FROM findings f WHERE f.verdict = ? AND f.outcome = ?)');
      parameters.push(query.verdict, query.outcome);
    } else {
      conditions.push('t.key IN (SELECT f.trial_key FROM findings f WHERE f.outcome = ?)');
      parameters.push(query.outcome);
    }
  }
  // The parameters of `extra` conditions are appended by the caller after these.
  conditions.push(...extra);
  return { where: conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '', parameters };
}

/** The searchable text of a transcript: messages, reasoning, tool names, arguments, outputs and world changes. */
function transcriptText(encoding: string, data: Buffer): string {
  let events;
  try {
    events = decodeTranscript(encoding, data).events;
  } catch {
    return '';
  }
  const parts: string[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'message-system':
      case 'message-user':
      case 'message-assistant':
      case 'reasoning-recorded':
        parts.push(event.text);
        break;
      case 'tool-called':
        parts.push(`${event.name} ${event.rawArgs ?? JSON.stringify(event.args)}`);
        break;
      case 'tool-returned':
        parts.push(event.output, ...event.changes.map((change) => `${change.path} ${JSON.stringify(change.before ?? null)} ${JSON.stringify(change.after ?? null)}`));
        for (const equivalent of event.equivalents ?? []) parts.push(`${equivalent.name} ${JSON.stringify(equivalent.args)}`);
        break;
      case 'interview-asked':
      case 'interview-answered':
        parts.push(event.text);
        break;
      case 'harness-log-saved':
        parts.push(`${event.kind} ${event.path}`);
        break;
      case 'usage-recorded':
        break;
      case 'trial-stopped':
        parts.push(event.reason, event.detail ?? '');
        break;
      default: {
        const unhandled: never = event;
        void unhandled;
      }
    }
  }
  return parts.join('\n');
}

/** The text around the first case-insensitive match of `needle` (already lower case), or null. */
function findExcerpt(haystack: string, needle: string, context: number): string | null {
  const at = haystack.toLowerCase().indexOf(needle);
  if (at < 0) return null;
  const start = Math.max(0, at - context);
  const end = Math.min(haystack.length, at + needle.length + context);
  return `${start > 0 ? '…' : ''}${haystack.slice(start, end)}${end < haystack.length ? '…' : ''}`;
}

function clampInteger(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

