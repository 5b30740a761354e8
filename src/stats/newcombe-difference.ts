import { checkCounts } from './check-counts.js';
import { wilsonInterval } from './wilson-interval.js';

/** A difference of two proportions p1 − p2 with its confidence interval (fractions in [−1, 1]). */
export interface DifferenceInterval {
  /** p1 − p2; null when either group has n = 0. */
  difference: number | null;
  low: number;
  high: number;
}

/**
 * Newcombe's hybrid score interval (his method 10, 1998) for the difference p1 − p2 of two independent
 * proportions, built from the two Wilson intervals. Reference: 56/70 − 48/80 at 95 % → [0.0524, 0.3339].
 *
 * @param k1 - successes in group 1; @param n1 - trials in group 1.
 * @param k2 - successes in group 2; @param n2 - trials in group 2.
 * @param confidence - two-sided confidence level, default 0.95.
 * @returns `{ difference: null, low: −1, high: 1 }` when either n is 0.
 * @throws RangeError on invalid counts or confidence.
 */
export function newcombeDifference(
  k1: number,
  n1: number,
  k2: number,
  n2: number,
  confidence = 0.95,
): DifferenceInterval {
  checkCounts('newcombeDifference (group 1)', k1, n1);
  checkCounts('newcombeDifference (group 2)', k2, n2);
  const first = wilsonInterval(k1, n1, confidence);
  const second = wilsonInterval(k2, n2, confidence);
  if (first.rate === null || second.rate === null) return { difference: null, low: -1, high: 1 };
  const p1 = first.rate;
  const p2 = second.rate;
  const difference = p1 - p2;
  const low = difference - Math.sqrt((p1 - first.low) ** 2 + (second.high - p2) ** 2);
  const high = difference + Math.sqrt((first.high - p1) ** 2 + (p2 - second.low) ** 2);
  return { difference, low: Math.max(-1, low), high: Math.min(1, high) };
}
