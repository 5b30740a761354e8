import { checkPValues } from './check-p-values.js';

/**
 * Holm's step-down adjustment for multiple comparisons (controls the family-wise error rate).
 * Matches R's `p.adjust(p, "holm")`.
 *
 * @param pValues - raw p-values in [0, 1].
 * @returns adjusted p-values in the input's order.
 * @throws RangeError when a value is outside [0, 1] or NaN.
 */
export function holm(pValues: readonly number[]): number[] {
  checkPValues('holm', pValues);
  const m = pValues.length;
  const order = pValues.map((_, index) => index).sort((i, j) => (pValues[i] ?? 0) - (pValues[j] ?? 0));
  const adjusted = new Array<number>(m).fill(0);
  let runningMax = 0;
  order.forEach((index, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * (pValues[index] ?? 0)));
    adjusted[index] = runningMax;
  });
  return adjusted;
}
