import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clonePlainData } from './clone-plain-data.js';

test('a plain-data copy is equal to the original and shares no object with it', () => {
  const original = { a: 1, b: 'x', c: null, d: undefined, e: true, list: [1, [2, 3], { f: 'g' }], nested: { deep: { deeper: ['h'] } } };
  const copy = clonePlainData(original);
  assert.deepEqual(copy, original);
  assert.deepEqual(copy, structuredClone(original));
  assert.ok('d' in copy, 'keys holding undefined are kept');
  assert.notEqual(copy.list, original.list);
  assert.notEqual(copy.list[1], original.list[1]);
  assert.notEqual(copy.nested.deep, original.nested.deep);
  copy.nested.deep.deeper.push('changed');
  (copy.list[2] as { f: string }).f = 'changed';
  assert.deepEqual(original.nested.deep.deeper, ['h']);
  assert.equal((original.list[2] as { f: string }).f, 'g');
});

test('primitives come back as they are; frozen input gives a mutable copy', () => {
  for (const value of [0, -1.5, 'text', true, null, undefined]) assert.equal(clonePlainData(value), value);
  const frozen = Object.freeze({ rows: Object.freeze([Object.freeze(['a', 1])]) });
  const copy = clonePlainData(frozen);
  assert.ok(!Object.isFrozen(copy) && !Object.isFrozen(copy.rows));
  (copy.rows as unknown as unknown[][])[0]!.push('more');
  assert.equal(frozen.rows[0]!.length, 2);
});

test('objects that are not plain data are copied by structuredClone, never shared', () => {
  const when = new Date('2026-02-03T21:23:00Z');
  const map = new Map([['k', { v: 1 }]]);
  const copy = clonePlainData({ when, map, bare: Object.assign(Object.create(null) as Record<string, unknown>, { x: [1] }) });
  assert.ok(copy.when instanceof Date && copy.when.getTime() === when.getTime() && copy.when !== when);
  assert.ok(copy.map instanceof Map && copy.map.get('k')!.v === 1 && copy.map.get('k') !== map.get('k'));
  assert.equal(Object.getPrototypeOf(copy.bare), null);
  assert.deepEqual(copy.bare['x'], [1]);
});
