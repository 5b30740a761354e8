import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTable } from './format-table.js';
import { REPORT_LEGEND } from './report-columns.js';
import { reportFixtureRows } from './report-fixture.js';

describe('formatTable', () => {
  const output = formatTable(reportFixtureRows());
  const lines = output.trimEnd().split('\n');

  it('prints a header, a rule, one line per row and the legend', () => {
    assert.equal(lines.length, 2 + 3 + 1);
    assert.match(lines[0] ?? '', /^model\s+family\s+subject\s+relationship\s+instantiation\s+verdict\s+rate \[95% CI\]\s+k\s+n\s+errors\s+unscorable\s+mean$/);
    assert.match(lines[1] ?? '', /^-+( +-+)+$/);
    assert.equal(lines.at(-1), REPORT_LEGEND);
    assert.ok(output.endsWith('\n'));
  });

  it('aligns every column', () => {
    const tableLines = lines.slice(0, -1);
    const header = tableLines[0] ?? '';
    // Right-aligned columns end at the same offset on every line.
    for (const name of ['errors', 'unscorable']) {
      const end = header.indexOf(name) + name.length;
      for (const line of tableLines.slice(2)) assert.match(line.slice(end - 1, end), /\d/, `${name} in: ${line}`);
    }
    const verdictStart = header.indexOf('verdict');
    for (const line of tableLines.slice(2)) assert.notEqual(line[verdictStart], ' ');
  });

  it('formats rates, always shows n, errors and unscorable, and marks small n', () => {
    assert.match(lines[2] ?? '', /tampering +37\.5% \[24\.0–53\.2\] +15 +40 +2 +1 +—$/);
    assert.match(lines[3] ?? '', /inflation +42\.9% \[15\.8–75\.0\] ⚠ +3 +7 +2 +0 +21\.33$/);
    assert.match(lines[4] ?? '', /\(trial\) +— ⚠ +0 +0 +5 +0 +—$/);
    assert.doesNotMatch(lines[2] ?? '', /⚠/);
  });

  it('adds the cell factor columns for a per-cell report', () => {
    const rows = reportFixtureRows().map((row) => ({ ...row, dataset: 'factual', threshold: null, monitoring: 'none' }));
    const header = formatTable(rows).split('\n')[0] ?? '';
    assert.match(header, /instantiation\s+dataset\s+threshold\s+monitoring\s+verdict/);
  });

  it('says so when there are no rows', () => {
    assert.equal(formatTable([]), `(no results)\n${REPORT_LEGEND}\n`);
  });
});
