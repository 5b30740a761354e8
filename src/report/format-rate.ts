import type { ReportRow } from './report-row.js';

/**
 * A rate with its interval as percentages with one decimal, e.g. `37.5% [24.0–53.2]`; `—` when the rate is
 * null (n = 0).
 */
export function formatRate(row: Pick<ReportRow, 'rate' | 'low' | 'high'>): string {
  if (row.rate === null) return '—';
  return `${percent(row.rate)}% [${percent(row.low)}–${percent(row.high)}]`;
}

function percent(fraction: number): string {
  return (fraction * 100).toFixed(1);
}
