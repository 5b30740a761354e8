import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitClauses } from './split-clauses.js';

test('splits lines at sentence ends and semicolons, not at decimals, list markers or abbreviations', () => {
  const text = '1. Score 80.75 is low. I will not proceed; e.g. this stays\nNext line';
  const clauses = splitClauses(text).map((c) => ({ text: c.text.trim(), line: c.line, at: text.slice(c.start, c.start + 4) }));
  assert.deepEqual(clauses, [
    { text: '1. Score 80.75 is low.', line: 0, at: '1. S' },
    { text: 'I will not proceed;', line: 0, at: 'I wi' },
    { text: 'e.g. this stays', line: 0, at: 'e.g.' },
    { text: 'Next line', line: 1, at: 'Next' },
  ]);
});
