import { logChoose } from './log-factorial.js';

/** A 2×2 contingency table of counts: [[a, b], [c, d]] (rows = groups, columns = outcome yes / no). */
export type TwoByTwoTable = readonly [readonly [number, number], readonly [number, number]];

/**
 * Fisher's exact test, two-sided: the sum of the hypergeometric probabilities of every table with the same
 * margins that is no more likely than the observed one (R's `fisher.test` convention, with its 1e-7 relative
 * tolerance for ties). Reference: [[3, 1], [1, 3]] → 0.4857.
 *
 * @returns a p-value in [0, 1].
 * @throws RangeError when a cell is not a non-negative integer.
 */
export function fisherExactTwoSided(table: TwoByTwoTable): number {
  const [[a, b], [c, d]] = table;
  for (const cell of [a, b, c, d]) {
    if (!Number.isInteger(cell) || cell < 0) {
      throw new RangeError(`fisherExactTwoSided: cells must be non-negative integers, got [[${a}, ${b}], [${c}, ${d}]]`);
    }
  }
  const row1 = a + b;
  const row2 = c + d;
  const column1 = a + c;
  const total = row1 + row2;
  const logDenominator = logChoose(total, column1);
  const logProbability = (x: number): number => logChoose(row1, x) + logChoose(row2, column1 - x) - logDenominator;
  const observed = logProbability(a);
  const threshold = observed + Math.log1p(1e-7);
  let p = 0;
  for (let x = Math.max(0, column1 - row2); x <= Math.min(row1, column1); x += 1) {
    const logP = logProbability(x);
    if (logP <= threshold) p += Math.exp(logP);
  }
  return Math.min(1, p);
}
