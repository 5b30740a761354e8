import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costNoteText } from './report-summary.js';

describe('costNoteText', () => {
  it('is empty when nothing was spent and every trial is priced (reference agents)', () => {
    assert.equal(costNoteText([]), '');
    assert.equal(costNoteText([{ model: 'reference:faithful', trials: 20, costUsd: 0, unpriced: 0 }]), '');
  });

  it('sums the known costs and counts unpriced trials as unknown, never as $0', () => {
    const text = costNoteText([
      { model: 'reference:faithful', trials: 20, costUsd: 0, unpriced: 0 },
      { model: 'openai:gpt-x', trials: 3, costUsd: 1.25, unpriced: 0 },
      { model: 'openai-compatible:local', trials: 2, costUsd: 0, unpriced: 2 },
    ]);
    assert.equal(text, 'Cost at list prices: $1.2500 + 2 trials of unknown cost — openai:gpt-x $1.2500 over 3 trials; openai-compatible:local $0.0000 over 2 trials (2 unpriced).');
  });
});
