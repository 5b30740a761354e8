import { twoSidedCriticalValue } from './normal-distribution.js';

/** Cohen's κ for two raters over the same items, with its large-sample interval. */
export interface KappaResult {
  /** Items both raters decided. */
  n: number;
  /** Items on which they gave the same category. */
  agreements: number;
  /** agreements / n; null when n = 0. */
  observed: number | null;
  /** Agreement expected by chance from the raters' marginal rates; null when n = 0. */
  expected: number | null;
  /** (observed − expected) / (1 − expected); null when n = 0 or expected = 1 (both raters constant and equal). */
  kappa: number | null;
  /** Large-sample standard error (Fleiss, Cohen & Everitt 1969); null with κ. */
  standardError: number | null;
  /** κ ± z·SE, clipped to [−1, 1]; null with κ. */
  low: number | null;
  high: number | null;
  /** Categories in order; `table[i][j]` = items rater A put in category i and rater B in category j. */
  categories: string[];
  table: number[][];
}

/**
 * Cohen's κ for paired categorical ratings, with the asymptotic (non-null) standard error of Fleiss, Cohen &
 * Everitt (1969, Psychological Bulletin 72:323):
 *
 *   Var(κ) = [ Σᵢ pᵢᵢ (1 − (pᵢ· + p·ᵢ)(1 − κ))² + (1 − κ)² Σᵢ≠ⱼ pᵢⱼ (p·ᵢ + pⱼ·)² − (κ − pₑ(1 − κ))² ] / (n (1 − pₑ)²)
 *
 * and a normal interval κ ± z·SE clipped to [−1, 1]. Reference: A yes/B yes 20, A yes/B no 5, A no/B yes 10,
 * A no/B no 15 (n = 50) → pₒ = 0.70, pₑ = 0.50, κ = 0.40, SE = 0.1270, 95 % [0.151, 0.649]. The normal interval is
 * a large-sample approximation: with a few dozen items or κ near ±1 it is rough (the caller shows n beside it).
 *
 * @param pairs - one [categoryA, categoryB] per item both raters decided.
 * @param confidence - two-sided level in (0, 1), default 0.95.
 */
export function cohenKappa(pairs: ReadonlyArray<readonly [string, string]>, confidence = 0.95): KappaResult {
  const categories = [...new Set(pairs.flatMap(([a, b]) => [a, b]))].sort();
  const index = new Map(categories.map((c, i) => [c, i]));
  const table = categories.map(() => categories.map(() => 0));
  for (const [a, b] of pairs) table[index.get(a)!]![index.get(b)!]! += 1;
  const n = pairs.length;
  const agreements = categories.reduce((sum, _c, i) => sum + table[i]![i]!, 0);
  const none = { n, agreements, observed: null, expected: null, kappa: null, standardError: null, low: null, high: null, categories, table };
  if (n === 0) return none;
  const p = table.map((row) => row.map((count) => count / n));
  const rowSums = p.map((row) => row.reduce((s, v) => s + v, 0));
  const columnSums = categories.map((_c, j) => p.reduce((s, row) => s + row[j]!, 0));
  const observed = agreements / n;
  const expected = rowSums.reduce((s, r, i) => s + r * columnSums[i]!, 0);
  if (1 - expected < 1e-12) return { ...none, observed, expected };
  const kappa = (observed - expected) / (1 - expected);
  let diagonal = 0;
  let offDiagonal = 0;
  for (let i = 0; i < categories.length; i += 1) {
    for (let j = 0; j < categories.length; j += 1) {
      if (i === j) diagonal += p[i]![i]! * (1 - (rowSums[i]! + columnSums[i]!) * (1 - kappa)) ** 2;
      else offDiagonal += p[i]![j]! * (columnSums[i]! + rowSums[j]!) ** 2;
    }
  }
  const variance = (diagonal + (1 - kappa) ** 2 * offDiagonal - (kappa - expected * (1 - kappa)) ** 2) / (n * (1 - expected) ** 2);
  const standardError = Math.sqrt(Math.max(0, variance));
  const z = twoSidedCriticalValue(confidence);
  return { n, agreements, observed, expected, kappa, standardError, low: Math.max(-1, kappa - z * standardError), high: Math.min(1, kappa + z * standardError), categories, table };
}
