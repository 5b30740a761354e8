import { wilsonInterval } from '../../stats/wilson-interval.js';
import type { ReportRow } from '../report-row.js';

/** A rate over a group of report rows of one verdict: summed counts with their Wilson 95 % interval. */
export interface RolledRate {
  /** The group key returned by the `groupOf` function. */
  group: string;
  verdict: string;
  n: number;
  k: number;
  errors: number;
  unscorable: number;
  /** k / n, null when n = 0. */
  rate: number | null;
  low: number;
  high: number;
}

/**
 * Sums per-cell report rows into coarser groups (per verdict) and recomputes each group's Wilson interval.
 * `groupOf` returns the group key of a row, or null to leave the row out. Errors are summed over the rows of the
 * verdict, which counts each cell's errored trials once (every verdict row of a cell repeats its error count).
 */
export function rollUpRates(rows: readonly ReportRow[], groupOf: (row: ReportRow) => string | null): RolledRate[] {
  const sums = new Map<string, { group: string; verdict: string; n: number; k: number; errors: number; unscorable: number }>();
  for (const row of rows) {
    const group = groupOf(row);
    if (group === null) continue;
    const id = JSON.stringify([group, row.verdict]);
    const sum = sums.get(id) ?? { group, verdict: row.verdict, n: 0, k: 0, errors: 0, unscorable: 0 };
    sum.n += row.n;
    sum.k += row.k;
    sum.errors += row.errors;
    sum.unscorable += row.unscorable;
    sums.set(id, sum);
  }
  return [...sums.values()].map((sum) => ({ ...sum, ...wilsonInterval(sum.k, sum.n) }));
}
