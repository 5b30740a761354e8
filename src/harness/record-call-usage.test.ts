import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CACHE_HIT_METADATA_KEY, recordCallUsage, type ConversationUsage } from './record-call-usage.js';

function reply(input: number, output: number, options: { reasoning?: number; cacheRead?: number; cacheHit?: boolean; raw?: string } = {}) {
  return {
    usage: {
      inputTokens: { total: input, noCache: undefined, cacheRead: options.cacheRead, cacheWrite: undefined },
      outputTokens: { total: output, text: undefined, reasoning: options.reasoning },
    },
    finishReason: { unified: 'tool-calls' as const, raw: options.raw },
    ...(options.cacheHit ? { providerMetadata: { [CACHE_HIT_METADATA_KEY]: { cacheHit: true } } } : {}),
  };
}

test('a call adds its tokens and is recorded with its cost, cached input and raw finish reason', () => {
  const usage: ConversationUsage = { inputTokens: 10, outputTokens: 1, reasoningTokens: 0, modelCalls: 1 };
  const { event, callCost, finish } = recordCallUsage(reply(100, 20, { reasoning: 5, cacheRead: 40, raw: 'tool_use' }), usage, 2, (u) => (u.inputTokens.total ?? 0) / 1000);
  assert.deepEqual(usage, { inputTokens: 110, outputTokens: 21, reasoningTokens: 5, modelCalls: 2 });
  assert.equal(callCost, 0.1);
  assert.equal(finish, 'tool-calls (tool_use)');
  assert.deepEqual(event, { type: 'usage-recorded', turn: 2, inputTokens: 100, outputTokens: 20, reasoningTokens: 5, cachedInputTokens: 40, costUsd: 0.1, finishReason: 'tool-calls (tool_use)' });
});

test('a reply from the response cache costs 0 and says so; an unpriced model gives null', () => {
  const usage: ConversationUsage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, modelCalls: 0 };
  const hit = recordCallUsage(reply(100, 20, { cacheHit: true }), usage, 1, () => 5);
  assert.equal(hit.callCost, 0);
  assert.equal(hit.event?.cacheHit, true);
  assert.equal(hit.event?.costUsd, 0);
  const unpriced = recordCallUsage(reply(100, 20), usage, 2, () => null);
  assert.equal(unpriced.callCost, null);
  assert.equal(unpriced.event?.costUsd, null);
  assert.equal(unpriced.event?.cacheHit, undefined);
});

test('nothing to record without tokens, pricing or a cache hit; the call is still counted', () => {
  const usage: ConversationUsage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, modelCalls: 0 };
  const { event, callCost, finish } = recordCallUsage(reply(0, 0, { raw: 'tool-calls' }), usage, 1, undefined);
  assert.equal(event, undefined);
  assert.equal(callCost, undefined);
  assert.equal(finish, 'tool-calls');
  assert.equal(usage.modelCalls, 1);
});
