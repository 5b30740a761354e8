import type { PaperTableOptions } from '../../stats/paper-tables/build-paper-tables.js';
import type { SqliteTrialBrowser } from '../../store/sqlite-trial-browser.js';
import { buildChartSpecs } from './chart-specs.js';
import { readStudyTables } from './read-study-tables.js';
import { renderChartSvg, type RenderedChart } from './render-chart-svg.js';
import { renderReportPage } from './render-report-page.js';
import { readReportSummary, type ReportSummary } from './report-summary.js';
import type { ReportTable } from './report-table.js';

/** Default cap on the trials (with transcripts) a static report embeds; see docs/decisions (report and viewer). */
export const DEFAULT_EMBEDDED_TRIALS = 2000;

/** Options for {@link buildHtmlReport}. */
export interface HtmlReportOptions {
  /** At most this many trials (listings, findings, transcripts) are embedded; rates always count every trial. */
  maxTrials?: number;
  title?: string;
  /** The study's tables to show; default: the paper tables computed from the store (see {@link readStudyTables}). */
  tables?: readonly ReportTable[];
  /** Options of the default paper tables (`--missing-score`, `--paper-compat`). */
  paper?: Pick<PaperTableOptions, 'missingScore' | 'paperCompatRefusal'>;
  /** Clock for the "generated" line. */
  now?: () => Date;
}

/** A built report: the page and what went into it. */
export interface HtmlReport {
  html: string;
  charts: RenderedChart[];
  embeddedTrials: number;
  totalTrials: number;
  /** How many of the study's tables the page shows. */
  studyTables: number;
}

/** Renders every chart of a summary to SVG. */
export async function renderSummaryCharts(summary: ReportSummary): Promise<RenderedChart[]> {
  const charts: RenderedChart[] = [];
  for (const spec of buildChartSpecs(summary.rows)) charts.push(await renderChartSvg(spec));
  return charts;
}

/**
 * Builds the self-contained HTML report of a store: charts and rates over every trial, and up to `maxTrials`
 * trials with their findings and transcripts (every cell group represented first), each transcript gzip-compressed
 * and decoded only when opened.
 */
export async function buildHtmlReport(browser: SqliteTrialBrowser, options: HtmlReportOptions = {}): Promise<HtmlReport> {
  const summary = readReportSummary(browser);
  const charts = await renderSummaryCharts(summary);
  const keys = browser.sampleKeys(options.maxTrials ?? DEFAULT_EMBEDDED_TRIALS);
  const trials = browser.trialsByKeys(keys);
  const totalTrials = summary.counts.completed + summary.counts.error;
  const tables = options.tables ?? readStudyTables(browser, options.paper);
  const html = renderReportPage({
    mode: 'static',
    title: options.title ?? 'peerguard report',
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    summary,
    charts,
    tables,
    embedded: { trials, total: totalTrials, transcripts: browser.compressedTranscripts(keys) },
  });
  return { html, charts, embeddedTrials: trials.length, totalTrials, studyTables: tables.length };
}
