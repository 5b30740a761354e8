import type { ReportRow } from './report-row.js';

/**
 * Report rows as a pretty-printed JSON array (the stable shape documented in docs/formats/report-json.md);
 * ends with a newline. Intervals are Wilson 95 %.
 */
export function formatJson(rows: readonly ReportRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}
