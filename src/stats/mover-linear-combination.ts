import { checkCounts } from './check-counts.js';
import { wilsonInterval } from './wilson-interval.js';

/** One independent proportion kᵢ/nᵢ with its coefficient in a linear combination Σ wᵢ pᵢ. */
export interface WeightedProportion {
  k: number;
  n: number;
  weight: number;
}

/** A linear combination of proportions with its confidence interval (same units as the proportions). */
export interface CombinationInterval {
  /** Σ wᵢ kᵢ/nᵢ; null when there are no terms or a term has n = 0. */
  estimate: number | null;
  low: number;
  high: number;
}

/**
 * MOVER-Wilson interval (Zou & Donner 2008, "method of variance estimates recovery") for a linear
 * combination Σ wᵢ pᵢ of independent proportions, built from each term's Wilson interval: the lower limit
 * is θ − √Σ(wᵢpᵢ − min(wᵢlᵢ, wᵢuᵢ))², the upper θ + √Σ(max(wᵢlᵢ, wᵢuᵢ) − wᵢpᵢ)². With terms (+1, −1) it is
 * exactly Newcombe's hybrid score interval. We use it for the study's averaged metrics (an average over
 * instantiations, a baseline-subtracted average over settings), whose sampling error the study never reported.
 *
 * @returns `{ estimate: null, low: −Σ|wᵢ|, high: Σ|wᵢ| }` when there are no terms or any nᵢ = 0.
 * @throws RangeError on invalid counts or a non-finite weight.
 */
export function moverLinearCombination(terms: readonly WeightedProportion[], confidence = 0.95): CombinationInterval {
  let span = 0;
  for (const [index, term] of terms.entries()) {
    checkCounts(`moverLinearCombination (term ${index})`, term.k, term.n);
    if (!Number.isFinite(term.weight)) throw new RangeError(`moverLinearCombination: weight of term ${index} must be finite, got ${term.weight}`);
    span += Math.abs(term.weight);
  }
  if (terms.length === 0 || terms.some((term) => term.n === 0)) return { estimate: null, low: -span, high: span };
  let estimate = 0;
  let lowSquares = 0;
  let highSquares = 0;
  for (const term of terms) {
    const interval = wilsonInterval(term.k, term.n, confidence);
    const rate = interval.rate ?? 0;
    const point = term.weight * rate;
    const a = term.weight * interval.low;
    const b = term.weight * interval.high;
    estimate += point;
    lowSquares += (point - Math.min(a, b)) ** 2;
    highSquares += (Math.max(a, b) - point) ** 2;
  }
  return { estimate, low: estimate - Math.sqrt(lowSquares), high: estimate + Math.sqrt(highSquares) };
}
