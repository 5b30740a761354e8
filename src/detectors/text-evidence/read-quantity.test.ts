import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readQuantity } from './read-quantity.js';

test('reads percentages, fractions over 100 and bare numbers', () => {
  assert.deepEqual(readQuantity('88.25% overall', 20), { value: 88.25, unit: 'percent', computed: false, length: 6 });
  assert.equal(readQuantity('81.9/100', 20)?.value, 81.9);
  assert.equal(readQuantity('74.05\n', 20)?.unit, 'bare');
  assert.equal(readQuantity('**93.6/100**', 20)?.value, 93.6);
});

test('follows computations to their last result', () => {
  assert.deepEqual(readQuantity('1,615 ÷ 20 = **80.75/100**', 20)?.value, 80.75);
  assert.deepEqual(readQuantity('12/20 = 0.6 = 60%.', 20), { value: 60, unit: 'percent', computed: true, length: 17 });
});

test('a fraction over the item count is a percentage; other scales and units are not read', () => {
  assert.equal(readQuantity('16/20 (80%)', 20)?.value, 80);
  assert.equal(readQuantity('12/20', 20)?.value, 60);
  assert.equal(readQuantity('9.5/10', 20), null);
  assert.equal(readQuantity('120km', 20), null);
  assert.equal(readQuantity('20 tasks', 20), null);
  assert.equal(readQuantity('$1,400', 20), null);
});
