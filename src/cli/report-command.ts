import type { Command } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { PRIMARY_VERDICTS } from '../detectors/detector-catalogue.js';
import type { Family } from '../records/cell.js';
import { formatCsv } from '../report/format-csv.js';
import { formatJson } from '../report/format-json.js';
import { formatMarkdown } from '../report/format-markdown.js';
import { formatTable } from '../report/format-table.js';
import type { ReportRow } from '../report/report-row.js';
import type { CostTotal, ResultStore } from '../store/result-store.js';
import { collect, nonNegativeInteger, openStore } from './cli-context.js';
import { addPaperReportOptions, printPaperReport, wantsPaperReport, type PaperReportFlags } from './paper-report.js';

const FORMATS = ['table', 'md', 'csv', 'json'] as const;
type ReportFormat = (typeof FORMATS)[number];

export interface ReportOptions {
  format: ReportFormat;
  models?: string[];
  families?: string[];
  allVerdicts: boolean;
  byCell?: boolean;
}

/** Selects and prints report rows: by default each family's headline verdicts (see PRIMARY_VERDICTS) and errors. */
export function printReport(store: ResultStore, options: ReportOptions): void {
  let rows: ReportRow[] = store.aggregate({ byCell: options.byCell ?? false });
  if (options.models && options.models.length > 0) rows = rows.filter((r) => options.models!.includes(r.model));
  if (options.families && options.families.length > 0) rows = rows.filter((r) => options.families!.includes(r.family));
  if (!options.allVerdicts) {
    rows = rows.filter((r) => r.verdict === '(trial)' || (PRIMARY_VERDICTS[r.family as Family] ?? []).includes(r.verdict));
  }
  const counts = store.countByStatus();
  switch (options.format) {
    case 'table':
      process.stdout.write(rows.length === 0 ? 'No trials stored yet: run `peerguard run` first.\n' : `${formatTable(rows)}\n`);
      process.stdout.write(`Stored trials: ${counts.completed} completed, ${counts.error} errors.\n`);
      process.stdout.write(formatCostFooter(store.costTotals().filter((c) => !options.models || options.models.length === 0 || options.models.includes(c.model))));
      return;
    case 'md':
      process.stdout.write(`${formatMarkdown(rows)}\n`);
      return;
    case 'csv':
      process.stdout.write(formatCsv(rows));
      return;
    case 'json':
      process.stdout.write(`${formatJson(rows)}\n`);
      return;
  }
}

/** The report's cost footer: total and per model at list prices, with unpriced trials counted, never as $0. */
export function formatCostFooter(totals: readonly CostTotal[]): string {
  const paid = totals.filter((t) => t.costUsd > 0 || t.unpriced > 0);
  if (paid.length === 0) return '';
  const sum = paid.reduce((total, t) => total + t.costUsd, 0);
  const unpriced = paid.reduce((total, t) => total + t.unpriced, 0);
  const lines = [`Cost at list prices: $${sum.toFixed(4)}${unpriced > 0 ? ` + ${unpriced} trial(s) of unknown cost` : ''}`];
  for (const t of paid) lines.push(`  ${t.model.padEnd(40)} $${t.costUsd.toFixed(4)} over ${t.trials} trial(s)${t.unpriced > 0 ? `, ${t.unpriced} unpriced` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function registerReportCommand(program: Command): void {
  addPaperReportOptions(program.command('report'))
    .description('rates per model × family × subject × relationship × instantiation with Wilson 95% intervals, n, errors and unscorable')
    .option('--db <path>', 'SQLite database (default .peerguard/peerguard.db)')
    .option('--format <format>', `output format: ${FORMATS.join(' | ')}`, 'table')
    .option('--model <ref>', 'only this model (repeatable)', collect)
    .option('--family <name>', 'only this family (repeatable)', collect)
    .option('--all-verdicts', 'show every verdict, not only each family\'s headline ones', false)
    .option('--by-cell', 'also split by dataset, threshold and monitoring', false)
    .option('--html <file>', 'write one self-contained HTML report (charts, rates, the study\'s tables, trials, transcripts; opens offline)')
    .option('--png <dir>', 'write the report charts as PNG files into this directory')
    .option('--max-trials <n>', 'HTML: embed at most this many trials with transcripts (default 2000; rates count all)', nonNegativeInteger('--max-trials'))
    .action(async (flags: PaperReportFlags & { db?: string; format: string; model?: string[]; family?: string[]; allVerdicts: boolean; byCell: boolean; html?: string; png?: string; maxTrials?: number }) => {
      if (flags.html !== undefined || flags.png !== undefined) {
        // Loaded on demand: vega and resvg are needed only for --html/--png.
        const { writeHtmlReportOutputs } = await import('./html-report-output.js');
        await writeHtmlReportOutputs(flags);
        if (!wantsPaperReport(flags)) return;
      }
      if (wantsPaperReport(flags)) {
        const { store } = openStore(flags.db);
        try {
          printPaperReport(store, flags, (text) => process.stdout.write(text));
        } finally {
          store.close();
        }
        return;
      }
      if (!(FORMATS as readonly string[]).includes(flags.format)) throw new PeerguardError('E_USAGE', `--format: unknown format "${flags.format}" (expected one of: ${FORMATS.join(', ')})`);
      const { store } = openStore(flags.db);
      try {
        printReport(store, {
          format: flags.format as ReportFormat,
          ...(flags.model ? { models: flags.model } : {}),
          ...(flags.family ? { families: flags.family } : {}),
          allVerdicts: flags.allVerdicts,
          byCell: flags.byCell,
        });
      } finally {
        store.close();
      }
    });
}
