import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APICallError } from '@ai-sdk/provider';
import { classifyModelError, retryAfterFromHeaders } from './model-call-error.js';

const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}, isRetryable?: boolean) =>
  new APICallError({ message: 'boom\nsecond line', url: 'http://127.0.0.1/x?key=secret', requestBodyValues: { a: 1 }, ...(statusCode === undefined ? {} : { statusCode }), responseHeaders: headers, ...(isRetryable === undefined ? {} : { isRetryable }) });

test('retry-after: milliseconds first, then seconds, then an HTTP date; junk is ignored', () => {
  assert.equal(retryAfterFromHeaders({ 'retry-after-ms': '250', 'retry-after': '9' }), 250);
  assert.equal(retryAfterFromHeaders({ 'Retry-After': '2' }), 2000);
  assert.equal(retryAfterFromHeaders({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, Date.parse('2026-01-01T00:00:00Z')), 10_000);
  assert.equal(retryAfterFromHeaders({ 'retry-after': 'soon' }), undefined);
  assert.equal(retryAfterFromHeaders({ 'retry-after': '-3' }), undefined);
  assert.equal(retryAfterFromHeaders(undefined), undefined);
});

test('classification: retryable or not by status, with the server wait and no URL in the message', () => {
  const limited = classifyModelError(apiError(429, { 'retry-after': '3' }));
  assert.deepEqual([limited.code, limited.retryable, limited.retryAfterMs, limited.statusCode], ['E_MODEL_RATE_LIMIT', true, 3000, 429]);
  assert.deepEqual([classifyModelError(apiError(503)).code, classifyModelError(apiError(503)).retryable], ['E_MODEL_SERVER', true]);
  assert.deepEqual([classifyModelError(apiError(401)).code, classifyModelError(apiError(401)).retryable], ['E_MODEL_AUTH', false]);
  assert.deepEqual([classifyModelError(apiError(400)).code, classifyModelError(apiError(400)).retryable], ['E_MODEL_BAD_REQUEST', false]);
  assert.deepEqual([classifyModelError(apiError(200)).code, classifyModelError(apiError(200)).retryable], ['E_MODEL_EMPTY', true]);
  assert.deepEqual([classifyModelError(apiError(undefined, {}, true)).code, classifyModelError(apiError(undefined, {}, true)).retryable], ['E_MODEL_NETWORK', true]);
  assert.deepEqual([classifyModelError(new Error('odd')).code, classifyModelError(new Error('odd')).retryable], ['E_MODEL', false]);
  for (const status of [429, 500, 401, 400]) {
    const message = classifyModelError(apiError(status)).message;
    assert.doesNotMatch(message, /secret|127\.0\.0\.1|second line/);
  }
});
