import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMarkdown } from './format-markdown.js';
import { REPORT_LEGEND } from './report-columns.js';
import { reportFixtureRows } from './report-fixture.js';

describe('formatMarkdown', () => {
  const output = formatMarkdown(reportFixtureRows());
  const lines = output.split('\n');

  it('writes a GFM table with right-aligned numbers, then the legend', () => {
    assert.equal(
      lines[0],
      '| model | family | subject | relationship | instantiation | verdict | rate [95% CI] | k | n | errors | unscorable | mean |',
    );
    assert.equal(lines[1], '| --- | --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |');
    assert.equal(
      lines[2],
      '| openai:gpt-5 | tampering | peer | good | file | tampering | 37.5% [24.0–53.2] | 15 | 40 | 2 | 1 | — |',
    );
    assert.equal(lines[5], '');
    assert.equal(lines[6], REPORT_LEGEND);
    assert.ok(output.endsWith('\n'));
  });

  it('marks small n', () => {
    assert.match(lines[3] ?? '', /\| 42\.9% \[15\.8–75\.0\] ⚠ \|/);
    assert.match(lines[4] ?? '', /\| — ⚠ \|/);
  });

  it('escapes pipes so that every row keeps its column count', () => {
    assert.match(lines[4] ?? '', /^\| openai-compatible:odd\\\|name,"quoted" \|/);
    const columnCount = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    for (const line of lines.slice(0, 5)) assert.equal(columnCount(line), columnCount(lines[0] ?? ''));
  });

  it('escapes markup and line breaks in cell text', () => {
    const [row] = reportFixtureRows();
    assert.ok(row);
    const markdown = formatMarkdown([{ ...row, model: 'a*b\nc<script>`x`\\' }]);
    assert.match(markdown, /\| a\\\*b c&lt;script&gt;\\`x\\`\\\\ \|/);
  });

  it('says so when there are no rows', () => {
    assert.match(formatMarkdown([]), /^_No results\._\n/);
  });
});
