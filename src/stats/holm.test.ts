import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holm } from './holm.js';

function assertAllClose(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, index) => {
    assert.ok(Math.abs(value - (expected[index] ?? Number.NaN)) < 1e-12, `index ${index}: ${value} vs ${expected[index]}`);
  });
}

describe('holm', () => {
  it("matches R's p.adjust(c(0.01, 0.04, 0.03, 0.005), 'holm')", () => {
    assertAllClose(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
  });
  it('caps at 1 and keeps monotonicity', () => {
    assertAllClose(holm([0.5, 0.2, 0.9]), [1, 0.6, 1]);
  });
  it('handles ties and the empty list', () => {
    assertAllClose(holm([0.02, 0.02]), [0.04, 0.04]);
    assert.deepEqual(holm([]), []);
  });
  it('rejects values outside [0, 1]', () => {
    assert.throws(() => holm([0.1, 1.2]), RangeError);
    assert.throws(() => holm([Number.NaN]), RangeError);
  });
});
