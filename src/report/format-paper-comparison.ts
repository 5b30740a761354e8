import type { Comparison } from '../stats/paper-tables/compare-with-published.js';

function number(value: number | null): string {
  return value === null ? '–' : value.toFixed(1);
}

/** The comparison with published values as a terminal table. */
export function formatPaperComparison(comparison: Comparison): string {
  const lines: string[] = [];
  lines.push(`Comparison with published values (${comparison.source})`);
  if (comparison.mapping.length === 0) {
    lines.push('None of the stored models maps to a study model; name one with --compare-as MODELREF=STUDYNAME.');
    return lines.join('\n');
  }
  lines.push(`Compared as: ${comparison.mapping.map((m) => `${m.model} = ${m.studyModel}`).join('; ')}`);
  lines.push('max: our interval is [max of the instantiations\' lower limits, max of their upper limits]; avg: MOVER-Wilson interval of the average.');
  lines.push('');
  const header = ['table', 'model', 'behaviour', 'column', 'stat', 'published', 'ours', '95% interval', 'inside', 'n', 'source'];
  const body = comparison.rows.map((row) => [
    row.table,
    row.model,
    row.behaviour,
    row.relationship,
    row.statistic,
    number(row.published),
    number(row.ours),
    row.low === null ? '–' : `[${number(row.low)}, ${number(row.high)}]`,
    row.inside === null ? 'no data' : row.inside ? 'yes' : 'NO',
    String(row.n),
    row.source + (row.note === undefined ? '' : ` (${row.note})`),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const render = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  lines.push(render(header));
  for (const r of body) lines.push(render(r));
  const decided = comparison.rows.filter((r) => r.inside !== null);
  lines.push('');
  lines.push(`${decided.filter((r) => r.inside).length} of ${decided.length} published values with data lie inside our interval; ${comparison.rows.length - decided.length} without data.`);
  if (comparison.unmatchedCells > 0) lines.push(`${comparison.unmatchedCells} published cells belong to study models not in the store.`);
  return lines.join('\n');
}
