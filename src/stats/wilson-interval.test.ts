import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wilsonInterval } from './wilson-interval.js';

function assertClose(actual: number, expected: number, tolerance = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

describe('wilsonInterval', () => {
  it('matches the reference 12/100 → [0.0700, 0.1981]', () => {
    const interval = wilsonInterval(12, 100);
    assert.equal(interval.rate, 0.12);
    assert.equal(interval.low.toFixed(4), '0.0700');
    assert.equal(interval.high.toFixed(4), '0.1981');
    assertClose(interval.low, 0.06999406437019488);
    assertClose(interval.high, 0.19812099426711421);
  });
  it('matches closed-form values for other counts', () => {
    // Computed from the Wilson formula with z = 1.959963984540054.
    const cases: Array<[number, number, number, number]> = [
      [5, 10, 0.236593090512564, 0.7634069094874361],
      [1, 3, 0.06149194472039621, 0.7923403991979522],
      [27, 72, 0.2721917834183841, 0.4904710097307303],
    ];
    for (const [k, n, low, high] of cases) {
      const interval = wilsonInterval(k, n);
      assertClose(interval.low, low);
      assertClose(interval.high, high);
    }
  });
  it('is exactly 0 or 1 at the edges', () => {
    assert.deepEqual(wilsonInterval(0, 10).low, 0);
    assertClose(wilsonInterval(0, 10).high, 0.2775327998628892);
    assert.equal(wilsonInterval(10, 10).high, 1);
    assertClose(wilsonInterval(10, 10).low, 0.7224672001371107);
  });
  it('honours the confidence level', () => {
    const interval = wilsonInterval(12, 100, 0.99);
    assertClose(interval.low, 0.059207276835253536);
    assertClose(interval.high, 0.22808044582877188);
  });
  it('returns a null rate and [0, 1] for n = 0', () => {
    assert.deepEqual(wilsonInterval(0, 0), { rate: null, low: 0, high: 1 });
  });
  it('rejects invalid counts', () => {
    assert.throws(() => wilsonInterval(11, 10), RangeError);
    assert.throws(() => wilsonInterval(-1, 10), RangeError);
    assert.throws(() => wilsonInterval(1.5, 10), RangeError);
    assert.throws(() => wilsonInterval(1, 10, 1.2), RangeError);
  });
});
