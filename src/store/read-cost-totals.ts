import type { Database } from 'better-sqlite3';
import type { CostTotal } from './result-store.js';

/**
 * Cost at list prices per model over every stored trial: trials, summed `cost_usd`, and how many trials are
 * unpriced (null cost, never counted as $0). Shared by the store and the read-only trial browser.
 */
export function readCostTotals(db: Database): CostTotal[] {
  return db
    .prepare('SELECT model, COUNT(*) AS trials, COALESCE(SUM(cost_usd), 0) AS costUsd, SUM(cost_usd IS NULL) AS unpriced FROM trials GROUP BY model ORDER BY model')
    .all() as CostTotal[];
}
