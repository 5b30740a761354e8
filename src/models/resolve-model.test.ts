import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeerguardError } from '../core/peerguard-error.js';
import { loadRoster } from './model-roster.js';
import { findPrice, loadPriceTable } from './price-table.js';
import { assertKeysPresent, DEFAULT_AGENT_FAMILY, missingKeys, resolveModel } from './resolve-model.js';

const isCode = (code: string) => (error: unknown) => error instanceof PeerguardError && error.code === code;

test('every study model is a preset with a family, and every preset has a price entry', () => {
  const roster = loadRoster();
  const names = roster.map((p) => p.name);
  for (const name of ['gpt-5.2', 'gemini-3-flash', 'gemini-3-pro', 'gemini-3.1-pro', 'claude-haiku-4.5', 'claude-opus-4.5', 'glm-4.7', 'glm-5', 'kimi-k2.5', 'deepseek-v3.1']) assert.ok(names.includes(name), name);
  assert.deepEqual(new Set(roster.map((p) => p.family)), new Set(['ChatGPT', 'Gemini', 'Claude', 'GLM', 'Kimi', 'DeepSeek']));
  assert.deepEqual(roster.filter((p) => p.memoryPrompt === 'hard').map((p) => p.name).sort(), ['deepseek-v3.1', 'kimi-k2.5']);
  assert.ok(roster.every((p) => p.temperature === 1));
  const prices = loadPriceTable();
  for (const preset of roster) assert.ok(findPrice(prices, `${preset.provider}:${preset.modelId}`), `price for ${preset.name}`);
  assert.ok(prices.every((p) => p.source.length > 0));
});

test('a preset short name and its full reference resolve alike; unknown models get the neutral family or --display-name', () => {
  const short = resolveModel('gemini-3-pro');
  const full = resolveModel('google:gemini-3-pro-preview');
  assert.equal(short.ref, 'google:gemini-3-pro-preview');
  assert.equal(full.ref, short.ref);
  assert.equal(short.agentFamily, 'Gemini');
  assert.equal(full.agentFamily, 'Gemini');
  assert.equal(resolveModel('openai:gpt-4.1').agentFamily, DEFAULT_AGENT_FAMILY);
  assert.equal(resolveModel('openai:gpt-4.1', { agentFamily: 'Nova' }).agentFamily, 'Nova');
  assert.equal(resolveModel('gemini-3-pro', { agentFamily: 'Nova' }).agentFamily, 'Gemini', 'a preset keeps its family');
  assert.equal(resolveModel('reference:loyal').provider, 'reference');
  assert.equal(resolveModel('openai:gpt-4.1').price, null, 'unpriced');
});

test('bad references are usage errors; openai-compatible needs a base URL', () => {
  assert.throws(() => resolveModel('gemini-9'), isCode('E_USAGE'));
  assert.throws(() => resolveModel('acme:x'), isCode('E_USAGE'));
  assert.throws(() => resolveModel('openai:'), isCode('E_USAGE'));
  assert.throws(() => resolveModel('openai-compatible:llama'), isCode('E_CONFIG'));
  assert.throws(() => resolveModel('openai-compatible:llama', { baseUrl: 'not a url' }), isCode('E_CONFIG'));
  const local = resolveModel('openai-compatible:llama', { baseUrl: 'http://127.0.0.1:8000/secret-gateway-token/v1' });
  assert.equal(local.endpoint, 'http://127.0.0.1:8000');
  assert.ok(local.secrets?.includes('/secret-gateway-token/v1'));
  assert.equal(local.key?.present, true, 'the key is optional');
});

test('the preflight names every missing key in one error; a present key or .env value satisfies it', () => {
  const models = ['gpt-5.2', 'claude-opus-4.5', 'claude-haiku-4.5', 'gemini-3-flash', 'reference:faithful'].map((ref) => resolveModel(ref, { env: {} }));
  assert.deepEqual(missingKeys(models), [
    'OPENAI_API_KEY (for openai:gpt-5.2-2025-12-11)',
    'ANTHROPIC_API_KEY (for anthropic:claude-opus-4-5-20251101, anthropic:claude-haiku-4-5-20251001)',
    'GOOGLE_GENERATIVE_AI_API_KEY|GEMINI_API_KEY|GOOGLE_API_KEY (for google:gemini-3-flash-preview)',
  ]);
  assert.throws(() => assertKeysPresent(models), (error: unknown) => isCode('E_CONFIG')(error) && /OPENAI_API_KEY.*ANTHROPIC_API_KEY.*GEMINI_API_KEY/.test((error as Error).message));
  const withKeys = ['gpt-5.2', 'gemini-3-flash'].map((ref) => resolveModel(ref, { env: { OPENAI_API_KEY: 'sk-x', GEMINI_API_KEY: 'g-x' } }));
  assert.deepEqual(missingKeys(withKeys), []);
  assert.throws(() => models[0]!.create({} as never), isCode('E_CONFIG'), 'creating without a key refuses too');
});

test('a provider model builds its SDK model once and shares it across trials; a missing key still refuses every time', () => {
  const resolved = resolveModel('openai-compatible:m', { baseUrl: 'http://127.0.0.1:9/v1' });
  const context = {} as Parameters<typeof resolved.create>[0];
  const first = resolved.create(context);
  assert.equal(resolved.create(context), first);
  assert.equal(first.modelId, 'm');
  const keyless = resolveModel('openai-chat:gpt-x', { env: {} });
  assert.throws(() => keyless.create(context), isCode('E_CONFIG'));
  assert.throws(() => keyless.create(context), isCode('E_CONFIG'));
});
