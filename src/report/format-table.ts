import { REPORT_LEGEND, reportColumns } from './report-columns.js';
import type { ReportRow } from './report-row.js';

/**
 * Report rows as an aligned plain-text table for the terminal, followed by a one-line legend.
 * Rates read `37.5% [24.0–53.2]`; n, errors and unscorable are always shown; rows with n < 10 are marked `⚠`.
 * Ends with a newline.
 */
export function formatTable(rows: readonly ReportRow[]): string {
  if (rows.length === 0) return `(no results)\n${REPORT_LEGEND}\n`;
  const columns = reportColumns(rows);
  const cells = rows.map((row) => columns.map((column) => oneLine(column.cell(row))));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((line) => (line[index] ?? '').length)),
  );
  const render = (values: readonly string[]): string =>
    values
      .map((value, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.align === 'right' ? value.padStart(width) : value.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const header = render(columns.map((column) => column.header));
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [header, rule, ...cells.map(render), REPORT_LEGEND].join('\n') + '\n';
}

/** Control characters would break the alignment; a table never shows them. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}
