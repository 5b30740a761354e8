import { checkCounts } from './check-counts.js';
import { twoSidedCriticalValue } from './normal-distribution.js';

/** A proportion with its confidence interval. All three are fractions in [0, 1]. */
export interface ProportionInterval {
  /** k / n; null when n = 0 (no scorable observations). */
  rate: number | null;
  /** Lower bound; 0 when n = 0. */
  low: number;
  /** Upper bound; 1 when n = 0. */
  high: number;
}

/**
 * Wilson score interval for a binomial proportion k/n.
 * Reference: 12/100 at 95 % → [0.0700, 0.1981].
 *
 * @param k - successes (integer, 0 ≤ k ≤ n).
 * @param n - trials (integer ≥ 0); n = 0 returns `{ rate: null, low: 0, high: 1 }`.
 * @param confidence - two-sided confidence level in (0, 1), default 0.95.
 * @throws RangeError on invalid counts or confidence.
 */
export function wilsonInterval(k: number, n: number, confidence = 0.95): ProportionInterval {
  checkCounts('wilsonInterval', k, n);
  const z = twoSidedCriticalValue(confidence);
  if (n === 0) return { rate: null, low: 0, high: 1 };
  const rate = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (rate + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n))) / denominator;
  // Clamp rounding noise; at k = 0 and k = n the bounds are exactly 0 and 1.
  const low = k === 0 ? 0 : Math.max(0, centre - halfWidth);
  const high = k === n ? 1 : Math.min(1, centre + halfWidth);
  return { rate, low, high };
}
