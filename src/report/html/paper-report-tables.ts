import type { PaperTable, PaperTables } from '../../stats/paper-tables/build-paper-tables.js';
import { BEHAVIOUR_LABELS, COLUMN_LABELS, formatPaperCell, paperCellNotes, paperTablesLegend } from '../format-paper-tables.js';
import type { ReportTable } from './report-table.js';

function toReportTable(table: PaperTable, legend: string): ReportTable | null {
  const rows: ReportTable['rows'] = [];
  const notes: string[] = [];
  for (const model of table.models) {
    for (const behaviour of table.behaviours) {
      const cells = table.columns.map((relationship) => table.cells.find((c) => c.model === model && c.behaviour === behaviour && c.relationship === relationship));
      const present = cells.filter((cell): cell is NonNullable<typeof cell> => cell !== undefined);
      // As in the terminal table: a behaviour with no rollout and no error in any column is left out.
      if (present.every((c) => c.n === 0 && c.errors === 0 && (c.compareN ?? 0) === 0)) continue;
      rows.push([model, BEHAVIOUR_LABELS[behaviour].trim(), ...cells.map((cell) => (cell === undefined ? null : formatPaperCell(cell).join('\n')))]);
      for (const cell of present) {
        notes.push(...paperCellNotes(cell, `${model} · ${BEHAVIOUR_LABELS[behaviour].trim()} · ${COLUMN_LABELS[cell.relationship] ?? cell.relationship}`));
      }
    }
  }
  if (rows.length === 0) return null;
  return {
    id: `paper-${table.id}`,
    title: table.title,
    caption: 'Each cell: the study’s max / avg over instantiations (stars: Fisher-combined p); our pooled estimate [95 % CI] (H: Holm-significant); n, e = errored trials, u = no decidable verdict, ! = see the notes.',
    columns: ['model', 'behaviour', ...table.columns.map((column) => COLUMN_LABELS[column] ?? column)],
    rows,
    note: legend,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * The study's two main tables (`buildPaperTables`, the same numbers as `peerguard report --paper`) as report
 * tables: one row per model and behaviour, one column per relationship, each cell the three lines of the terminal
 * table. Tables without any decided rollout are left out, so a store without the study's own cells gives [].
 */
export function paperReportTables(tables: PaperTables): ReportTable[] {
  const legend = paperTablesLegend(tables).join('\n');
  return [toReportTable(tables.peer, legend), toReportTable(tables.self, legend)].filter((table): table is ReportTable => table !== null);
}
