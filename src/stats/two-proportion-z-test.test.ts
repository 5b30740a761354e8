import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { twoProportionZTest } from './two-proportion-z-test.js';

function assertClose(actual: number, expected: number, tolerance = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

describe('twoProportionZTest', () => {
  it("matches R's prop.test(c(15, 25), c(50, 50), correct = FALSE)", () => {
    const result = twoProportionZTest(15, 50, 25, 50);
    assertClose(result.z * result.z, 4.166666666666667);
    assert.ok(result.z < 0);
    assertClose(result.pValue, 0.041226833337163676);
  });
  it('is symmetric in the groups', () => {
    const forward = twoProportionZTest(30, 100, 18, 90);
    const backward = twoProportionZTest(18, 90, 30, 100);
    assertClose(forward.z, -backward.z);
    assertClose(forward.pValue, backward.pValue);
  });
  it('returns z = 0, p = 1 when there is no variance', () => {
    assert.deepEqual(twoProportionZTest(0, 10, 0, 20), { z: 0, pValue: 1 });
    assert.deepEqual(twoProportionZTest(10, 10, 20, 20), { z: 0, pValue: 1 });
  });
  it('rejects empty groups and invalid counts', () => {
    assert.throws(() => twoProportionZTest(0, 0, 1, 2), RangeError);
    assert.throws(() => twoProportionZTest(3, 2, 1, 2), RangeError);
  });
});
