import { createHash } from 'node:crypto';
import type { TrialListing } from '../../store/sqlite-trial-browser.js';
import { escapeHtml, jsonForHtmlScript } from './escape-html.js';
import type { RenderedChart } from './render-chart-svg.js';
import { peerguardReportClient } from './report-client.js';
import { REPORT_STYLES } from './report-styles.js';
import type { ReportSummary } from './report-summary.js';
import type { ReportTable } from './report-table.js';

/** Trials a static report carries, and how many the store holds. */
export interface EmbeddedTrials {
  /** Listings (with findings) of the embedded trials. */
  trials: TrialListing[];
  /** Trials in the store. */
  total: number;
  /** gzip-compressed JSON transcripts of the embedded trials, by key. */
  transcripts: ReadonlyArray<{ key: string; gzipJson: Buffer }>;
}

/** A chart on the page: inline SVG, or (viewer) an image the server renders on request. */
export type PageChart = Omit<RenderedChart, 'svg'> & ({ svg: string } | { src: string });

/** Everything one page shows. */
export interface ReportPageInput {
  /** `static`: one self-contained file; `live`: served by `peerguard view`, fetches from its API. */
  mode: 'static' | 'live';
  title: string;
  /** ISO-8601 time the page was generated. */
  generatedAt: string;
  summary: ReportSummary;
  charts: readonly PageChart[];
  /**
   * The study's tables (`paperReportTables`); a note says why when there are none. `deferred` (viewer): the page
   * fetches them from `/api/study-tables` and draws them, so it never waits for them.
   */
  tables: readonly ReportTable[] | 'deferred';
  /** Static mode only. */
  embedded?: EmbeddedTrials;
}

const CLIENT_SCRIPT = `(${peerguardReportClient.toString()})(window, document);`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The Content-Security-Policy of a page: nothing loads from anywhere, only our own script and style (by hash) run,
 * Trusted Types forbid every HTML-parsing sink, and the live page may fetch from its own origin only.
 */
export function reportContentSecurityPolicy(mode: 'static' | 'live'): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(CLIENT_SCRIPT)}`,
    `style-src ${sha256(REPORT_STYLES)}`,
    mode === 'live' ? "img-src 'self' data:" : 'img-src data:',
    mode === 'live' ? "connect-src 'self'" : "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

/** What the study's tables section says when the store has none to show (also shown by the live client). */
export const NO_STUDY_TABLES =
  'The study’s tables (peer- and self-preservation, as `peerguard report --paper` prints them) appear here once the store has decided trials of the study’s own cells (company OpenBrain, no ablation factor).';

function renderTable(table: ReportTable): string {
  const cell = (value: string | number | null) => escapeHtml(value === null ? '—' : String(value));
  return `<section class="study-table" id="table-${escapeHtml(table.id)}"><h3>${escapeHtml(table.title)}</h3>
<div class="table-scroll"><table>${table.caption === undefined ? '' : `<caption>${escapeHtml(table.caption)}</caption>`}
<thead><tr>${table.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>${table.rows.map((row) => `<tr>${row.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`).join('\n')}</tbody></table></div>
${table.note === undefined ? '' : `<p class="note">${escapeHtml(table.note)}</p>`}
${table.notes === undefined || table.notes.length === 0 ? '' : `<details class="cell-notes"><summary>Notes on single cells (${table.notes.length})</summary><ul>${table.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></details>`}</section>`;
}

function renderChart(chart: PageChart): string {
  const image = 'svg' in chart ? chart.svg : `<img src="${escapeHtml(chart.src)}" alt="${escapeHtml(chart.description)}">`;
  return `<figure class="chart" data-chart="${escapeHtml(chart.id)}" data-description="${escapeHtml(chart.description)}" role="group" aria-labelledby="chart-${escapeHtml(chart.id)}-title">
<figcaption id="chart-${escapeHtml(chart.id)}-title">${escapeHtml(chart.title)}<span class="desc">${escapeHtml(chart.description)} The same numbers are in the rates table below.</span></figcaption>
<div class="chart-image" role="img" aria-label="${escapeHtml(chart.description)}">${image}</div></figure>`;
}

/**
 * Renders the report page: server-side charts (inline SVG), the study's tables, and the client that draws the
 * rates tables, the trial lists, transcripts and side-by-side views from the embedded JSON (static) or the
 * viewer's API (live). Every string from the store is either escaped here or embedded as JSON that the client
 * only ever writes as text.
 */
export function renderReportPage(input: ReportPageInput): string {
  const embedded = input.embedded;
  const data = {
    mode: input.mode,
    title: input.title,
    generatedAt: input.generatedAt,
    ...input.summary,
    noStudyTables: NO_STUDY_TABLES,
    ...(embedded === undefined ? {} : { embedded: { trials: embedded.trials, total: embedded.total } }),
  };
  const transcriptBlocks = (embedded?.transcripts ?? [])
    .map((t) => `<script type="application/x-peerguard-transcript" data-key="${escapeHtml(t.key)}">${t.gzipJson.toString('base64')}</script>`)
    .join('\n');
  const tables =
    input.tables === 'deferred'
      ? '<p class="note" id="study-tables-status" role="status">computing the study’s tables…</p>'
      : input.tables.length > 0
        ? input.tables.map(renderTable).join('\n')
        : `<p class="placeholder">${escapeHtml(NO_STUDY_TABLES)}</p>`;
  const charts = input.charts.length > 0 ? input.charts.map(renderChart).join('\n') : '<p class="note">No scored trials yet, so there is nothing to chart.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportContentSecurityPolicy(input.mode))}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${REPORT_STYLES}</style>
</head>
<body>
<header class="page">
<h1>${escapeHtml(input.title)}</h1>
<p id="counts">${input.summary.counts.completed + input.summary.counts.error} trials</p>
<p class="note" id="cost-note"${input.summary.costNote === '' ? ' hidden' : ''}>${escapeHtml(input.summary.costNote)}</p>
<p class="note">Generated ${escapeHtml(input.generatedAt)}${input.mode === 'live' ? ' · live from the database · <span id="live-status" role="status">watching for new trials</span>' : ' · self-contained file, works offline'}</p>
<nav aria-label="pages"><a href="#/">Overview</a> · <a href="#/trials">Trials</a> · <a href="#/compare">Side by side</a></nav>
<noscript><p class="note">The charts and the study tables work without JavaScript; the rates tables, trials and transcripts need it.</p></noscript>
</header>
<main>
<section id="overview">
<h2>Charts</h2>
<div class="charts">${charts}</div>
<h2>Rates</h2>
<p class="note">Every rate is k / n with its Wilson 95 % interval. n counts scorable findings (outcome yes or no). Errored trials are never counted as verdicts and unscorable findings are not in n; both are shown beside each rate. Click “trials ›” to see a row’s trials, then a trial to see its transcript.</p>
<div id="rates"></div>
<h2>The study’s tables</h2>
<div id="study-tables">${tables}</div>
</section>
<section id="view" hidden></section>
</main>
<script type="application/json" id="pg-data">${jsonForHtmlScript(data)}</script>
${transcriptBlocks}
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
