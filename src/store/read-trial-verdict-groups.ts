import type { Database } from 'better-sqlite3';
import type { Cell } from '../records/cell.js';
import type { Finding, FindingMethod, FindingOutcome, VerdictValue } from '../records/finding.js';
import type { TrialVerdicts } from '../records/trial-verdicts.js';
import type { TrialVerdictsFilter } from './read-trial-verdicts.js';
import { cellFromRow, type StoredTrialRow } from './trial-row.js';

/** Trials that are alike for an aggregate statistic: one representative and how many trials it stands for. */
export interface TrialVerdictGroup {
  /** A representative trial: its key and epoch are those of one member; its findings only the verdicts asked for. */
  trial: TrialVerdicts;
  count: number;
}

const CELL_COLUMNS = 't.key, t.model, t.epoch, t.family, t.subject, t.relationship, t.instantiation, t.dataset, t.threshold, t.monitoring, t.company, t.status, t.peer_identity, t.memory_prompt, t.scratchpad, t.instruction, t.target';

/**
 * Trials grouped by model, cell, status and the outcome, value and method of each of `verdicts` (in finding
 * order), counted in SQL. A statistic that reads only the cell, status and these verdicts of each trial (the
 * study's tables) gets the same answer from {@link expandTrialVerdictGroups} as from every trial's verdicts, but
 * memory grows with the number of distinct groups, not with the number of trials, and no reason, evidence or
 * transcript is read. The cell of each group is read once, from one member (`cell_id` names the whole cell).
 */
export function readTrialVerdictGroups(db: Database, verdicts: readonly string[], filter: TrialVerdictsFilter = {}): TrialVerdictGroup[] {
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
  const verdictList = verdicts.length > 0 ? verdicts.map(() => '?').join(', ') : 'NULL';
  // One pass in table order (no sort, no transcript overflow pages for these columns), findings by primary key.
  const rows = db.prepare(
    `SELECT t.rowid, t.model, t.cell_id, t.status, f.verdict, f.outcome, f.value, f.method
     FROM trials t LEFT JOIN findings f ON f.trial_key = t.key AND f.verdict IN (${verdictList})${where}
     ORDER BY t.rowid, f.position`,
  ).raw().iterate(...verdicts, ...parameters) as IterableIterator<[number, string, string, string, string | null, string | null, string | null, string | null]>;
  const representative = db.prepare(`SELECT ${CELL_COLUMNS} FROM trials t WHERE t.model = ? AND t.cell_id = ? ORDER BY t.key LIMIT 1`);
  const cells = new Map<string, { key: string; epoch: number; cell: Cell }>();
  const groups = new Map<string, TrialVerdictGroup>();
  let current: { id: number; model: string; cellId: string; status: string; signature: string; findings: Array<[string, string, string, string]> } | null = null;
  const flush = (): void => {
    if (current === null) return;
    const existing = groups.get(current.signature);
    if (existing !== undefined) {
      existing.count += 1;
      return;
    }
    const cellKey = `${current.model}\u0000${current.cellId}`;
    let cellRow = cells.get(cellKey);
    if (cellRow === undefined) {
      // One cell object per (model, cell), shared by its groups.
      const row = representative.get(current.model, current.cellId) as StoredTrialRow;
      cellRow = { key: row.key, epoch: row.epoch, cell: cellFromRow(row) };
      cells.set(cellKey, cellRow);
    }
    groups.set(current.signature, {
      trial: { key: cellRow.key, model: current.model, epoch: cellRow.epoch, cell: cellRow.cell, status: current.status as TrialVerdicts['status'], findings: current.findings.map(([verdict, outcome, value, method]): Finding => ({ verdict, outcome: outcome as FindingOutcome, value: JSON.parse(value) as VerdictValue, method: method as FindingMethod })) },
      count: 1,
    });
  };
  for (const [id, model, cellId, status, verdict, outcome, value, method] of rows) {
    if (current === null || current.id !== id) {
      flush();
      current = { id, model, cellId, status, signature: `${model}\u0000${cellId}\u0000${status}`, findings: [] };
    }
    if (verdict === null || outcome === null || value === null || method === null) continue;
    current.signature += `\u0000${verdict}\u0001${outcome}\u0001${value}\u0001${method}`;
    current.findings.push([verdict, outcome, value, method]);
  }
  flush();
  return [...groups.values()];
}

/** Every trial a list of groups stands for: each representative repeated `count` times (the same object). */
export function* expandTrialVerdictGroups(groups: Iterable<TrialVerdictGroup>): Generator<TrialVerdicts> {
  for (const group of groups) {
    for (let i = 0; i < group.count; i += 1) yield group.trial;
  }
}
