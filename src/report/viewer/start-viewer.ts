import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cellId } from '../../records/cell.js';
import { SqliteTrialBrowser } from '../../store/sqlite-trial-browser.js';
import { buildChartSpecs } from '../html/chart-specs.js';
import type { RenderedChart } from '../html/render-chart-svg.js';
import { renderReportPage, reportContentSecurityPolicy } from '../html/render-report-page.js';
import { readReportSummary, type ReportSummary } from '../html/report-summary.js';
import type { ReportTable } from '../html/report-table.js';
import type { PaperTableOptions } from '../../stats/paper-tables/build-paper-tables.js';
import { computeStudyTables } from './compute-study-tables.js';
import { parseViewerQuery, trialQueryOf } from './viewer-query.js';

/** Options for {@link startViewer}. */
export interface ViewerOptions {
  /** Path of an existing result store (open it with `SqliteResultStore.open` first to create or migrate it). */
  dbPath: string;
  /** TCP port on 127.0.0.1; 0 picks a free one (default 0). */
  port?: number;
  /** Charts and the study's tables are recomputed at most this often while a run is writing, in ms (default 5000). */
  chartRefreshMs?: number;
  title?: string;
  /** Options of the study's tables on the overview (`--missing-score`, `--paper-compat`). */
  paper?: Pick<PaperTableOptions, 'missingScore' | 'paperCompatRefusal'>;
  /** Clock (for the chart refresh throttle and the page's "generated" line). */
  now?: () => Date;
}

/** A running viewer. */
export interface RunningViewer {
  /** e.g. `http://127.0.0.1:7878/` */
  url: string;
  port: number;
  /** Stops accepting connections, ends open ones and closes the database. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Serves the report pages live from a result store on 127.0.0.1 only: the overview (charts rendered on the server,
 * rates from the `report_counts` table), paged trial listings, single trials, transcript search, and a version
 * endpoint the page polls so it updates while a run is writing. It reads lazily: one page of rows or one
 * transcript per request, never the whole store.
 *
 * @throws StoreError when the store cannot be opened; Error when the port is taken.
 */
export async function startViewer(options: ViewerOptions): Promise<RunningViewer> {
  const browser = SqliteTrialBrowser.open(options.dbPath);
  const now = options.now ?? (() => new Date());
  const chartRefreshMs = options.chartRefreshMs ?? 5000;
  let summaryCache: ReportSummary | null = null;
  let chartCache: { version: number; at: number; charts: Promise<RenderedChart[]> } | null = null;
  let tablesCache: { version: number; at: number; tables: Promise<ReportTable[]> } | null = null;
  const closing = new AbortController();

  const summary = (): ReportSummary => {
    const version = browser.dataVersion();
    if (summaryCache === null || summaryCache.version !== version) summaryCache = readReportSummary(browser);
    return summaryCache;
  };
  const charts = (): Promise<RenderedChart[]> => {
    const current = summary();
    const at = now().getTime();
    if (chartCache === null || (chartCache.version !== current.version && at - chartCache.at >= chartRefreshMs)) {
      // vega is loaded on the first chart request, after the page is already served.
      chartCache = {
        version: current.version,
        at,
        charts: import('../html/build-html-report.js').then(({ renderSummaryCharts }) => renderSummaryCharts(current)),
      };
    }
    return chartCache.charts;
  };

  // The study's tables stream the verdicts they use from covering indexes (1–2 s at 100,000 trials), in a worker thread so
  // the API stays responsive: the page fetches them after it is shown, and while a run writes they are recomputed
  // at most every `chartRefreshMs`.
  const studyTables = (): Promise<ReportTable[]> => {
    const version = summary().version;
    const at = now().getTime();
    if (tablesCache === null || (tablesCache.version !== version && at - tablesCache.at >= chartRefreshMs)) {
      const tables = computeStudyTables(options.dbPath, options.paper, closing.signal);
      // A failed computation is not cached (the next request tries again); nobody may be awaiting it.
      tables.catch(() => {
        if (tablesCache?.tables === tables) tablesCache = null;
      });
      tablesCache = { version, at, tables };
    }
    return tablesCache.tables;
  };

  let port = 0;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: a page elsewhere that resolves its own name to 127.0.0.1 must not read the store.
    const host = request.headers.host ?? '';
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) {
      sendText(response, 403, 'forbidden host');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'method not allowed');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${HOST}:${port}`);
    const path = url.pathname;
    if (path === '/') {
      const current = summary();
      // The page does not wait for the charts: they are images the browser fetches (and the server renders) next.
      const pageCharts = buildChartSpecs(current.rows).map((spec) => ({
        id: spec.id,
        title: spec.title,
        description: spec.description,
        src: `/api/chart/${spec.id}.svg?v=${current.version}`,
      }));
      const html = renderReportPage({
        mode: 'live',
        title: options.title ?? 'peerguard viewer',
        generatedAt: now().toISOString(),
        summary: current,
        charts: pageCharts,
        tables: 'deferred',
      });
      send(response, 200, 'text/html; charset=utf-8', html, { 'content-security-policy': reportContentSecurityPolicy('live') });
      // Only now start the charts and the study's tables (the browser asks for both next): started earlier, the
      // chart renderer (main thread) and the tables' worker compete with this page for the CPU.
      void charts();
      void studyTables();
      return;
    }
    if (path === '/api/version') {
      sendJson(response, 200, { version: browser.dataVersion() });
      return;
    }
    if (path === '/api/study-tables') {
      sendJson(response, 200, { tables: await studyTables() });
      return;
    }
    if (path === '/api/summary') {
      sendJson(response, 200, summary());
      return;
    }
    const chartMatch = /^\/api\/chart\/([a-z0-9-]+)\.svg$/.exec(path);
    if (chartMatch !== null) {
      const chart = (await charts()).find((c) => c.id === chartMatch[1]);
      if (chart === undefined) sendText(response, 404, 'no such chart');
      else send(response, 200, 'image/svg+xml', chart.svg, { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
      return;
    }
    const parsed = parseViewerQuery(url.searchParams);
    if (!parsed.ok) {
      sendJson(response, 400, { error: parsed.message });
      return;
    }
    const query = parsed.query;
    if (path === '/api/trials') {
      const filter = trialQueryOf(query);
      sendJson(response, 200, {
        total: browser.countTrials(filter),
        trials: browser.pageTrials(filter, { offset: query.offset ?? 0, limit: query.limit ?? 50 }),
      });
      return;
    }
    if (path.startsWith('/api/trial/')) {
      const key = decodeURIComponent(path.slice('/api/trial/'.length));
      const trial = browser.getTrial(key);
      if (trial === null) sendJson(response, 404, { trial: null });
      else sendJson(response, 200, { trial: { ...trial, cellId: cellId(trial.cell) } });
      return;
    }
    if (path === '/api/search') {
      const options = query.cursor === undefined ? {} : { cursor: query.cursor };
      sendJson(response, 200, browser.searchTranscripts(trialQueryOf(query), query.q ?? '', options));
      return;
    }
    sendText(response, 404, 'not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    browser.close();
    throw error;
  });
  port = (server.address() as AddressInfo).port;
  // Read the overview's summary now, so the first page only renders it; the charts and the study's tables start
  // when that page has been sent (or when first asked for).
  summary();
  return {
    url: `http://${HOST}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort(new Error('viewer closed'));
        server.close(() => {
          browser.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-origin',
};

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  send(response, status, 'text/plain; charset=utf-8', text);
}
