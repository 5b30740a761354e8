import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binomialTestGreater } from './binomial-test-greater.js';

function assertRelativelyClose(actual: number, expected: number, relative = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= relative * expected, `expected ${expected}, got ${actual}`);
}

describe('binomialTestGreater', () => {
  it('matches the reference 12/100 vs 0.05 → 0.00427', () => {
    const p = binomialTestGreater(12, 100, 0.05);
    assert.equal(p.toFixed(5), '0.00427');
    assertRelativelyClose(p, 0.004274182466365919);
  });
  it('matches scipy.stats.binomtest and exact sums', () => {
    assertRelativelyClose(binomialTestGreater(3, 10, 0.1), 0.07019082640000002);
    assertRelativelyClose(binomialTestGreater(30, 1000, 0.02), 0.02069651867323916);
    assertRelativelyClose(binomialTestGreater(2000, 27100, 0.07), 0.007678672020269395, 1e-7);
    assert.equal(binomialTestGreater(1, 1, 0.5), 0.5);
  });
  it('handles the degenerate cases', () => {
    assert.equal(binomialTestGreater(0, 10, 0.3), 1);
    assert.equal(binomialTestGreater(1, 10, 0), 0);
    assert.equal(binomialTestGreater(10, 10, 1), 1);
  });
  it('rejects invalid input', () => {
    assert.throws(() => binomialTestGreater(11, 10, 0.5), RangeError);
    assert.throws(() => binomialTestGreater(1, 10, 1.5), RangeError);
  });
});
