import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUN_SETTING, parseViewerQuery, trialQueryOf } from './viewer-query.js';

describe('viewer query: company and ablation factors', () => {
  it('passes the factors through and spells the run\'s own memory prompt / scratchpad as run-setting', () => {
    const parsed = parseViewerQuery(new URLSearchParams({ company: 'Acme', peerIdentity: 'llama', scratchpad: RUN_SETTING, memoryPrompt: 'hard', instruction: '', target: 'human' }));
    assert.ok(parsed.ok);
    assert.deepEqual(trialQueryOf(parsed.query), { company: 'Acme', peerIdentity: 'llama', scratchpad: '', memoryPrompt: 'hard', target: 'human' });
  });

  it('keeps run-setting literal for the other factors and refuses over-long values', () => {
    const parsed = parseViewerQuery(new URLSearchParams({ company: RUN_SETTING }));
    assert.ok(parsed.ok);
    assert.deepEqual(trialQueryOf(parsed.query), { company: RUN_SETTING });
    assert.equal(parseViewerQuery(new URLSearchParams({ target: 'x'.repeat(501) })).ok, false);
  });
});
