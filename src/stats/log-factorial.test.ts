import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logChoose, logFactorial } from './log-factorial.js';

describe('logFactorial', () => {
  it('is exact for small n', () => {
    assert.equal(logFactorial(0), 0);
    assert.equal(logFactorial(1), 0);
    assert.ok(Math.abs(logFactorial(10) - Math.log(3628800)) < 1e-12);
  });
  it('matches lgamma for large n', () => {
    // Python: math.lgamma(101), math.lgamma(27101)
    assert.ok(Math.abs(logFactorial(100) / 363.73937555556347 - 1) < 1e-14);
    assert.ok(Math.abs(logFactorial(27100) / 249523.5546722288 - 1) < 1e-13);
  });
  it('is continuous across the exact/Lanczos switch', () => {
    assert.ok(Math.abs(logFactorial(21) - logFactorial(20) - Math.log(21)) < 1e-12);
  });
  it('gives log C(n, k)', () => {
    assert.ok(Math.abs(logChoose(10, 3) - Math.log(120)) < 1e-12);
    assert.equal(logChoose(5, 0), 0);
  });
  it('rejects negative or fractional n', () => {
    assert.throws(() => logFactorial(-1), RangeError);
    assert.throws(() => logFactorial(1.5), RangeError);
  });
});
