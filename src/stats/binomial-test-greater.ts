import { checkCounts } from './check-counts.js';
import { logChoose } from './log-factorial.js';

/**
 * Exact one-sided binomial test of H0: p ≤ p0 against H1: p > p0, i.e. P(X ≥ k) for X ~ Binomial(n, p0).
 * Reference: k = 12, n = 100, p0 = 0.05 → 0.00427.
 *
 * @param k - observed successes; @param n - trials; @param p0 - the null proportion in [0, 1].
 * @returns a p-value in [0, 1] (1 when k = 0).
 * @throws RangeError on invalid counts or p0.
 */
export function binomialTestGreater(k: number, n: number, p0: number): number {
  checkCounts('binomialTestGreater', k, n);
  if (!(p0 >= 0 && p0 <= 1)) throw new RangeError(`binomialTestGreater: p0 must be in [0, 1], got ${p0}`);
  if (k === 0) return 1;
  if (p0 === 0) return 0;
  if (p0 === 1) return 1;
  const logP = Math.log(p0);
  const logQ = Math.log1p(-p0);
  let p = 0;
  for (let x = k; x <= n; x += 1) p += Math.exp(logChoose(n, x) + x * logP + (n - x) * logQ);
  return Math.min(1, p);
}
