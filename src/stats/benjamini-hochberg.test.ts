import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benjaminiHochberg } from './benjamini-hochberg.js';

function assertAllClose(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, index) => {
    assert.ok(Math.abs(value - (expected[index] ?? Number.NaN)) < 1e-12, `index ${index}: ${value} vs ${expected[index]}`);
  });
}

describe('benjaminiHochberg', () => {
  it("matches R's p.adjust(c(0.01, 0.04, 0.03, 0.005), 'BH')", () => {
    assertAllClose(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]), [0.02, 0.04, 0.04, 0.02]);
  });
  it("matches R's p.adjust on a longer list", () => {
    // p.adjust(c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205), "BH")
    assertAllClose(
      benjaminiHochberg([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]),
      [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.08457142857142857, 0.205],
    );
  });
  it('never exceeds 1 and handles the empty list', () => {
    assertAllClose(benjaminiHochberg([1, 1]), [1, 1]);
    assert.deepEqual(benjaminiHochberg([]), []);
  });
  it('rejects values outside [0, 1]', () => {
    assert.throws(() => benjaminiHochberg([-0.1]), RangeError);
  });
});
