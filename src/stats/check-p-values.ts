/**
 * Validates a list of p-values for the multiple-comparison adjustments.
 *
 * @throws RangeError naming the first value outside [0, 1] (or NaN) and its index.
 */
export function checkPValues(label: string, pValues: readonly number[]): void {
  pValues.forEach((p, index) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${label}: p-value at index ${index} must be in [0, 1], got ${p}`);
  });
}
