/** One Markdown table: its header cells and data rows, with the text lines they came from. */
export interface MarkdownTable {
  header: string[];
  rows: Array<{ cells: string[]; line: number }>;
  /** index of the header line */
  line: number;
}

/**
 * Reads the pipe tables of a text (`| a | b |` lines; separator rows such as `|---|:--:|` are skipped). The
 * first row of each block of consecutive pipe lines is its header.
 */
export function readMarkdownTables(text: string): MarkdownTable[] {
  const tables: MarkdownTable[] = [];
  let current: MarkdownTable | null = null;
  text.split('\n').forEach((raw, line) => {
    const trimmed = raw.trim();
    if (!trimmed.startsWith('|')) {
      current = null;
      return;
    }
    const cells = trimmed
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
    if (cells.every((cell) => /^:?-{2,}:?$/.test(cell) || cell === '')) return;
    if (current === null) {
      current = { header: cells, rows: [], line };
      tables.push(current);
    } else {
      current.rows.push({ cells, line });
    }
  });
  return tables;
}
