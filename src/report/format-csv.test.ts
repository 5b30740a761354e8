import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCsv } from './format-csv.js';
import { reportFixtureRows } from './report-fixture.js';

/** A minimal RFC 4180 parser, to check that the output reads back. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const character = text[i];
    if (quoted) {
      if (character === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      record.push(field);
      field = '';
    } else if (character === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += character;
  }
  return records;
}

describe('formatCsv', () => {
  const output = formatCsv(reportFixtureRows());

  it('writes a header and CRLF-terminated records', () => {
    const lines = output.split('\r\n');
    assert.equal(
      lines[0],
      'model,family,subject,relationship,instantiation,dataset,threshold,monitoring,verdict,n,k,rate,low,high,errors,unscorable,meanValue,company,peerIdentity,memoryPrompt,scratchpad,instruction,target,harness',
    );
    assert.equal(lines[1], 'openai:gpt-5,tampering,peer,good,file,,,,tampering,40,15,0.375,0.2403,0.5319,2,1,,,,,,,,');
    assert.equal(lines.length, 5);
    assert.equal(lines[4], '');
  });

  it('quotes fields with commas or quotes and doubles the quotes', () => {
    assert.match(output, /\r\n"openai-compatible:odd\|name,""quoted""",tampering,self,none,none,,,,\(trial\),0,0,,0,1,5,0,,,,,,,,\r\n$/);
  });

  it('reads back with an RFC 4180 parser, null rates as empty fields', () => {
    const [row] = reportFixtureRows();
    assert.ok(row);
    const records = parseCsv(formatCsv([{ ...row, model: 'line\nbreak, "and" quotes\r' }, ...reportFixtureRows()]));
    assert.equal(records.length, 5);
    assert.equal(records[1]?.[0], 'line\nbreak, "and" quotes\r');
    assert.equal(records[4]?.[0], 'openai-compatible:odd|name,"quoted"');
    assert.equal(records[4]?.[11], '');
    assert.ok(records.every((record) => record.length === 24));
  });

  it('fills the cell factor columns for a per-cell report', () => {
    const [row] = reportFixtureRows();
    assert.ok(row);
    const lines = formatCsv([{ ...row, dataset: 'factual', threshold: 80, monitoring: 'unmonitored' }]).split('\r\n');
    assert.match(lines[1] ?? '', /^openai:gpt-5,tampering,peer,good,file,factual,80,unmonitored,tampering,/);
  });

  it('writes only the header for no rows', () => {
    assert.equal(formatCsv([]).split('\r\n').length, 2);
  });
});
