import { buildPaperTables, type PaperTableOptions } from '../../stats/paper-tables/build-paper-tables.js';
import { PAPER_TABLE_VERDICTS } from '../../stats/paper-tables/rollout-outcome.js';
import { expandTrialVerdictGroups } from '../../store/read-trial-verdict-groups.js';
import type { SqliteTrialBrowser } from '../../store/sqlite-trial-browser.js';
import { paperReportTables } from './paper-report-tables.js';
import type { ReportTable } from './report-table.js';

/**
 * The study's tables of a store: `buildPaperTables` over every trial's current verdicts (the numbers of
 * `peerguard report --paper`), as report tables. Reads only the verdicts the tables use, grouped and counted in
 * SQL (trials alike in cell, status and those verdicts are one group), so memory does not grow with the trials.
 */
export function readStudyTables(browser: SqliteTrialBrowser, paper: Pick<PaperTableOptions, 'missingScore' | 'paperCompatRefusal'> = {}): ReportTable[] {
  return paperReportTables(buildPaperTables(expandTrialVerdictGroups(browser.trialVerdictGroups(PAPER_TABLE_VERDICTS)), paper));
}
