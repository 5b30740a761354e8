import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fisherExactTwoSided } from './fisher-exact-two-sided.js';

function assertRelativelyClose(actual: number, expected: number, relative = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= relative * expected, `expected ${expected}, got ${actual}`);
}

describe('fisherExactTwoSided', () => {
  it('matches the reference [[3,1],[1,3]] → 0.4857', () => {
    const p = fisherExactTwoSided([[3, 1], [1, 3]]);
    assert.equal(p.toFixed(4), '0.4857');
    assertRelativelyClose(p, 0.4857142857142857);
  });
  it('matches exact rational computations and scipy', () => {
    // Exact sums over fractions (Python), and scipy.stats.fisher_exact for the large table.
    assertRelativelyClose(fisherExactTwoSided([[1, 9], [11, 3]]), 0.0027594561852200836);
    assertRelativelyClose(fisherExactTwoSided([[10, 0], [0, 10]]), 1.082508822446903e-5);
    assertRelativelyClose(fisherExactTwoSided([[20, 80], [5, 95]]), 0.0021972325519849056);
    assertRelativelyClose(fisherExactTwoSided([[7, 3], [2, 8]]), 0.06977851869492736);
    assertRelativelyClose(fisherExactTwoSided([[200, 800], [150, 850]]), 0.0038884210059818487, 1e-7);
  });
  it('is 1 for an empty or balanced table', () => {
    assert.equal(fisherExactTwoSided([[0, 0], [0, 0]]), 1);
    assert.equal(fisherExactTwoSided([[5, 5], [5, 5]]), 1);
  });
  it('rejects negative or fractional cells', () => {
    assert.throws(() => fisherExactTwoSided([[1, -1], [1, 1]]), RangeError);
    assert.throws(() => fisherExactTwoSided([[1, 0.5], [1, 1]]), RangeError);
  });
});
