import type { Database } from 'better-sqlite3';
import type { Cell } from '../records/cell.js';
import type { Finding, FindingMethod, FindingOutcome, VerdictValue } from '../records/finding.js';
import type { TrialStatus } from '../records/trial-record.js';
import type { TrialVerdicts } from '../records/trial-verdicts.js';
import { cellFromRow, type StoredTrialRow } from './trial-row.js';

/** Filter for the trial-verdict readers; absent fields do not filter. */
export interface TrialVerdictsFilter {
  models?: readonly string[];
  families?: readonly string[];
}

/** Options for {@link streamTrialVerdicts}. */
export interface TrialVerdictsStreamOptions extends TrialVerdictsFilter {
  /** Only findings with these verdicts (default: every finding). */
  verdicts?: readonly string[];
  /** Also each finding's reason and evidence (default false: they are not in the covering index). */
  details?: boolean;
}

const CELL_COLUMNS = 'key, model, epoch, family, subject, relationship, instantiation, dataset, threshold, monitoring, company, status, peer_identity, memory_prompt, scratchpad, instruction, target';

/** One finding as `json_array` builds it below: verdict, outcome, value (JSON), method[, reason, evidence (JSON)]. */
type FindingTuple = [string, string, VerdictValue, string, (string | null)?, (string[] | null)?];

/**
 * Every trial's cell, status and current findings (no transcript), one trial at a time, for aggregate statistics
 * such as the study's tables: memory does not grow with the number of trials. Without `details` the scan is
 * index-only (schema 8: `trials_by_model_cell` and `findings_by_trial_verdict`), so no `trials` row, with its
 * transcript, and no finding's reason or evidence is read. Trials come in (model, cell) order; the trials of one
 * (model, cell) share one `Cell` object, read once from a member (`cell_id` names the whole cell). Treat what it
 * yields as read-only.
 */
export function* streamTrialVerdicts(db: Database, options: TrialVerdictsStreamOptions = {}): Generator<TrialVerdicts> {
  const { sql, parameters } = trialVerdictsQuery(options);
  const rows = db.prepare(sql).raw().iterate(...parameters) as IterableIterator<[string, number, string, string, string, string]>;
  const representative = db.prepare(`SELECT ${CELL_COLUMNS} FROM trials WHERE key = ?`);
  const cells = new Map<string, Cell>();
  for (const [key, epoch, model, cellId, status, findingsJson] of rows) {
    const cellKey = `${model}\u0000${cellId}`;
    let cell = cells.get(cellKey);
    if (cell === undefined) {
      cell = cellFromRow(representative.get(key) as StoredTrialRow);
      cells.set(cellKey, cell);
    }
    const tuples = JSON.parse(findingsJson) as FindingTuple[];
    const findings = tuples.map(([verdict, outcome, value, method, reason, evidence]): Finding => {
      const finding: Finding = { verdict, outcome: outcome as FindingOutcome, value, method: method as FindingMethod };
      if (reason !== undefined && reason !== null) finding.reason = reason;
      if (evidence !== undefined && evidence !== null) finding.evidence = evidence;
      return finding;
    });
    yield { key, model, epoch, cell, status: status as TrialStatus, findings };
  }
}

/**
 * The query behind {@link streamTrialVerdicts}: one row per trial (key, epoch, model, cell_id, status, and its
 * findings as one JSON array in detector order), with its parameters. Exported for plan tests.
 */
export function trialVerdictsQuery(options: TrialVerdictsStreamOptions): { sql: string; parameters: string[] } {
  const conditions: string[] = [];
  const parameters: string[] = [...(options.verdicts ?? [])];
  if (options.models !== undefined && options.models.length > 0) {
    conditions.push(`t.model IN (${options.models.map(() => '?').join(', ')})`);
    parameters.push(...options.models);
  }
  if (options.families !== undefined && options.families.length > 0) {
    conditions.push(`t.family IN (${options.families.map(() => '?').join(', ')})`);
    parameters.push(...options.families);
  }
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const verdictCondition = options.verdicts === undefined ? '' : ` AND f.verdict IN (${options.verdicts.length > 0 ? options.verdicts.map(() => '?').join(', ') : 'NULL'})`;
  const tuple = options.details === true
    ? 'f.verdict, f.outcome, json(f.value), f.method, f.reason, json(f.evidence)'
    : 'f.verdict, f.outcome, json(f.value), f.method';
  // No ORDER BY over the whole result (no sort): the findings of each trial are ordered inside their array.
  const sql = `SELECT t.key, t.epoch, t.model, t.cell_id, t.status,
       (SELECT json_group_array(json_array(${tuple}) ORDER BY f.position) FROM findings f WHERE f.trial_key = t.key${verdictCondition}) AS findings
     FROM trials t${where}`;
  return { sql, parameters };
}

/**
 * Every trial's cell, status and current findings with their reason and evidence (no transcript), as an array
 * (see {@link streamTrialVerdicts}, which statistics over many trials should use instead).
 */
export function readTrialVerdicts(db: Database, filter: TrialVerdictsFilter = {}): TrialVerdicts[] {
  return [...streamTrialVerdicts(db, { ...filter, details: true })];
}
