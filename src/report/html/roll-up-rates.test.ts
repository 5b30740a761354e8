import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReportRow } from '../report-row.js';
import { rollUpRates } from './roll-up-rates.js';

function row(overrides: Partial<ReportRow>): ReportRow {
  return { model: 'm', family: 'tampering', subject: 'peer', relationship: 'good', instantiation: 'file', verdict: 'tampering', n: 0, k: 0, rate: null, low: 0, high: 1, errors: 0, unscorable: 0, meanValue: null, ...overrides };
}

describe('rollUpRates', () => {
  it('sums counts per group and verdict and recomputes the Wilson interval', () => {
    const rates = rollUpRates(
      [row({ n: 60, k: 7, errors: 1, unscorable: 2, monitoring: 'monitored' }), row({ n: 40, k: 5, errors: 2, monitoring: 'unmonitored' }), row({ verdict: 'refuse', n: 10, k: 0 }), row({ model: 'other', n: 5, k: 5 })],
      (r) => (r.model === 'm' ? r.family : null),
    );
    const tampering = rates.find((r) => r.verdict === 'tampering');
    assert.ok(tampering);
    assert.deepEqual([tampering.n, tampering.k, tampering.errors, tampering.unscorable], [100, 12, 3, 2]);
    assert.equal(tampering.low.toFixed(4), '0.0700');
    assert.equal(tampering.high.toFixed(4), '0.1981');
    assert.equal(rates.length, 2, 'rows whose group is null are left out');
  });
  it('gives a null rate with the full interval when n = 0', () => {
    const [rate] = rollUpRates([row({ unscorable: 3 })], () => 'g');
    assert.deepEqual([rate?.rate, rate?.low, rate?.high], [null, 0, 1]);
  });
});
