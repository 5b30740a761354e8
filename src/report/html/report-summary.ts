import { PRIMARY_VERDICTS } from '../../detectors/detector-catalogue.js';
import type { CostTotal, StatusCounts } from '../../store/result-store.js';
import type { SqliteTrialBrowser, TrialFacets } from '../../store/sqlite-trial-browser.js';
import type { ReportRow } from '../report-row.js';

/** What the overview needs: counts, per-cell report rows, filter values, and each family's headline verdicts. */
export interface ReportSummary {
  counts: StatusCounts;
  /** Per-cell rows (the shape of `aggregate({ byCell: true })`). */
  rows: ReportRow[];
  facets: TrialFacets;
  primaryVerdicts: Record<string, string[]>;
  /** Cost at list prices per model (`ResultStore.costTotals()`). */
  costTotals: CostTotal[];
  /** The overview's one-line cost note built from `costTotals` (empty when nothing was spent or unpriced). */
  costNote: string;
  /** Changes whenever the store changes (viewer polling). */
  version: number;
}

function dollars(value: number): string {
  return `$${value.toFixed(value >= 100 ? 2 : 4)}`;
}

/**
 * The overview's cost note: the total at list prices and each model's share, with unpriced trials counted as
 * "unknown", never as $0. Empty when every model ran for free (reference agents, cache hits) and all are priced.
 */
export function costNoteText(totals: readonly CostTotal[]): string {
  const paid = totals.filter((total) => total.costUsd > 0 || total.unpriced > 0);
  if (paid.length === 0) return '';
  const sum = paid.reduce((acc, total) => acc + total.costUsd, 0);
  const unpriced = paid.reduce((acc, total) => acc + total.unpriced, 0);
  const perModel = paid.map((total) =>
    `${total.model} ${dollars(total.costUsd)} over ${total.trials} trial${total.trials === 1 ? '' : 's'}${total.unpriced > 0 ? ` (${total.unpriced} unpriced)` : ''}`,
  );
  return `Cost at list prices: ${dollars(sum)}${unpriced > 0 ? ` + ${unpriced} trial${unpriced === 1 ? '' : 's'} of unknown cost` : ''} — ${perModel.join('; ')}.`;
}

/** Reads the summary from the store (a few ms on any size of store: counts come from `report_counts`). */
export function readReportSummary(browser: SqliteTrialBrowser): ReportSummary {
  const costTotals = browser.costTotals();
  return {
    counts: { completed: browser.countTrials({ status: 'completed' }), error: browser.countTrials({ status: 'error' }) },
    rows: browser.reportRows(),
    facets: browser.facets(),
    primaryVerdicts: PRIMARY_VERDICTS,
    costTotals,
    costNote: costNoteText(costTotals),
    version: browser.dataVersion(),
  };
}
