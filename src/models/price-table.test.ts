import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costUsd, findPrice, pricedTokens, type ModelPrice } from './price-table.js';

const price: ModelPrice = { model: 'openai:x', input: 2, cachedInput: 0.5, output: 10, reasoning: 12, source: 'test' };

test('usage splits into uncached input, cached input, text output and reasoning, each at its price', () => {
  const tokens = pricedTokens({ inputTokens: { total: 1_000_000, noCache: undefined, cacheRead: 200_000, cacheWrite: undefined }, outputTokens: { total: 300_000, text: undefined, reasoning: 100_000 } });
  assert.deepEqual(tokens, { inputTokens: 800_000, cachedInputTokens: 200_000, outputTokens: 200_000, reasoningTokens: 100_000 });
  // 0.8×2 + 0.2×0.5 + 0.2×10 + 0.1×12 = 1.6 + 0.1 + 2 + 1.2
  assert.equal(costUsd(price, tokens), 4.9);
  assert.equal(costUsd(price, pricedTokens({ inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: undefined, text: undefined, reasoning: undefined } })), 0);
});

test('exact entries win over provider wildcards; unknown models are unpriced', () => {
  const table: ModelPrice[] = [{ ...price, model: 'reference:*', input: 0 }, price];
  assert.equal(findPrice(table, 'openai:x'), price);
  assert.equal(findPrice(table, 'reference:loyal')?.input, 0);
  assert.equal(findPrice(table, 'openai:y'), null);
});
