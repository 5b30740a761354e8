import type { Cell } from '../records/cell.js';
import type { Finding } from '../records/finding.js';
import type { TrialRecord, TrialStatus, TrialUsage } from '../records/trial-record.js';
import type { ReportRow } from '../report/report-row.js';

/** What {@link ResultStore.createRun} records about one invocation of an experiment. */
export interface NewRun {
  /** Caller-chosen unique id. */
  id: string;
  /** The experiment's resolved settings; stored as JSON. */
  settings: unknown;
  /** The command line that started the run, for the record. */
  command?: string;
}

/** A stored run. */
export interface RunInfo {
  id: string;
  /** ISO-8601 time the run was created. */
  createdAt: string;
  settings: unknown;
  command?: string;
}

/** Filter for {@link ResultStore.listTrials}; absent fields do not filter. */
export interface TrialFilter {
  model?: string;
  family?: string;
  status?: TrialStatus;
  /** At most this many rows (ordered by start time, then key). */
  limit?: number;
}

/** A trial without its transcript and findings: what listings show. */
export interface TrialSummary {
  key: string;
  runId: string;
  model: string;
  epoch: number;
  cell: Cell;
  /** The cell's short id, e.g. `tampering/peer/good/file/factual@80`. */
  cellId: string;
  status: TrialStatus;
  error: string | null;
  usage: TrialUsage;
  startedAt: string;
  durationMs: number;
  findingCount: number;
  /** The harness that ran the trial (schema 7); absent for `tools`. */
  harness?: string;
}

/** Number of stored trials per status. */
export type StatusCounts = Record<TrialStatus, number>;

/** What one model's stored trials cost (errored trials included: their calls were paid for). */
export interface CostTotal {
  model: string;
  trials: number;
  /** Sum of known costs in USD. */
  costUsd: number;
  /** Trials whose cost is unknown (unpriced model, or stored before costs were recorded). */
  unpriced: number;
}

/** Options for {@link ResultStore.aggregate}. */
export interface AggregateOptions {
  /** Also group by the cell factors dataset, threshold and monitoring (default false). */
  byCell?: boolean;
}

/** Where a new revision of a trial's findings comes from (see {@link ResultStore.saveFindingRevision}). */
export interface FindingRevisionProvenance {
  source: 'rescore';
  /** What produced it, stored as JSON: judge model, paper-compat, prompt and pack hashes, the command. */
  settings: unknown;
}

/** One revision of a trial's findings: revision 1 comes from the run, later ones from `rescore`. */
export interface FindingRevision {
  revision: number;
  /** ISO-8601 time the revision was stored. */
  createdAt: string;
  source: 'run' | 'rescore';
  settings: unknown;
  /** Whether this is the revision `getTrial` returns and `aggregate` counts (always the newest). */
  current: boolean;
  /** All its findings in order, advisory ones included. */
  findings: Finding[];
}

/**
 * The results store port: where trial records are saved, resumed from, and aggregated for reports.
 * Methods are synchronous; every implementation must pass `describeResultStoreContract`.
 */
export interface ResultStore {
  /** Records a run. @throws StoreError `E_STORE_RUN_EXISTS` when the id is taken. */
  createRun(run: NewRun): void;
  /** The run with this id, or null. */
  getRun(id: string): RunInfo | null;
  /** Keys of trials whose status is `completed` (errored trials are not complete, so a resume re-runs them). */
  completedKeys(): Set<string>;
  /** Saves one trial and its findings atomically; an existing trial with the same key is replaced, findings included. */
  saveTrial(record: TrialRecord): void;
  /** Saves many trials in one transaction (all or nothing), with the replace semantics of {@link saveTrial}. */
  saveTrials(records: readonly TrialRecord[]): void;
  /**
   * The trial whose key equals `keyOrUniquePrefix`, else the only trial whose key starts with it, else null.
   * @throws StoreError `E_STORE_AMBIGUOUS_KEY` when the prefix matches several trials.
   */
  getTrial(keyOrUniquePrefix: string): TrialRecord | null;
  /** Lightweight rows (no transcript, no findings), ordered by start time then key. */
  listTrials(filter?: TrialFilter): TrialSummary[];
  countByStatus(): StatusCounts;
  /** Cost per model over every stored trial, ordered by model. */
  costTotals(): CostTotal[];
  /** Report rows: per group and verdict, the rate with its Wilson interval; see `ReportRow`. */
  aggregate(options?: AggregateOptions): ReportRow[];
  /**
   * Stores a new revision of a trial's findings without touching its transcript. Earlier revisions stay in the
   * history with their provenance; the new one becomes current (what `getTrial` returns and `aggregate` counts).
   * Returns the new revision number.
   * @throws StoreError `E_STORE_NO_TRIAL` when no trial has this exact key.
   */
  saveFindingRevision(key: string, findings: readonly Finding[], provenance: FindingRevisionProvenance): number;
  /** Every revision of a trial's findings, oldest first; empty when there is no such trial. */
  findingRevisions(key: string): FindingRevision[];
  /** Releases the database; the store must not be used afterwards. */
  close(): void;
}
