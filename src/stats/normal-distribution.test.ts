import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalCdf, normalQuantile, twoSidedCriticalValue } from './normal-distribution.js';

/** |actual − expected| ≤ tolerance · max(1, |expected|)… relative where the value is tiny. */
function assertRelativelyClose(actual: number, expected: number, relative: number): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(Math.abs(actual - expected) <= relative * scale, `expected ${expected}, got ${actual}`);
}

describe('normalCdf', () => {
  // Reference values from scipy.stats.norm.cdf.
  const cases: Array<[number, number]> = [
    [0, 0.5],
    [1, 0.8413447460685429],
    [1.96, 0.9750021048517796],
    [-1.96, 0.024997895148220428],
    [-2.0, 0.022750131948179195],
    [-2.5, 0.006209665325776132],
    [2.5, 0.9937903346742238],
    [-3, 0.0013498980316301035],
    [-8, 6.22096057427174e-16],
    [-20, 2.7536241186061556e-89],
    [-37, 5.7255712225239266e-300],
    [5, 0.9999997133484281],
  ];
  for (const [z, expected] of cases) {
    it(`Φ(${z}) = ${expected}`, () => assertRelativelyClose(normalCdf(z), expected, 1e-12));
  }
  it('handles infinities and NaN', () => {
    assert.equal(normalCdf(Number.NEGATIVE_INFINITY), 0);
    assert.equal(normalCdf(Number.POSITIVE_INFINITY), 1);
    assert.ok(Number.isNaN(normalCdf(Number.NaN)));
  });
});

describe('normalQuantile', () => {
  // Reference values from Python's statistics.NormalDist().inv_cdf (Wichura AS241).
  const cases: Array<[number, number]> = [
    [0.975, 1.9599639845400536],
    [0.995, 2.5758293035489],
    [0.9, 1.2815515655446008],
    [0.3, -0.5244005127080407],
    [0.02425, -1.9729610513118845],
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
    [0.999999, 4.753424308817089],
  ];
  for (const [p, expected] of cases) {
    it(`Φ⁻¹(${p}) = ${expected}`, () => assertRelativelyClose(normalQuantile(p), expected, 1e-12));
  }
  it('is exactly 0 at the median and infinite at the ends', () => {
    assert.equal(normalQuantile(0.5), 0);
    assert.equal(normalQuantile(0), Number.NEGATIVE_INFINITY);
    assert.equal(normalQuantile(1), Number.POSITIVE_INFINITY);
  });
  it('inverts normalCdf', () => {
    for (let z = -6; z <= 6; z += 0.37) assertRelativelyClose(normalQuantile(normalCdf(z)), z, 1e-9);
  });
  it('rejects probabilities outside [0, 1]', () => {
    assert.throws(() => normalQuantile(1.5), RangeError);
    assert.throws(() => normalQuantile(Number.NaN), RangeError);
  });
});

describe('twoSidedCriticalValue', () => {
  it('is 1.96 for 95 % and 2.576 for 99 %', () => {
    assertRelativelyClose(twoSidedCriticalValue(0.95), 1.9599639845400536, 1e-12);
    assertRelativelyClose(twoSidedCriticalValue(0.99), 2.5758293035489, 1e-12);
  });
  it('rejects a confidence outside (0, 1)', () => {
    assert.throws(() => twoSidedCriticalValue(1), RangeError);
    assert.throws(() => twoSidedCriticalValue(0), RangeError);
  });
});
