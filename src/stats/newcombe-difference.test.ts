import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newcombeDifference } from './newcombe-difference.js';

function assertClose(actual: number | null, expected: number, tolerance = 1e-9): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

describe('newcombeDifference', () => {
  it('matches Newcombe (1998) example 56/70 − 48/80 → [0.0524, 0.3339]', () => {
    const result = newcombeDifference(56, 70, 48, 80);
    assertClose(result.difference, 0.2);
    assert.equal(result.low.toFixed(4), '0.0524');
    assert.equal(result.high.toFixed(4), '0.3339');
  });
  it('matches the hybrid-score formula on edge cases of the paper', () => {
    const cases: Array<[number, number, number, number, number, number]> = [
      [9, 10, 3, 10, 0.17052272393450302, 0.8090179735354881],
      [5, 56, 0, 29, -0.03813714790353688, 0.19256001385511162],
      [0, 10, 0, 20, -0.16112515805281938, 0.2775327998628892],
      [10, 10, 0, 20, 0.6790860371419147, 1],
    ];
    for (const [k1, n1, k2, n2, low, high] of cases) {
      const result = newcombeDifference(k1, n1, k2, n2);
      assertClose(result.low, low);
      assertClose(result.high, high);
    }
  });
  it('is antisymmetric', () => {
    const forward = newcombeDifference(9, 10, 3, 10);
    const backward = newcombeDifference(3, 10, 9, 10);
    assertClose(backward.low, -forward.high);
    assertClose(backward.high, -forward.low);
  });
  it('returns a null difference and [−1, 1] when a group is empty', () => {
    assert.deepEqual(newcombeDifference(0, 0, 3, 10), { difference: null, low: -1, high: 1 });
  });
  it('rejects invalid counts', () => {
    assert.throws(() => newcombeDifference(3, 2, 1, 2), RangeError);
  });
});
