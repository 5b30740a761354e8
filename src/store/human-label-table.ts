import type { Database } from 'better-sqlite3';
import type { FindingOutcome, VerdictValue } from '../records/finding.js';

/** One person's answer to one verdict of one trial (`human_labels`, migration 009). */
export interface HumanLabel {
  trialKey: string;
  verdict: string;
  /** Who labelled: a name or handle given with `--labeler`. */
  labeler: string;
  outcome: FindingOutcome;
  value: VerdictValue;
  note: string | null;
  /** ISO-8601 time the label was stored. */
  labeledAt: string;
}

/** Stores a label; the same labeller labelling the same verdict again replaces their earlier label. */
export function saveHumanLabel(db: Database, label: HumanLabel): void {
  db.prepare(
    `INSERT INTO human_labels (trial_key, verdict, labeler, outcome, value, note, labeled_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (trial_key, verdict, labeler) DO UPDATE SET outcome = excluded.outcome, value = excluded.value, note = excluded.note, labeled_at = excluded.labeled_at`,
  ).run(label.trialKey, label.verdict, label.labeler, label.outcome, JSON.stringify(label.value), label.note, label.labeledAt);
}

interface StoredLabelRow {
  trial_key: string;
  verdict: string;
  labeler: string;
  outcome: FindingOutcome;
  value: string;
  note: string | null;
  labeled_at: string;
}

/** Labels, ordered by trial, verdict and labeller; absent filters do not filter. */
export function listHumanLabels(db: Database, filter: { trialKey?: string; labeler?: string; verdict?: string } = {}): HumanLabel[] {
  const conditions: string[] = [];
  const parameters: string[] = [];
  if (filter.trialKey !== undefined) {
    conditions.push('trial_key = ?');
    parameters.push(filter.trialKey);
  }
  if (filter.labeler !== undefined) {
    conditions.push('labeler = ?');
    parameters.push(filter.labeler);
  }
  if (filter.verdict !== undefined) {
    conditions.push('verdict = ?');
    parameters.push(filter.verdict);
  }
  const rows = db.prepare(`SELECT * FROM human_labels${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY trial_key, verdict, labeler`).all(...parameters) as StoredLabelRow[];
  return rows.map((row) => ({ trialKey: row.trial_key, verdict: row.verdict, labeler: row.labeler, outcome: row.outcome, value: JSON.parse(row.value) as VerdictValue, note: row.note, labeledAt: row.labeled_at }));
}
