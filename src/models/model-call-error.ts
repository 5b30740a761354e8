import { APICallError } from '@ai-sdk/provider';
import { PeerguardError } from '../core/peerguard-error.js';

/**
 * Stable codes of a failed model call. Retryable: rate limit, server error, timeout, network. Not retryable:
 * authentication, bad request (our fault or the model id's), anything unknown.
 */
export type ModelCallErrorCode =
  | 'E_MODEL_RATE_LIMIT'
  | 'E_MODEL_SERVER'
  | 'E_MODEL_TIMEOUT'
  | 'E_MODEL_NETWORK'
  | 'E_MODEL_AUTH'
  | 'E_MODEL_BAD_REQUEST'
  | 'E_MODEL_EMPTY'
  | 'E_MODEL';

/**
 * A model call that failed, classified by the adapter that knows the wire: `retryable` says whether the same
 * request may succeed later, `retryAfterMs` carries the server's `retry-after` / `retry-after-ms` wish. The
 * message never holds a request body, URL or header (they can carry secrets).
 */
export class ModelCallError extends PeerguardError {
  readonly retryable: boolean;
  readonly statusCode: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ModelCallErrorCode,
    message: string,
    options: { retryable: boolean; statusCode?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ModelCallError';
    this.retryable = options.retryable;
    this.statusCode = options.statusCode;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * Reads `retry-after-ms` (milliseconds) or `retry-after` (seconds or an HTTP date) from response headers.
 * Returns undefined when absent, unparsable or negative.
 */
export function retryAfterFromHeaders(headers: Record<string, string> | undefined, nowMs: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const ms = lower.get('retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = lower.get('retry-after');
  if (after !== undefined && after.trim() !== '') {
    const seconds = Number(after);
    if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  }
  return undefined;
}

/** First line of a provider message, bounded, so a huge or multi-line body never lands in a record. */
function shortMessage(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * Classifies any error thrown by a provider model's `doGenerate` into a {@link ModelCallError}. Uses the AI
 * SDK's `APICallError` (status code, `isRetryable`, response headers) where present.
 */
export function classifyModelError(error: unknown): ModelCallError {
  if (error instanceof ModelCallError) return error;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const retryAfterMs = retryAfterFromHeaders(error.responseHeaders);
    const detail = shortMessage(error.message);
    const base = { cause: error, ...(status === undefined ? {} : { statusCode: status }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    if (status === 429) return new ModelCallError('E_MODEL_RATE_LIMIT', `rate limited (HTTP 429): ${detail}`, { ...base, retryable: true });
    if (status === 401 || status === 403) return new ModelCallError('E_MODEL_AUTH', `not authorised (HTTP ${status}): ${detail}`, { ...base, retryable: false });
    if (status === 408) return new ModelCallError('E_MODEL_TIMEOUT', `request timeout (HTTP 408): ${detail}`, { ...base, retryable: true });
    if (status !== undefined && status >= 500) return new ModelCallError('E_MODEL_SERVER', `server error (HTTP ${status}): ${detail}`, { ...base, retryable: true });
    // A success status whose body the SDK could not read (empty, cut off, not JSON) may well be transient.
    if (status !== undefined && status >= 200 && status < 300) return new ModelCallError('E_MODEL_EMPTY', `unreadable response (HTTP ${status}): ${detail}`, { ...base, retryable: true });
    if (status !== undefined && status >= 400) return new ModelCallError('E_MODEL_BAD_REQUEST', `request rejected (HTTP ${status}): ${detail}`, { ...base, retryable: error.isRetryable });
    // No status: the SDK marks network failures retryable.
    return new ModelCallError(error.isRetryable ? 'E_MODEL_NETWORK' : 'E_MODEL', `${error.isRetryable ? 'network error' : 'call failed'}: ${detail}`, { ...base, retryable: error.isRetryable });
  }
  const message = error instanceof Error ? shortMessage(error.message) : String(error);
  const name = error instanceof Error ? error.name : '';
  // A malformed or empty JSON body from the server (the SDK's parse errors) may well be transient.
  if (name.includes('JSONParseError') || name.includes('TypeValidationError') || name.includes('EmptyResponseBodyError')) {
    return new ModelCallError('E_MODEL_EMPTY', `unreadable response: ${message}`, { retryable: true, cause: error });
  }
  if (error instanceof TypeError && /fetch failed|network|socket|ECONN/i.test(`${message} ${String((error as { cause?: unknown }).cause ?? '')}`)) {
    return new ModelCallError('E_MODEL_NETWORK', `network error: ${message}`, { retryable: true, cause: error });
  }
  return new ModelCallError('E_MODEL', message, { retryable: false, cause: error });
}
