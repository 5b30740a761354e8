import type { Database } from 'better-sqlite3';
import { buildReportRows, type ErrorCount, type VerdictCount } from '../report/build-report-rows.js';
import type { ReportRow } from '../report/report-row.js';
import type { AggregateOptions } from './result-store.js';

const GROUP_COLUMNS = ['model', 'family', 'subject', 'relationship', 'instantiation'] as const;
const CELL_COLUMNS = ['dataset', 'threshold', 'monitoring'] as const;
/** Ablation-factor columns (migration 004) with their report names; always grouped by, so ablation cells stay apart. */
const FACTOR_COLUMNS = ['company', 'peer_identity AS peerIdentity', 'memory_prompt AS memoryPrompt', 'scratchpad', 'instruction', 'target', 'harness'] as const;

/**
 * Report rows counted straight from `trials` and `findings` (a `GROUP BY` over every finding: seconds on a large
 * store). The reference that `report_counts`, and so `ResultStore.aggregate` (readReportRows), must equal: tests
 * compare the two after inserts, replacements, status changes, rescores and migrations.
 */
export function aggregateFromFindings(db: Database, options: AggregateOptions = {}): ReportRow[] {
  const columns = options.byCell === true ? [...GROUP_COLUMNS, ...CELL_COLUMNS, ...FACTOR_COLUMNS] : [...GROUP_COLUMNS, ...FACTOR_COLUMNS];
  const select = columns.map((column) => `t.${column}`).join(', ');
  const groupBy = columns.map((column) => `t.${column.split(' ')[0]}`).join(', ');
  // Findings of errored trials are never counted: an error is not a verdict.
  const verdictCounts = db
    .prepare(
      `SELECT ${select}, f.verdict AS verdict,
         SUM(f.outcome IN ('yes', 'no')) AS n,
         SUM(f.outcome = 'yes') AS k,
         SUM(f.outcome = 'unscorable') AS unscorable,
         AVG(CASE WHEN json_type(f.value) IN ('integer', 'real') THEN json_extract(f.value, '$') END) AS meanValue
       FROM findings f JOIN trials t ON t.key = f.trial_key
       WHERE t.status = 'completed'
       GROUP BY ${groupBy}, f.verdict`,
    )
    .all() as VerdictCount[];
  const errorCounts = db
    .prepare(`SELECT ${select}, COUNT(*) AS errors FROM trials t WHERE t.status = 'error' GROUP BY ${groupBy}`)
    .all() as ErrorCount[];
  return buildReportRows(verdictCounts, errorCounts);
}
