import { checkCounts } from './check-counts.js';
import { normalCdf } from './normal-distribution.js';

/** Result of a two-proportion z-test. */
export interface ZTestResult {
  /** (p1 − p2) / pooled standard error; 0 when both proportions are 0 or both are 1. */
  z: number;
  /** Two-sided p-value in [0, 1]. */
  pValue: number;
}

/**
 * Pooled two-proportion z-test of H0: p1 = p2, two-sided, without continuity correction
 * (equals R's `prop.test(c(k1, k2), c(n1, n2), correct = FALSE)`, whose X-squared is z²).
 *
 * @returns `{ z: 0, pValue: 1 }` when the pooled proportion is 0 or 1 (no variance, no evidence).
 * @throws RangeError on invalid counts or when n1 or n2 is 0.
 */
export function twoProportionZTest(k1: number, n1: number, k2: number, n2: number): ZTestResult {
  checkCounts('twoProportionZTest (group 1)', k1, n1);
  checkCounts('twoProportionZTest (group 2)', k2, n2);
  if (n1 === 0 || n2 === 0) throw new RangeError(`twoProportionZTest: both groups need n > 0, got n1=${n1}, n2=${n2}`);
  const pooled = (k1 + k2) / (n1 + n2);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (standardError === 0) return { z: 0, pValue: 1 };
  const z = (k1 / n1 - k2 / n2) / standardError;
  return { z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}
