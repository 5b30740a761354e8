import { formatRate } from './format-rate.js';
import { REPORT_FACTORS, type ReportRow } from './report-row.js';

/** Rows with fewer scorable findings than this get {@link LOW_N_MARK}. */
export const LOW_N_THRESHOLD = 10;

/** The mark shown after the rate of a row with n < {@link LOW_N_THRESHOLD}. */
export const LOW_N_MARK = '⚠';

/** One line explaining the columns of the human-readable tables. */
export const REPORT_LEGEND =
  `rate = k/n, Wilson 95% CI · n = yes + no findings · errors = errored trials (not in n) · ` +
  `unscorable = undecided findings (not in n) · mean = mean numeric value · ${LOW_N_MARK} n < ${LOW_N_THRESHOLD}`;

/** One column of the terminal and markdown tables. */
export interface ReportColumn {
  header: string;
  align: 'left' | 'right';
  /** The cell text, unescaped. */
  cell(row: ReportRow): string;
}

const GROUP_COLUMNS: ReportColumn[] = [
  { header: 'model', align: 'left', cell: (row) => row.model },
  { header: 'family', align: 'left', cell: (row) => row.family },
  { header: 'subject', align: 'left', cell: (row) => row.subject },
  { header: 'relationship', align: 'left', cell: (row) => row.relationship },
  { header: 'instantiation', align: 'left', cell: (row) => row.instantiation },
];

const CELL_COLUMNS: ReportColumn[] = [
  { header: 'dataset', align: 'left', cell: (row) => row.dataset ?? '' },
  { header: 'threshold', align: 'right', cell: (row) => (row.threshold === undefined ? '' : row.threshold === null ? '—' : String(row.threshold)) },
  { header: 'monitoring', align: 'left', cell: (row) => row.monitoring ?? '' },
];

/** Short names of the ablation factors in the `factors` column, e.g. `target=human identity=llama`. */
const FACTOR_LABELS: Record<(typeof REPORT_FACTORS)[number], string> = {
  company: 'company',
  peerIdentity: 'identity',
  memoryPrompt: 'memory',
  scratchpad: 'scratchpad',
  instruction: 'instruction',
  target: 'target',
  harness: 'harness',
};

/** The row's non-default ablation factors as `name=value` words; empty for the study's own cells. */
export function factorText(row: ReportRow): string {
  return REPORT_FACTORS.filter((factor) => row[factor] !== undefined).map((factor) => `${FACTOR_LABELS[factor]}=${row[factor]}`).join(' ');
}

const FACTOR_COLUMN: ReportColumn = { header: 'factors', align: 'left', cell: factorText };

const MEASURE_COLUMNS: ReportColumn[] = [
  { header: 'verdict', align: 'left', cell: (row) => row.verdict },
  {
    header: 'rate [95% CI]',
    align: 'left',
    cell: (row) => (row.n < LOW_N_THRESHOLD ? `${formatRate(row)} ${LOW_N_MARK}` : formatRate(row)),
  },
  { header: 'k', align: 'right', cell: (row) => String(row.k) },
  { header: 'n', align: 'right', cell: (row) => String(row.n) },
  { header: 'errors', align: 'right', cell: (row) => String(row.errors) },
  { header: 'unscorable', align: 'right', cell: (row) => String(row.unscorable) },
  { header: 'mean', align: 'right', cell: (row) => (row.meanValue === null ? '—' : row.meanValue.toFixed(2)) },
];

/**
 * The columns of the human-readable tables for these rows: the group, the cell factors when any row carries them
 * (a per-cell report), a `factors` column when any row carries an ablation factor, then verdict, rate with
 * interval, k, n, errors, unscorable and mean value.
 */
export function reportColumns(rows: readonly ReportRow[]): ReportColumn[] {
  const byCell = rows.some((row) => row.dataset !== undefined || row.threshold !== undefined || row.monitoring !== undefined);
  const factors = rows.some((row) => factorText(row) !== '');
  return [...GROUP_COLUMNS, ...(byCell ? CELL_COLUMNS : []), ...(factors ? [FACTOR_COLUMN] : []), ...MEASURE_COLUMNS];
}
