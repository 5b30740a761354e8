import { buildPaperTables, type PaperTableOptions } from '../../stats/paper-tables/build-paper-tables.js';
import { PAPER_TABLE_VERDICTS } from '../../stats/paper-tables/rollout-outcome.js';
import type { SqliteTrialBrowser } from '../../store/sqlite-trial-browser.js';
import { paperReportTables } from './paper-report-tables.js';
import type { ReportTable } from './report-table.js';

/**
 * The study's tables of a store: `buildPaperTables` over every trial's current verdicts (the numbers of
 * `peerguard report --paper`), as report tables. Streams only the verdicts the tables use, index-only, and keeps
 * counts, not trials, so memory does not grow with the trials.
 */
export function readStudyTables(browser: SqliteTrialBrowser, paper: Pick<PaperTableOptions, 'missingScore' | 'paperCompatRefusal'> = {}): ReportTable[] {
  return paperReportTables(buildPaperTables(browser.streamTrialVerdicts({ verdicts: PAPER_TABLE_VERDICTS }), paper));
}
