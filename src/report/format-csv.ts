import type { ReportRow } from './report-row.js';

/**
 * The CSV columns, in order: the {@link ReportRow} fields (cell factors always present, empty when not per cell;
 * the ablation factors and the harness last, always present, empty at their default).
 */
export const CSV_COLUMNS = [
  'model', 'family', 'subject', 'relationship', 'instantiation', 'dataset', 'threshold', 'monitoring',
  'verdict', 'n', 'k', 'rate', 'low', 'high', 'errors', 'unscorable', 'meanValue',
  'company', 'peerIdentity', 'memoryPrompt', 'scratchpad', 'instruction', 'target', 'harness',
] as const satisfies ReadonlyArray<keyof ReportRow>;

/**
 * Report rows as RFC 4180 CSV: a header line, CRLF line ends, fields quoted when they contain a comma, quote,
 * CR or LF (quotes doubled). Rates are fractions in [0, 1] at full precision; null and absent values are empty.
 */
export function formatCsv(rows: readonly ReportRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((column) => csvField(row[column])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
