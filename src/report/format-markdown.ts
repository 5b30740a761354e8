import { REPORT_LEGEND, reportColumns } from './report-columns.js';
import type { ReportRow } from './report-row.js';

/**
 * Report rows as a GitHub-flavoured markdown table (numbers right-aligned) followed by the legend as a paragraph.
 * Cell text is escaped: `|`, backslash, backtick and `*` get a backslash, `<` and `>` become entities, line breaks
 * become spaces. (Underscores and brackets are left alone: GFM does not emphasise intraword `_`, and verdict names
 * such as `shutdown_enabled` stay readable in the raw file.)
 * Ends with a newline.
 */
export function formatMarkdown(rows: readonly ReportRow[]): string {
  if (rows.length === 0) return `_No results._\n\n${REPORT_LEGEND}\n`;
  const columns = reportColumns(rows);
  const line = (values: readonly string[]): string => `| ${values.join(' | ')} |`;
  return (
    [
      line(columns.map((column) => escapeMarkdown(column.header))),
      line(columns.map((column) => (column.align === 'right' ? '---:' : '---'))),
      ...rows.map((row) => line(columns.map((column) => escapeMarkdown(column.cell(row))))),
      '',
      REPORT_LEGEND,
    ].join('\n') + '\n'
  );
}

/** Escapes text for a markdown table cell (see {@link formatMarkdown}). */
function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*|]/g, (character) => `\\${character}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
