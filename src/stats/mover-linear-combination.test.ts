import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moverLinearCombination } from './mover-linear-combination.js';
import { newcombeDifference } from './newcombe-difference.js';
import { wilsonInterval } from './wilson-interval.js';

const close = (actual: number, expected: number, tolerance = 1e-4): void => {
  assert.ok(Math.abs(actual - expected) < tolerance, `${actual} is not within ${tolerance} of ${expected}`);
};

test('a single term with weight 1 is the Wilson interval', () => {
  const mover = moverLinearCombination([{ k: 12, n: 100, weight: 1 }]);
  close(mover.estimate!, 0.12);
  close(mover.low, 0.07);
  close(mover.high, 0.1981);
  const wilson = wilsonInterval(12, 100);
  close(mover.low, wilson.low, 1e-12);
});

test('terms (+1, −1) give Newcombe\'s interval (56/70 − 48/80 → [0.0524, 0.3339])', () => {
  const mover = moverLinearCombination([{ k: 56, n: 70, weight: 1 }, { k: 48, n: 80, weight: -1 }]);
  close(mover.estimate!, 0.2);
  close(mover.low, 0.0524);
  close(mover.high, 0.3339);
  const newcombe = newcombeDifference(56, 70, 48, 80);
  close(mover.low, newcombe.low, 1e-12);
  close(mover.high, newcombe.high, 1e-12);
});

test('an average of independent proportions has a narrower relative interval than each', () => {
  const average = moverLinearCombination([{ k: 10, n: 100, weight: 1 / 3 }, { k: 20, n: 100, weight: 1 / 3 }, { k: 30, n: 100, weight: 1 / 3 }]);
  close(average.estimate!, 0.2);
  // Hand-computed from the three Wilson intervals: [0.0552, 0.1744], [0.1334, 0.2888], [0.2189, 0.3965].
  close(average.low, 0.2 - Math.sqrt(((0.1 - 0.05523) / 3) ** 2 + ((0.2 - 0.13336) / 3) ** 2 + ((0.3 - 0.21886) / 3) ** 2), 1e-4);
  assert.ok(average.high - average.low < wilsonInterval(20, 100).high - wilsonInterval(20, 100).low);
});

test('no terms or an empty group gives no estimate; bad input throws', () => {
  assert.equal(moverLinearCombination([]).estimate, null);
  assert.equal(moverLinearCombination([{ k: 0, n: 0, weight: 1 }, { k: 1, n: 2, weight: -1 }]).estimate, null);
  assert.throws(() => moverLinearCombination([{ k: 3, n: 2, weight: 1 }]), RangeError);
  assert.throws(() => moverLinearCombination([{ k: 1, n: 2, weight: Number.NaN }]), RangeError);
});
