import { FAMILIES, INSTANTIATIONS, RELATIONSHIPS, SUBJECTS, DATASETS, MONITORINGS } from '../records/cell.js';
import { wilsonInterval } from '../stats/wilson-interval.js';
import { REPORT_FACTOR_DEFAULTS, REPORT_FACTORS, type ReportGroup, type ReportRow } from './report-row.js';

/** Finding counts of one group and verdict, over trials with status `completed`. */
export interface VerdictCount extends ReportGroup {
  verdict: string;
  /** Findings with outcome `yes` or `no`. */
  n: number;
  /** Findings with outcome `yes`. */
  k: number;
  /** Findings with outcome `unscorable`. */
  unscorable: number;
  /** Mean of numeric finding values, null if none. */
  meanValue: number | null;
}

/** Number of errored trials in one group. */
export interface ErrorCount extends ReportGroup {
  errors: number;
}

/** The verdict name of the row emitted for a group that has errored trials but no findings at all. */
export const TRIAL_ONLY_VERDICT = '(trial)';

/**
 * Joins finding counts with error counts into report rows: each group's error count is repeated on every verdict
 * row of that group, a group with errors but no findings gets one `(trial)` row with n = 0, and every row gets its
 * rate with a Wilson 95 % interval. Groups must carry the cell factors either in all inputs or in none. Ablation
 * factors may be given with their default value (as the store has them): a default is the same as absent, and rows
 * carry only the non-default ones.
 *
 * Rows are sorted by model, then by the study's factor order (family, subject, relationship, instantiation,
 * dataset, threshold, monitoring), then by the ablation factors (rows without any first, then by `name=value` text), then by verdict.
 */
export function buildReportRows(verdictCounts: readonly VerdictCount[], errorCounts: readonly ErrorCount[]): ReportRow[] {
  const errorsByGroup = new Map<string, ErrorCount>();
  for (const count of errorCounts) errorsByGroup.set(groupKey(count), count);

  const rows: ReportRow[] = [];
  const groupsWithFindings = new Set<string>();
  for (const count of verdictCounts) {
    const key = groupKey(count);
    groupsWithFindings.add(key);
    const errors = errorsByGroup.get(key)?.errors ?? 0;
    rows.push(makeRow(count, count.verdict, count.n, count.k, count.unscorable, count.meanValue, errors));
  }
  for (const [key, count] of errorsByGroup) {
    if (!groupsWithFindings.has(key) && count.errors > 0) {
      rows.push(makeRow(count, TRIAL_ONLY_VERDICT, 0, 0, 0, null, count.errors));
    }
  }
  return rows.sort(compareRows);
}

function makeRow(
  group: ReportGroup,
  verdict: string,
  n: number,
  k: number,
  unscorable: number,
  meanValue: number | null,
  errors: number,
): ReportRow {
  const interval = wilsonInterval(k, n);
  // Fixed key order, so that the JSON output is stable.
  const row: ReportRow = {
    model: group.model,
    family: group.family,
    subject: group.subject,
    relationship: group.relationship,
    instantiation: group.instantiation,
    verdict,
    n,
    k,
    rate: interval.rate,
    low: interval.low,
    high: interval.high,
    errors,
    unscorable,
    meanValue,
  };
  if (group.dataset !== undefined) row.dataset = group.dataset;
  if (group.threshold !== undefined) row.threshold = group.threshold;
  if (group.monitoring !== undefined) row.monitoring = group.monitoring;
  for (const factor of REPORT_FACTORS) {
    const value = factorValue(group, factor);
    if (value !== null) row[factor] = value;
  }
  return row;
}

/** The group's value of an ablation factor, or null when it is absent or the default. */
function factorValue(group: ReportGroup, factor: (typeof REPORT_FACTORS)[number]): string | null {
  const value = group[factor];
  return value === undefined || value === null || value === REPORT_FACTOR_DEFAULTS[factor] ? null : value;
}

function groupKey(group: ReportGroup): string {
  return JSON.stringify([
    group.model,
    group.family,
    group.subject,
    group.relationship,
    group.instantiation,
    group.dataset ?? null,
    group.threshold ?? null,
    group.monitoring ?? null,
    ...REPORT_FACTORS.map((factor) => factorValue(group, factor)),
  ]);
}

/** `name=value` words of the row's ablation factors: empty (the study's rows) sorts first. */
function factorSortKey(row: ReportRow): string {
  return REPORT_FACTORS.filter((factor) => row[factor] !== undefined).map((factor) => `${factor}=${row[factor]}`).join(' ');
}

function compareRows(a: ReportRow, b: ReportRow): number {
  return (
    a.model.localeCompare(b.model, 'en') ||
    compareInOrder(FAMILIES, a.family, b.family) ||
    compareInOrder(SUBJECTS, a.subject, b.subject) ||
    compareInOrder(RELATIONSHIPS, a.relationship, b.relationship) ||
    compareInOrder(INSTANTIATIONS, a.instantiation, b.instantiation) ||
    compareInOrder(DATASETS, a.dataset ?? '', b.dataset ?? '') ||
    (a.threshold ?? -1) - (b.threshold ?? -1) ||
    compareInOrder(MONITORINGS, a.monitoring ?? '', b.monitoring ?? '') ||
    factorSortKey(a).localeCompare(factorSortKey(b), 'en') ||
    a.verdict.localeCompare(b.verdict, 'en')
  );
}

/** Known values in their declared order first, then unknown ones alphabetically. */
function compareInOrder(order: readonly string[], a: string, b: string): number {
  const rankA = order.indexOf(a);
  const rankB = order.indexOf(b);
  if (rankA !== rankB) {
    if (rankA === -1) return 1;
    if (rankB === -1) return -1;
    return rankA - rankB;
  }
  return a.localeCompare(b, 'en');
}
