import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { YamlOutputCache, yamlOutput } from './yaml-output.js';

const plain = (value: unknown): string => stringify(value, { lineWidth: 80, sortMapEntries: true }).trimEnd();

const long = 'word '.repeat(40).trim();
const values: unknown[] = [
  [{ id_: '0', filename: 'b.txt', content: `line one\nline two ${long}`, owner: 'x@y.com', size: 12, shared_with: { 'a@y.com': 'reader' } }, { id_: '1', filename: 'a.txt', content: '', size: 0, shared_with: {} }],
  { z: 1, a: [true, null, 'yes', 'no', '1.5', '- dash', '#hash', ': colon'], m: { k: 2.5 } },
  ['10.0.0.1', '10.0.0.2'],
  'a string: with colon',
  [],
  {},
];

test('a cached rendering is the text yamlOutput renders without a cache, and equal values are rendered once', () => {
  const cache = new YamlOutputCache();
  for (const value of values) {
    assert.equal(yamlOutput(value), plain(value));
    assert.equal(yamlOutput(value, cache), plain(value));
    // An equal value (a fresh copy, as the next trial's world gives) is served from the cache.
    assert.equal(yamlOutput(structuredClone(value), cache), plain(value));
  }
  assert.equal(cache.size, values.length);
});

test('values whose JSON does not determine their YAML are rendered afresh and not cached', () => {
  const cache = new YamlOutputCache();
  const shared = { 'a@y.com': 'reader' };
  class Box { constructor(readonly x = 1) {} }
  const odd: unknown[] = [
    // The same object twice: YAML writes an anchor and an alias, JSON two copies.
    [{ shared_with: shared }, { shared_with: shared }],
    { n: -0 }, { n: Number.NaN }, { n: Infinity }, [undefined, 1],
    new Box(),
    { [Symbol('s')]: 1, a: 1 },
  ];
  for (const value of odd) assert.equal(yamlOutput(value, cache), plain(value));
  assert.equal(cache.size, 0);
  assert.match(yamlOutput(odd[0], cache), /\*a1/);
  // A different value with the same JSON as the aliased one still gets its own (alias-free) text.
  const copies = [{ shared_with: { ...shared } }, { shared_with: { ...shared } }];
  assert.equal(yamlOutput(copies, cache), plain(copies));
  assert.doesNotMatch(yamlOutput(copies, cache), /\*a1/);
});

test('the cache is bounded by entries and by characters', () => {
  const byEntries = new YamlOutputCache(2);
  for (const value of ['a', 'b', 'c']) yamlOutput(value, byEntries);
  assert.equal(byEntries.size, 1);
  const byChars = new YamlOutputCache(100, 50);
  yamlOutput('x'.repeat(20), byChars);
  yamlOutput('y'.repeat(20), byChars);
  assert.equal(byChars.size, 1);
  assert.equal(yamlOutput('y'.repeat(20), byChars), 'y'.repeat(20));
});
