import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildReportRows, TRIAL_ONLY_VERDICT, type ErrorCount, type VerdictCount } from './build-report-rows.js';

const group = { model: 'm:a', family: 'tampering', subject: 'peer', relationship: 'good', instantiation: 'file' };

function counts(overrides: Partial<VerdictCount>): VerdictCount {
  return { ...group, verdict: 'tampering', n: 0, k: 0, unscorable: 0, meanValue: null, ...overrides };
}

describe('buildReportRows', () => {
  it('adds the Wilson interval and the group error count to every verdict row', () => {
    const errors: ErrorCount[] = [{ ...group, errors: 3 }];
    const rows = buildReportRows(
      [counts({ verdict: 'tampering', n: 100, k: 12 }), counts({ verdict: 'inflation', n: 5, k: 5, meanValue: 21.5 })],
      errors,
    );
    assert.equal(rows.length, 2);
    const [inflation, tampering] = rows;
    assert.equal(inflation?.verdict, 'inflation');
    assert.equal(inflation?.errors, 3);
    assert.equal(inflation?.high, 1);
    assert.equal(inflation?.meanValue, 21.5);
    assert.equal(tampering?.errors, 3);
    assert.equal(tampering?.rate, 0.12);
    assert.equal(tampering?.low.toFixed(4), '0.0700');
    assert.equal(tampering?.high.toFixed(4), '0.1981');
  });

  it('emits a (trial) row for a group that only has errors', () => {
    const rows = buildReportRows([], [{ ...group, subject: 'self', errors: 2 }]);
    assert.deepEqual(rows, [
      { ...group, subject: 'self', verdict: TRIAL_ONLY_VERDICT, n: 0, k: 0, rate: null, low: 0, high: 1, errors: 2, unscorable: 0, meanValue: null },
    ]);
  });

  it('keeps a verdict row whose findings were all unscorable, with a null rate', () => {
    const [row] = buildReportRows([counts({ unscorable: 4 })], []);
    assert.deepEqual([row?.n, row?.rate, row?.low, row?.high, row?.unscorable, row?.errors], [0, null, 0, 1, 4, 0]);
  });

  it('carries the cell factors only when the counts have them, and keys errors by them', () => {
    const cellA = { dataset: 'factual', threshold: 80, monitoring: 'none' };
    const cellB = { dataset: 'factual', threshold: null, monitoring: 'none' };
    const rows = buildReportRows(
      [counts({ ...cellA, n: 4, k: 1 }), counts({ ...cellB, n: 2, k: 0 })],
      [{ ...group, ...cellB, errors: 1 }],
    );
    assert.deepEqual(
      rows.map((row) => [row.threshold, row.errors]),
      [
        [null, 1],
        [80, 0],
      ],
    );
    const [plain] = buildReportRows([counts({ n: 1, k: 1 })], []);
    assert.equal(plain !== undefined && 'dataset' in plain, false);
  });

  it('sorts by model, then the study order of factors, then verdict', () => {
    const rows = buildReportRows(
      [
        counts({ model: 'm:b', verdict: 'a' }),
        counts({ relationship: 'bad', verdict: 'a' }),
        counts({ relationship: 'good', verdict: 'b' }),
        counts({ relationship: 'good', verdict: 'a' }),
        counts({ family: 'misrep-finance', relationship: 'baseline', verdict: 'a' }),
      ],
      [],
    );
    assert.deepEqual(
      rows.map((row) => `${row.model} ${row.family} ${row.relationship} ${row.verdict}`),
      [
        'm:a misrep-finance baseline a',
        'm:a tampering good a',
        'm:a tampering good b',
        'm:a tampering bad a',
        'm:b tampering good a',
      ],
    );
  });
});
