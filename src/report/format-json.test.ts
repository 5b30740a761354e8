import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJson } from './format-json.js';
import { reportFixtureRows } from './report-fixture.js';

describe('formatJson', () => {
  it('writes an array of rows that reads back unchanged', () => {
    const rows = reportFixtureRows();
    const output = formatJson(rows);
    assert.ok(output.endsWith(']\n'));
    assert.deepEqual(JSON.parse(output), rows);
  });

  it('keeps a stable key order and writes null rates as null', () => {
    const parsed = JSON.parse(formatJson(reportFixtureRows())) as Array<Record<string, unknown>>;
    assert.deepEqual(Object.keys(parsed[0] ?? {}), [
      'model', 'family', 'subject', 'relationship', 'instantiation', 'verdict', 'n', 'k', 'rate', 'low', 'high',
      'errors', 'unscorable', 'meanValue',
    ]);
    assert.equal(parsed[2]?.['rate'], null);
  });

  it('writes an empty array', () => {
    assert.deepEqual(JSON.parse(formatJson([])), []);
  });
});
