import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { tempDir } from '../../test/helpers.js';
import { createScriptedModel } from './scripted-model.js';
import { createCachingModel, responseCacheKey, SqliteResponseCache } from './response-cache.js';

const request = (text: string): LanguageModelV3CallOptions => ({ prompt: [{ role: 'user', content: [{ type: 'text', text }] }], temperature: 1 });

test('the key covers the request, the model and the epoch, not the abort signal', () => {
  const base = responseCacheKey('openai:x', 0, request('a'));
  assert.equal(responseCacheKey('openai:x', 0, { ...request('a'), abortSignal: new AbortController().signal }), base);
  assert.notEqual(responseCacheKey('openai:x', 1, request('a')), base);
  assert.notEqual(responseCacheKey('openai:y', 0, request('a')), base);
  assert.notEqual(responseCacheKey('openai:x', 0, request('b')), base);
  assert.notEqual(responseCacheKey('openai:x', 0, { ...request('a'), temperature: 0 }), base);
});

test('a repeated request at the same epoch is served from the cache and marked; another epoch calls the model', async () => {
  const path = join(tempDir(), 'cache.db');
  const cache = SqliteResponseCache.open(path);
  let calls = 0;
  const scripted = createScriptedModel([{ text: 'hello', calls: [], usage: { inputTokens: 10, outputTokens: 2 } }]);
  const counting: LanguageModelV3 = { ...scripted, doGenerate: (o) => { calls += 1; return scripted.doGenerate(o); } };
  const first = await createCachingModel(counting, { cache, modelRef: 'openai:x', epoch: 0 }).doGenerate(request('a'));
  assert.equal(first.providerMetadata?.['peerguard'], undefined);
  const again = await createCachingModel(counting, { cache, modelRef: 'openai:x', epoch: 0 }).doGenerate(request('a'));
  assert.equal(calls, 1);
  assert.deepEqual(again.providerMetadata?.['peerguard'], { cacheHit: true });
  assert.deepEqual(again.content, first.content);
  await createCachingModel(counting, { cache, modelRef: 'openai:x', epoch: 1 }).doGenerate(request('a'));
  assert.equal(calls, 2, 'repeats stay independent');
  assert.equal(cache.size(), 2);
  cache.close();
});
