import { writeFileSync } from 'node:fs';
import { PeerguardError } from '../core/peerguard-error.js';
import { buildHtmlReport } from '../report/html/build-html-report.js';
import { writeChartPngs } from '../report/html/write-chart-pngs.js';
import { SqliteTrialBrowser } from '../store/sqlite-trial-browser.js';
import { openStore } from './cli-context.js';

/** Flags of `peerguard report` that write files instead of printing. */
export interface HtmlReportFlags {
  db?: string;
  html?: string;
  png?: string;
  maxTrials?: number;
  /** The study's tables in the report follow `--missing-score` and `--paper-compat` like `report --paper`. */
  missingScore?: string;
  paperCompat?: boolean;
}

/**
 * `peerguard report --html FILE [--png DIR]`: writes the self-contained HTML report and/or the charts as PNG, and
 * prints what it wrote (stdout) — the figures to judge the file by: size, embedded trials, time.
 */
export async function writeHtmlReportOutputs(flags: HtmlReportFlags): Promise<void> {
  const started = performance.now();
  if (flags.missingScore !== undefined && flags.missingScore !== 'study' && flags.missingScore !== 'exclude') {
    throw new PeerguardError('E_USAGE', `--missing-score: unknown policy "${flags.missingScore}" (expected one of: study, exclude)`);
  }
  const paper = { missingScore: (flags.missingScore ?? 'study') as 'study' | 'exclude', paperCompatRefusal: flags.paperCompat === true };
  // Opening the store first creates and migrates it, so the read-only browser always finds the current schema.
  const { store, path } = openStore(flags.db);
  store.close();
  const browser = SqliteTrialBrowser.open(path);
  try {
    const report = await buildHtmlReport(browser, { paper, ...(flags.maxTrials === undefined ? {} : { maxTrials: flags.maxTrials }) });
    if (flags.html !== undefined) {
      try {
        writeFileSync(flags.html, report.html);
      } catch (error) {
        throw new PeerguardError('E_USAGE', `--html: cannot write ${flags.html}: ${(error as Error).message}`, { cause: error });
      }
      const mib = Buffer.byteLength(report.html) / 2 ** 20;
      process.stdout.write(
        `Wrote ${flags.html} (${mib.toFixed(1)} MiB; ${report.charts.length} charts; ${report.studyTables} study table${report.studyTables === 1 ? '' : 's'}; ${report.embeddedTrials} of ${report.totalTrials} trials embedded with transcripts)\n`,
      );
    }
    if (flags.png !== undefined) {
      let paths: string[];
      try {
        paths = writeChartPngs(report.charts, flags.png);
      } catch (error) {
        throw new PeerguardError('E_USAGE', `--png: cannot write to ${flags.png}: ${(error as Error).message}`, { cause: error });
      }
      process.stdout.write(`Wrote ${paths.length} PNG charts to ${flags.png}\n`);
    }
    process.stdout.write(`Report built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    browser.close();
  }
}
