/**
 * Worker thread of the viewer: computes the study's tables on its own read-only connection, so the seconds they
 * take on a large store (every trial's verdicts) never block the viewer's event loop. Input (`workerData`):
 * `{ dbPath, paper }`; output: one message, `{ tables }` or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteTrialBrowser } from '../../store/sqlite-trial-browser.js';
import type { HtmlReportOptions } from '../html/build-html-report.js';
import { readStudyTables } from '../html/read-study-tables.js';

const input = workerData as { dbPath: string; paper?: HtmlReportOptions['paper'] };
try {
  const browser = SqliteTrialBrowser.open(input.dbPath);
  try {
    parentPort?.postMessage({ tables: readStudyTables(browser, input.paper ?? {}) });
  } finally {
    browser.close();
  }
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
