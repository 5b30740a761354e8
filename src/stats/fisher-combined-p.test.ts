import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fisherCombinedP } from './fisher-combined-p.js';

test('fisherCombinedP matches scipy reference values', () => {
  assert.ok(Math.abs(fisherCombinedP([0.05, 0.05])! - 0.0174787) < 1e-6);
  // [0.01, 0.2, 0.3] → statistic 14.8372, p = 0.021562 (checked by numerically integrating the χ²₆ density)
  assert.ok(Math.abs(fisherCombinedP([0.01, 0.2, 0.3])! - 0.021562) < 1e-6);
  assert.ok(Math.abs(fisherCombinedP([0.3])! - 0.3) < 1e-12);
  assert.equal(fisherCombinedP([1, 1, 1]), 1);
});

test('fisherCombinedP handles empty input, zero p-values and rejects invalid ones', () => {
  assert.equal(fisherCombinedP([]), null);
  assert.equal(fisherCombinedP([0, 0.5]), 0);
  assert.throws(() => fisherCombinedP([1.2]), RangeError);
  assert.throws(() => fisherCombinedP([Number.NaN]), RangeError);
});
