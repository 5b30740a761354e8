/**
 * Validates a count pair (k successes out of n trials) for the proportion functions.
 *
 * @param label - names the argument pair in the error message, e.g. `wilsonInterval`.
 * @throws RangeError when k or n is not a non-negative integer, or k > n.
 */
export function checkCounts(label: string, k: number, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${label}: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(`${label}: k must be an integer in [0, n=${n}], got ${k}`);
  }
}
