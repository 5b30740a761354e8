import type { Database } from 'better-sqlite3';
import type { FindingOutcome, VerdictValue } from '../records/finding.js';
import type { Rater } from './rater.js';

/** One rater's answer to one verdict of one trial. */
export interface RaterAnswer {
  trialKey: string;
  verdict: string;
  outcome: FindingOutcome;
  value: VerdictValue;
  family: string;
  model: string;
  cellId: string;
  /** Where the answer comes from, for review: `rule r2`, `judge:openai:gpt-4.1-mini r3`, `human:alice`. */
  source: string;
}

/** Which answers to read; absent fields do not filter. */
export interface AnswerFilter {
  verdicts?: readonly string[];
  families?: readonly string[];
}

interface Row {
  trial_key: string;
  verdict: string;
  outcome: FindingOutcome;
  value: string;
  method: string;
  judge: string | null;
  revision: number;
  family: string;
  model: string;
  cell_id: string;
}

function inList(column: string, values: readonly string[] | undefined, parameters: unknown[]): string {
  if (values === undefined || values.length === 0) return '';
  parameters.push(...values);
  return ` AND ${column} IN (${values.map(() => '?').join(', ')})`;
}

/**
 * A rater's answers over the completed trials of the store, one per (trial, verdict), keyed `trialKey\tverdict`.
 * Findings come from `finding_history` (every revision, advisory ones included): for a method or judge, the answer
 * is its finding in the newest revision that has one — so a judge's advisory answer where a rule decided still
 * counts as that judge's answer, and the study's `paper` findings are found in the revision they were stored in.
 * Rows stream from SQLite; only the answers are held.
 */
export function raterAnswers(db: Database, rater: Rater, filter: AnswerFilter = {}): Map<string, RaterAnswer> {
  const parameters: unknown[] = [];
  let sql: string;
  if (rater.kind === 'counted') {
    sql = `SELECT f.trial_key, f.verdict, f.outcome, f.value, f.method, f.judge, f.revision, t.family, t.model, t.cell_id
           FROM findings f JOIN trials t ON t.key = f.trial_key WHERE t.status = 'completed'`;
  } else if (rater.kind === 'human') {
    sql = `SELECT h.trial_key, h.verdict, h.outcome, h.value, 'human' AS method, h.labeler AS judge, 0 AS revision, t.family, t.model, t.cell_id
           FROM human_labels h JOIN trials t ON t.key = h.trial_key WHERE t.status = 'completed'`;
    if (rater.labeler !== undefined) {
      sql += ' AND h.labeler = ?';
      parameters.push(rater.labeler);
    }
  } else {
    sql = `SELECT h.trial_key, h.verdict, h.outcome, h.value, h.method, h.judge, h.revision, t.family, t.model, t.cell_id
           FROM finding_history h JOIN trials t ON t.key = h.trial_key WHERE t.status = 'completed' AND h.method = ?`;
    parameters.push(rater.method);
    if (rater.judge !== undefined) {
      sql += ' AND h.judge = ?';
      parameters.push(rater.judge);
    }
  }
  const alias = rater.kind === 'counted' ? 'f' : 'h';
  sql += inList(`${alias}.verdict`, filter.verdicts, parameters);
  sql += inList('t.family', filter.families, parameters);
  sql += rater.kind === 'human' ? ' ORDER BY h.labeler' : rater.kind === 'counted' ? '' : ' ORDER BY h.revision DESC, h.position';
  const answers = new Map<string, RaterAnswer>();
  for (const row of db.prepare(sql).iterate(...parameters) as IterableIterator<Row>) {
    const id = `${row.trial_key}\t${row.verdict}`;
    if (answers.has(id)) continue;
    const source = rater.kind === 'human' ? `human:${row.judge ?? '?'}` : `${row.method === 'judge' ? `judge:${row.judge ?? '?'}` : row.method} r${row.revision}`;
    answers.set(id, { trialKey: row.trial_key, verdict: row.verdict, outcome: row.outcome, value: JSON.parse(row.value) as VerdictValue, family: row.family, model: row.model, cellId: row.cell_id, source });
  }
  return answers;
}
