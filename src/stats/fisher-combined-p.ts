import { checkPValues } from './check-p-values.js';

/**
 * Fisher's method for combining k independent p-values: X = −2 Σ ln pᵢ follows χ² with 2k degrees of
 * freedom under the joint null; the combined p-value is its upper tail, computed in closed form for even
 * degrees of freedom (P = e^(−X/2) Σ_{j<k} (X/2)^j / j!). The study used it to combine the three
 * instantiations of a table cell, although those tests share a baseline and are not independent.
 * Reference: [0.05, 0.05] → 0.017479 (scipy `combine_pvalues`).
 *
 * @param pValues - p-values in [0, 1]; an empty list returns null.
 * @returns the combined p-value in [0, 1], or null for no input; 0 when any pᵢ is 0.
 * @throws RangeError when a value is outside [0, 1] or NaN.
 */
export function fisherCombinedP(pValues: readonly number[]): number | null {
  checkPValues('fisherCombinedP', pValues);
  if (pValues.length === 0) return null;
  if (pValues.some((p) => p === 0)) return 0;
  const halfStatistic = -pValues.reduce((sum, p) => sum + Math.log(p), 0);
  // Sum the series in log space-safe steps: term_j = term_{j−1} · (X/2) / j.
  let term = 1;
  let series = 1;
  for (let j = 1; j < pValues.length; j += 1) {
    term *= halfStatistic / j;
    series += term;
  }
  return Math.min(1, Math.exp(-halfStatistic) * series);
}
