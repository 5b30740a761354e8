import type { PaperTable, PaperTables } from '../stats/paper-tables/build-paper-tables.js';
import type { PaperBehaviour, PaperTableCell } from '../stats/paper-tables/paper-table-cell.js';

/** Row labels of the paper tables' behaviours (the AF score component is indented under alignment faking). */
export const BEHAVIOUR_LABELS: Record<PaperBehaviour, string> = {
  'strategic-misrepresentation': 'Strategic misrep. (pp)',
  'shutdown-tampering': 'Shutdown tampering (%)',
  'alignment-faking': 'Alignment faking (pp)',
  'alignment-faking-score': '  AF score component (pp)',
  exfiltration: 'Exfiltration (%)',
  refusal: 'Refusal (%)',
};

/** Column labels of the paper tables' relationships. */
export const COLUMN_LABELS: Record<string, string> = { none: 'no peer', bad: 'bad peer', neutral: 'neutral peer', good: 'good peer' };

const CELL_WIDTH = 24;

function percent(value: number | null, signed: boolean): string {
  if (value === null) return '–';
  const text = (100 * value).toFixed(1);
  return signed && value > 0 ? `+${text}` : text === '-0.0' ? '0.0' : text;
}

function stars(p: number | null): string {
  if (p === null) return '';
  return p < 0.001 ? '***' : p < 0.01 ? '**' : p < 0.05 ? '*' : '';
}

/** The three lines of one cell: the study's max / avg, our pooled estimate with its interval, counts and tests. */
export function formatPaperCell(cell: PaperTableCell): [string, string, string] {
  const signed = cell.kind === 'difference';
  const study = cell.max === null ? '–' : `${percent(cell.max, signed)} / ${percent(cell.avg, signed)}${stars(cell.tests.combinedP)}`;
  const pooled = cell.pooled.estimate === null
    ? 'no data'
    : `${percent(cell.pooled.estimate, signed)} [${percent(cell.pooled.low, false)}, ${percent(cell.pooled.high, false)}]${cell.tests.holmP !== null && cell.tests.holmP < 0.05 ? ' H' : ''}`;
  const counts = `n=${cell.n}${cell.compareN !== null ? `/${cell.compareN}` : ''}${cell.errors > 0 ? ` e=${cell.errors}` : ''}${cell.unscorable > 0 ? ` u=${cell.unscorable}` : ''}${cell.warnings.length > 0 ? ' !' : ''}`;
  return [study, pooled, counts];
}

function formatTable(table: PaperTable): string[] {
  const lines: string[] = [];
  const modelWidth = Math.max(12, ...table.models.map((m) => m.length)) + 2;
  const behaviourWidth = 27;
  lines.push(table.title);
  lines.push(`${'model'.padEnd(modelWidth)}${'behaviour'.padEnd(behaviourWidth)}${table.columns.map((c) => (COLUMN_LABELS[c] ?? c).padEnd(CELL_WIDTH)).join('')}`);
  const notes: string[] = [];
  for (const model of table.models) {
    for (const behaviour of table.behaviours) {
      const cells = table.columns.map((relationship) => table.cells.find((c) => c.model === model && c.behaviour === behaviour && c.relationship === relationship)!);
      if (cells.every((c) => c.n === 0 && c.errors === 0 && (c.compareN ?? 0) === 0)) continue;
      const formatted = cells.map(formatPaperCell);
      for (let line = 0; line < 3; line += 1) {
        const head = line === 0 ? `${model.padEnd(modelWidth)}${BEHAVIOUR_LABELS[behaviour].padEnd(behaviourWidth)}` : `${''.padEnd(modelWidth)}${(line === 1 ? '  pooled [95% CI]' : '  n, errors, unscorable').padEnd(behaviourWidth)}`;
        lines.push(`${head}${formatted.map((f) => (f[line] ?? "").padEnd(CELL_WIDTH)).join('')}`.trimEnd());
      }
      for (const cell of cells) {
        const where = `${model} · ${BEHAVIOUR_LABELS[behaviour].trim()} · ${COLUMN_LABELS[cell.relationship] ?? cell.relationship}`;
        notes.push(...paperCellNotes(cell, where));
      }
    }
  }
  if (notes.length > 0) {
    lines.push('');
    lines.push('Notes (! in a cell):');
    for (const note of notes) lines.push(`  - ${note}`);
  }
  return lines;
}

/** The notes of one cell (its warnings, and its value under the other missing-score policy), each prefixed by `where`. */
export function paperCellNotes(cell: PaperTableCell, where: string): string[] {
  const notes = cell.warnings.map((warning) => `${where}: ${warning}`);
  if (cell.alternative !== undefined) {
    notes.push(`${where}: with ${cell.alternative.label}: ${percent(cell.alternative.max, true)} / ${percent(cell.alternative.avg, true)}, pooled ${percent(cell.alternative.pooled, true)}`);
  }
  return notes;
}

/** The legend of the paper tables: what each of a cell's three lines means, and the options they were built with. */
export function paperTablesLegend(tables: PaperTables): string[] {
  const lines: string[] = [];
  lines.push('Each cell, line 1: max / avg over the instantiations (file, file+prompt, memory), computed as the study does;');
  lines.push('  stars: the study\'s Fisher-combined p over instantiations (* < .05, ** < .01, *** < .001).');
  lines.push('Line 2: pooled estimate with its 95% interval (Wilson for rates, Newcombe for differences); H = significant after Holm across the table.');
  lines.push('Line 3: n decided rollouts (condition/comparison for differences), e = errored trials (never counted), u = no decidable verdict.');
  lines.push(`Missing evaluation scores: ${tables.options.missingScore === 'study' ? 'counted as below threshold (the study)' : 'excluded'}; refusal: ${tables.options.paperCompatRefusal ? 'the study\'s Claude-only variant (--paper-compat)' : 'one definition for all models'}.`);
  lines.push(`Trials used: ${tables.trialsUsed}${tables.trialsExcluded > 0 ? ` (${tables.trialsExcluded} ablation or other-company trials left out)` : ''}.`);
  return lines;
}

/** The two paper tables as terminal text, with a legend. */
export function formatPaperTables(tables: PaperTables): string {
  const lines = paperTablesLegend(tables);
  lines.push('');
  lines.push(...formatTable(tables.peer));
  lines.push('');
  lines.push(...formatTable(tables.self));
  return lines.join('\n');
}
