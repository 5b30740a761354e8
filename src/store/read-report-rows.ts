import type { Database } from 'better-sqlite3';
import { buildReportRows, type ErrorCount, type VerdictCount } from '../report/build-report-rows.js';
import type { ReportRow } from '../report/report-row.js';
import type { AggregateOptions } from './result-store.js';

/** The report groups' `report_counts` columns with their `ReportRow` names: study factors, then company and ablation factors. */
const GROUP_COLUMNS = ['model', 'family', 'subject', 'relationship', 'instantiation'] as const;
const CELL_COLUMNS = ['dataset', 'threshold', 'monitoring'] as const;
const FACTOR_COLUMNS = [
  ['company', 'company'],
  ['peer_identity', 'peerIdentity'],
  ['memory_prompt', 'memoryPrompt'],
  ['scratchpad', 'scratchpad'],
  ['instruction', 'instruction'],
  ['target', 'target'],
  ['harness', 'harness'],
] as const;

/**
 * Report rows (`ResultStore.aggregate`) from the `report_counts` table that schema 5 keeps current with triggers:
 * its per-cell rows as they are (`byCell`), or summed over dataset, threshold and monitoring. A few thousand rows
 * instead of grouping every finding (100,000 trials: ~3 s → a few hundred ms, whatever the load on the disk).
 * `meanValue` is the groups' summed values over their count, so a fractional mean can differ in its last bits from
 * an `AVG` over the findings (whose summation order depends on the query plan anyway); counts are exact.
 */
export function readReportRows(db: Database, options: AggregateOptions = {}): ReportRow[] {
  const byCell = options.byCell === true;
  const groups = [
    ...GROUP_COLUMNS.map((column) => [column, column] as const),
    ...(byCell ? CELL_COLUMNS.map((column) => [column, column] as const) : []),
    ...FACTOR_COLUMNS,
  ];
  // threshold_key tells a missing threshold (NULL, key -1) apart in the table's key; grouping by threshold does too.
  const rows = db
    .prepare(
      `SELECT ${groups.map(([column, field]) => `${column} AS ${field}`).join(', ')}, verdict,
         SUM(n) AS n, SUM(k) AS k, SUM(unscorable) AS unscorable, SUM(value_sum) AS valueSum, SUM(value_count) AS valueCount, SUM(errors) AS errors
       FROM report_counts
       GROUP BY ${groups.map(([column]) => column).join(', ')}, verdict
       HAVING SUM(n) <> 0 OR SUM(unscorable) <> 0 OR SUM(errors) <> 0 OR SUM(value_count) <> 0`,
    )
    .all() as Array<VerdictCount & { valueSum: number; valueCount: number; errors: number }>;
  const verdictCounts: VerdictCount[] = [];
  const errorCounts: ErrorCount[] = [];
  for (const { valueSum, valueCount, errors, ...row } of rows) {
    if (row.verdict === '') {
      // Rows with verdict '' carry a group's errored trials.
      const { verdict: _verdict, n: _n, k: _k, unscorable: _unscorable, ...group } = row;
      errorCounts.push({ ...group, errors });
    } else {
      verdictCounts.push({ ...row, meanValue: valueCount > 0 ? valueSum / valueCount : null });
    }
  }
  return buildReportRows(verdictCounts, errorCounts);
}
