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

/** An inner model that waits for its signal to abort and throws the signal's reason (as a fetch would). */
function hangingModel(seen: AbortSignal[]): LanguageModelV3 {
  return {
    specificationVersion: 'v3', provider: 'test', modelId: 'm', supportedUrls: {},
    doGenerate: (options) => new Promise((_, reject) => {
      const signal = options.abortSignal!;
      seen.push(signal);
      // A real request keeps the process alive; the deadline's own timer does not (it is unref'd).
      const keepAlive = setTimeout(() => undefined, 10_000);
      signal.addEventListener('abort', () => { clearTimeout(keepAlive); reject(signal.reason); }, { once: true });
    }),
    doStream: () => Promise.reject(new Error('no')),
  };
}

test('a per-call timeout aborts the attempt with a TimeoutError and is retried as E_MODEL_TIMEOUT', async () => {
  const seen: AbortSignal[] = [];
  const model = createRetryingModel(hangingModel(seen), { policy: { ...policy, maxRetries: 1, callTimeoutMs: 20 }, random: () => 0 });
  await assert.rejects(call(model), (error: unknown) => error instanceof ModelCallError && error.code === 'E_MODEL_TIMEOUT' && /after 2 attempts/.test(error.message));
  assert.equal(seen.length, 2, 'one signal per attempt');
  for (const signal of seen) assert.equal((signal.reason as DOMException).name, 'TimeoutError');
});

test("the caller's abort reaches the attempt with the caller's reason and is not a timeout; a finished attempt's signal stays quiet", async () => {
  const seen: AbortSignal[] = [];
  const outer = new AbortController();
  const model = createRetryingModel(hangingModel(seen), { policy: { ...policy, callTimeoutMs: 60_000 } });
  const pending = call(model, outer.signal);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const reason = new Error('stop');
  outer.abort(reason);
  await assert.rejects(pending, (error: unknown) => error === reason);
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.reason, reason);
  // An attempt that succeeded is not aborted later by the caller (its listener on the caller's signal is gone).
  const quiet = new AbortController();
  let passed: AbortSignal | undefined;
  const ok: LanguageModelV3 = { ...hangingModel([]), doGenerate: async (options) => { passed = options.abortSignal; return reply; } };
  assert.deepEqual(await call(createRetryingModel(ok, { policy: { ...policy, callTimeoutMs: 60_000 } }), quiet.signal), reply);
  quiet.abort(new Error('late'));
  assert.equal(passed!.aborted, false);
});
