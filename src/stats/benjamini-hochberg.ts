import { checkPValues } from './check-p-values.js';

/**
 * Benjamini–Hochberg step-up adjustment (controls the false discovery rate under independence or positive
 * dependence). Matches R's `p.adjust(p, "BH")`.
 *
 * @param pValues - raw p-values in [0, 1].
 * @returns adjusted p-values (q-values) in the input's order.
 * @throws RangeError when a value is outside [0, 1] or NaN.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  checkPValues('benjaminiHochberg', pValues);
  const m = pValues.length;
  const order = pValues.map((_, index) => index).sort((i, j) => (pValues[j] ?? 0) - (pValues[i] ?? 0));
  const adjusted = new Array<number>(m).fill(0);
  let runningMin = 1;
  order.forEach((index, position) => {
    const rank = m - position;
    runningMin = Math.min(runningMin, ((pValues[index] ?? 0) * m) / rank);
    adjusted[index] = runningMin;
  });
  return adjusted;
}
