import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRate } from './format-rate.js';

describe('formatRate', () => {
  it('shows percentages with one decimal and an en dash', () => {
    assert.equal(formatRate({ rate: 0.375, low: 0.2403, high: 0.5319 }), '37.5% [24.0–53.2]');
    assert.equal(formatRate({ rate: 1, low: 0.72247, high: 1 }), '100.0% [72.2–100.0]');
    assert.equal(formatRate({ rate: 0, low: 0, high: 0.2775 }), '0.0% [0.0–27.8]');
  });
  it('shows a dash when there is no rate', () => {
    assert.equal(formatRate({ rate: null, low: 0, high: 1 }), '—');
  });
});
