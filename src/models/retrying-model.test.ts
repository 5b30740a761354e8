import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APICallError, type LanguageModelV3, type LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { AdaptiveConcurrency } from './adaptive-concurrency.js';
import { ModelCallError } from './model-call-error.js';
import { backoffDelayMs, createRetryingModel, DEFAULT_RETRY_POLICY, type RetryNotice } from './retrying-model.js';

const reply: LanguageModelV3GenerateResult = {
  content: [{ type: 'text', text: 'ok' }],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } },
  warnings: [],
};

function failingThen(failures: unknown[]): LanguageModelV3 & { calls: number } {
  const model = {
    specificationVersion: 'v3' as const, provider: 'test', modelId: 'm', supportedUrls: {}, calls: 0,
    doGenerate: async () => {
      const failure = failures[model.calls++];
      if (failure !== undefined) throw failure;
      return reply;
    },
    doStream: () => Promise.reject(new Error('no')),
  };
  return model;
}
const http = (statusCode: number, headers: Record<string, string> = {}) => new APICallError({ message: `HTTP ${statusCode}`, url: 'u', requestBodyValues: {}, statusCode, responseHeaders: headers });
const policy = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 4, maxDelayMs: 16, maxRetries: 3 };
const call = async (model: LanguageModelV3, signal?: AbortSignal) => model.doGenerate({ prompt: [], ...(signal ? { abortSignal: signal } : {}) });

test('backoff doubles with equal jitter and is capped', () => {
  const p = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 1000, maxDelayMs: 5000 };
  assert.equal(backoffDelayMs(p, 1, () => 0), 500);
  assert.equal(backoffDelayMs(p, 1, () => 1), 1000);
  assert.equal(backoffDelayMs(p, 2, () => 1), 2000);
  assert.equal(backoffDelayMs(p, 3, () => 0.5), 3000);
  assert.equal(backoffDelayMs(p, 10, () => 1), 5000);
});

test('retryable failures are retried, a 429 shrinks the limiter, success grows it', async () => {
  const inner = failingThen([http(429, { 'retry-after-ms': '5' }), http(502)]);
  const limiter = new AdaptiveConcurrency({ initial: 8 });
  const notices: RetryNotice[] = [];
  const model = createRetryingModel(inner, { policy, limiter, random: () => 0, observer: { onRetry: (n) => notices.push(n) } });
  assert.deepEqual(await call(model), reply);
  assert.equal(inner.calls, 3);
  assert.deepEqual(notices.map((n) => [n.attempt, n.error.code, n.delayMs]), [[1, 'E_MODEL_RATE_LIMIT', 5], [2, 'E_MODEL_SERVER', 4]]);
  assert.equal(limiter.limit, 4);
  assert.equal(limiter.inFlight, 0, 'every slot given back');
});

test('non-retryable failures and exhausted retries throw a typed error; too long a retry-after fails at once', async () => {
  const auth = failingThen([http(401)]);
  await assert.rejects(call(createRetryingModel(auth, { policy })), (error: unknown) => error instanceof ModelCallError && error.code === 'E_MODEL_AUTH' && !error.retryable);
  assert.equal(auth.calls, 1);
  const always = failingThen([http(500), http(500), http(500), http(500), http(500)]);
  await assert.rejects(call(createRetryingModel(always, { policy })), /after 4 attempts/);
  assert.equal(always.calls, 4);
  const patient = failingThen([http(429, { 'retry-after': '3600' })]);
  await assert.rejects(call(createRetryingModel(patient, { policy })), /asked to wait 3600 s/);
  assert.equal(patient.calls, 1);
});

test('an abort of the caller is never retried and stops a wait at once', async () => {
  const inner = failingThen([http(503, { 'retry-after': '60' })]);
  const controller = new AbortController();
  const model = createRetryingModel(inner, { policy: { ...policy, maxRetryAfterMs: 120_000 }, observer: { onRetry: () => controller.abort(new Error('trial aborted')) } });
  const started = performance.now();
  await assert.rejects(call(model, controller.signal), /trial aborted/);
  assert.ok(performance.now() - started < 1000);
  assert.equal(inner.calls, 1);
});
