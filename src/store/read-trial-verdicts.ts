import type { Database } from 'better-sqlite3';
import type { TrialVerdicts } from '../records/trial-verdicts.js';
import { cellFromRow, findingFromRow, statusFromRow, type StoredFindingRow, type StoredTrialRow } from './trial-row.js';

/** Filter for {@link readTrialVerdicts}; absent fields do not filter. */
export interface TrialVerdictsFilter {
  models?: readonly string[];
  families?: readonly string[];
}

const CELL_COLUMNS = 't.key, t.model, t.epoch, t.family, t.subject, t.relationship, t.instantiation, t.dataset, t.threshold, t.monitoring, t.company, t.status, t.peer_identity, t.memory_prompt, t.scratchpad, t.instruction, t.target';

/**
 * Every trial's cell, status and findings (no transcript), in key order, for aggregate statistics such as the
 * paper tables. Two queries (trials, then findings in (key, position) order) joined in one pass, so memory is
 * proportional to the result, not to the transcripts.
 */
export function readTrialVerdicts(db: Database, filter: TrialVerdictsFilter = {}): TrialVerdicts[] {
  const conditions: string[] = [];
  const parameters: string[] = [];
  if (filter.models !== undefined && filter.models.length > 0) {
    conditions.push(`t.model IN (${filter.models.map(() => '?').join(', ')})`);
    parameters.push(...filter.models);
  }
  if (filter.families !== undefined && filter.families.length > 0) {
    conditions.push(`t.family IN (${filter.families.map(() => '?').join(', ')})`);
    parameters.push(...filter.families);
  }
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const trialRows = db.prepare(`SELECT ${CELL_COLUMNS} FROM trials t${where} ORDER BY t.key`).all(...parameters) as StoredTrialRow[];
  const findingRows = db.prepare(
    `SELECT f.trial_key AS trial_key, f.verdict, f.outcome, f.value, f.method, f.reason, f.evidence
     FROM findings f JOIN trials t ON t.key = f.trial_key${where} ORDER BY f.trial_key, f.position`,
  ).iterate(...parameters) as IterableIterator<StoredFindingRow & { trial_key: string }>;
  const trials = trialRows.map((row): TrialVerdicts => ({
    key: row.key,
    model: row.model,
    epoch: row.epoch,
    cell: cellFromRow(row),
    status: statusFromRow(row),
    findings: [],
  }));
  const byKey = new Map(trials.map((trial) => [trial.key, trial]));
  for (const row of findingRows) byKey.get(row.trial_key)?.findings.push(findingFromRow(row));
  return trials;
}
