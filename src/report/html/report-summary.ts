import { PRIMARY_VERDICTS } from '../../detectors/detector-catalogue.js';
import type { StatusCounts } from '../../store/result-store.js';
import type { SqliteTrialBrowser, TrialFacets } from '../../store/sqlite-trial-browser.js';
import type { ReportRow } from '../report-row.js';

/** What the overview needs: counts, per-cell report rows, filter values, and each family's headline verdicts. */
export interface ReportSummary {
  counts: StatusCounts;
  /** Per-cell rows (the shape of `aggregate({ byCell: true })`). */
  rows: ReportRow[];
  facets: TrialFacets;
  primaryVerdicts: Record<string, string[]>;
  /** Changes whenever the store changes (viewer polling). */
  version: number;
}

/** Reads the summary from the store (a few ms on any size of store: counts come from `report_counts`). */
export function readReportSummary(browser: SqliteTrialBrowser): ReportSummary {
  return {
    counts: { completed: browser.countTrials({ status: 'completed' }), error: browser.countTrials({ status: 'error' }) },
    rows: browser.reportRows(),
    facets: browser.facets(),
    primaryVerdicts: PRIMARY_VERDICTS,
    version: browser.dataVersion(),
  };
}
