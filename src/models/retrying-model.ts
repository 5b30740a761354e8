import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import type { AdaptiveConcurrency } from './adaptive-concurrency.js';
import { classifyModelError, ModelCallError } from './model-call-error.js';

/** How failed calls are retried. Part of no trial key: retrying never changes what a trial is. */
export interface RetryPolicy {
  /** Retries after the first attempt (so at most maxRetries + 1 calls). */
  maxRetries: number;
  /** First backoff, doubled per retry, in ms. */
  initialDelayMs: number;
  /** Cap on one backoff, in ms. */
  maxDelayMs: number;
  /** Cap on a server's `retry-after` wish, in ms; a longer wish fails the call instead of stalling the run. */
  maxRetryAfterMs: number;
  /** Abort one HTTP call after this long, in ms (null: no per-call timeout). */
  callTimeoutMs: number | null;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 6, initialDelayMs: 1000, maxDelayMs: 60_000, maxRetryAfterMs: 300_000, callTimeoutMs: 300_000 };

/** What a retry looks like to observers (progress line, adaptive concurrency). */
export interface RetryNotice {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  error: ModelCallError;
}

/** Hooks called by the retrying model; all optional. */
export interface RetryObserver {
  /** A retryable failure: the call waits `delayMs`, then tries again. */
  onRetry?(notice: RetryNotice): void;
  /** The wait of a retry is over (called once per onRetry, also when aborted). */
  onWaitEnd?(notice: RetryNotice): void;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One attempt's signal: aborts when the caller's signal does (with its reason) or when `timeoutMs` pass (with a
 * `TimeoutError`, as `AbortSignal.timeout` would). Unlike `AbortSignal.timeout` (+ `AbortSignal.any`), its timer
 * and its listener on the caller's signal are removed by `end()` as soon as the attempt is over, so a run does not
 * keep one pending timer per call for the whole timeout, and it costs one controller and one timer per call.
 */
class AttemptDeadline {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onOuterAbort: (() => void) | undefined;
  /** True once the timeout fired (the caller's abort does not set it). */
  timedOut = false;

  constructor(timeoutMs: number, private readonly outer: AbortSignal | undefined) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, timeoutMs);
    this.timer.unref();
    if (outer?.aborted) this.controller.abort(outer.reason);
    else if (outer) {
      this.onOuterAbort = () => this.controller.abort(outer.reason);
      outer.addEventListener('abort', this.onOuterAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Clears the timer and the listener on the caller's signal. */
  end(): void {
    clearTimeout(this.timer);
    if (this.onOuterAbort) this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

/**
 * Exponential backoff with "equal jitter": half the doubled delay fixed, half random, so callers that failed
 * together do not retry together.
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Wraps a provider model with per-call timeouts, retries and a per-provider concurrency limit. A retryable
 * {@link ModelCallError} (rate limit, 5xx, timeout, network, unreadable body) is retried with backoff, waiting
 * exactly what a `retry-after` / `retry-after-ms` header asks when there is one; anything else, or the last
 * attempt's failure, is thrown as a ModelCallError. An abort of the caller's signal is never retried and
 * propagates as is. Each attempt holds a slot of `limiter`, which shrinks on 429 and grows on success.
 */
export function createRetryingModel(model: LanguageModelV3, options: {
  policy?: RetryPolicy;
  limiter?: AdaptiveConcurrency;
  observer?: RetryObserver;
  random?: () => number;
}): LanguageModelV3 {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const doGenerate = async (callOptions: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> => {
    const outer = callOptions.abortSignal;
    for (let attempt = 0; ; attempt += 1) {
      outer?.throwIfAborted();
      const release = options.limiter ? await options.limiter.acquire(outer) : undefined;
      const deadline = policy.callTimeoutMs === null ? undefined : new AttemptDeadline(policy.callTimeoutMs, outer);
      const signal = deadline ? deadline.signal : outer;
      let failure: ModelCallError;
      try {
        const result = await model.doGenerate(signal ? { ...callOptions, abortSignal: signal } : callOptions);
        release?.();
        options.limiter?.onSuccess();
        return result;
      } catch (error) {
        release?.();
        if (outer?.aborted) throw error;
        failure = deadline?.timedOut
          ? new ModelCallError('E_MODEL_TIMEOUT', `no answer within ${policy.callTimeoutMs} ms`, { retryable: true, cause: error })
          : classifyModelError(error);
      } finally {
        deadline?.end();
      }
      if (failure.code === 'E_MODEL_RATE_LIMIT') options.limiter?.onRateLimit();
      const tooLong = failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs;
      if (!failure.retryable || attempt >= policy.maxRetries || tooLong) {
        const why = tooLong ? `; the server asked to wait ${Math.round(failure.retryAfterMs! / 1000)} s, more than the ${Math.round(policy.maxRetryAfterMs / 1000)} s allowed` : '';
        throw new ModelCallError(failure.code as ConstructorParameters<typeof ModelCallError>[0], `${failure.message} (after ${attempt + 1} attempt${attempt === 0 ? '' : 's'}${why})`, {
          retryable: failure.retryable,
          ...(failure.statusCode === undefined ? {} : { statusCode: failure.statusCode }),
          ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
          cause: failure,
        });
      }
      const notice: RetryNotice = { attempt: attempt + 1, delayMs: failure.retryAfterMs ?? backoffDelayMs(policy, attempt + 1, random), error: failure };
      options.observer?.onRetry?.(notice);
      try {
        await sleep(notice.delayMs, outer);
      } finally {
        options.observer?.onWaitEnd?.(notice);
      }
    }
  };
  return {
    specificationVersion: 'v3',
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    doGenerate,
    doStream: (callOptions) => model.doStream(callOptions),
  };
}
