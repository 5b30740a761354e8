import { setTimeout as sleep } from 'node:timers/promises';
import { APICallError, type LanguageModelV3 } from '@ai-sdk/provider';
import { parseJudgeReply } from './judge-reply.js';
import type { Judge, JudgeAnswer, JudgeRequest } from './judge.js';

/** Options for {@link createModelJudge}. */
export interface ModelJudgeOptions {
  /** Per-call time limit in ms (default 120,000); a call past it is `failed`, never a verdict. */
  timeoutMs?: number;
  /** Output token limit per answer (default 2,000). */
  maxOutputTokens?: number;
  /** Attempts for a retryable call failure (HTTP 408/409/429/5xx, as the provider marks them), default 3. */
  maxAttempts?: number;
  /** Wait before the n-th retry: `retryDelayMs × 2^(n-1)` (default 1,000). */
  retryDelayMs?: number;
  /** Exact secret strings (API key, base URL with a token) to scrub from failure text, besides key-shaped strings. */
  secrets?: readonly string[];
}

/** Things that look like credentials (API keys, bearer tokens) are cut out of any failure text we keep. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(sk|pk|rk|key|api|xai|gsk|AIza)[-_][A-Za-z0-9_-]{8,}/g, '[redacted]')
    .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, '[redacted]')
    .replace(/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]');
}

function describeFailure(error: unknown, secrets: readonly string[]): string {
  let text: string;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode === undefined ? '' : `HTTP ${error.statusCode}: `;
    text = `${status}${error.message.split('\n')[0] ?? ''}`;
  } else {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    text = message.split('\n')[0] ?? '';
  }
  for (const secret of secrets) if (secret !== '') text = text.split(secret).join('[redacted]');
  return redactSecrets(text).slice(0, 240);
}

function retryable(error: unknown): boolean {
  return APICallError.isInstance(error) && error.isRetryable;
}

/**
 * A judge backed by one language model (any `LanguageModelV3`: a provider adapter, a loopback server, or the
 * scripted double). Each question is one `doGenerate` call at temperature 0 with the task's JSON schema as the
 * response format; the reply text is validated with the task's zod schema. Nothing but the instructions and the
 * rendered record is sent — no environment values, no settings.
 *
 * @param model - the model, or a factory called per request (e.g. a `ResolvedModel`'s `create`).
 */
export function createModelJudge(id: string, model: LanguageModelV3 | ((trial: JudgeRequest['trial']) => LanguageModelV3), options: ModelJudgeOptions = {}): Judge {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const retryDelayMs = options.retryDelayMs ?? 1000;
  return {
    id,
    async ask<V>(request: JudgeRequest<V>, signal?: AbortSignal): Promise<JudgeAnswer<V>> {
      const instance = typeof model === 'function' ? model(request.trial) : model;
      for (let attempt = 1; ; attempt += 1) {
        const abortSignal = signal === undefined ? AbortSignal.timeout(timeoutMs) : AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
        let result;
        try {
          result = await instance.doGenerate({
            prompt: [
              { role: 'system', content: request.instructions },
              { role: 'user', content: [{ type: 'text', text: request.record }] },
            ],
            responseFormat: { type: 'json', schema: request.jsonSchema as never, name: `peerguard_${request.taskId.replace(/-/g, '_')}`, description: `peerguard judge answer: ${request.taskId}` },
            temperature: 0,
            maxOutputTokens: options.maxOutputTokens ?? 2000,
            abortSignal,
          });
        } catch (error) {
          if (signal?.aborted) return { status: 'failed', reason: 'judge call aborted' };
          if (retryable(error) && attempt < maxAttempts) {
            await sleep(retryDelayMs * 2 ** (attempt - 1), undefined, signal === undefined ? {} : { signal }).catch(() => undefined);
            if (signal?.aborted) return { status: 'failed', reason: 'judge call aborted' };
            continue;
          }
          const timedOut = abortSignal.aborted && !signal?.aborted;
          return { status: 'failed', reason: `judge call failed${attempt > 1 ? ` after ${attempt} attempts` : ''}: ${timedOut ? `no answer within ${timeoutMs} ms` : describeFailure(error, options.secrets ?? [])}` };
        }
        if (result.finishReason.unified === 'content-filter') return { status: 'failed', reason: 'the judge model\'s provider filtered the answer (content filter)' };
        const text = result.content.filter((part) => part.type === 'text').map((part) => part.text).join('');
        const parsed = parseJudgeReply(text, request.schema);
        if (parsed.ok) return { status: 'accepted', reply: parsed.reply };
        const truncated = result.finishReason.unified === 'length' ? ' (the answer was cut off at the output token limit)' : '';
        return { status: 'rejected', reason: `${parsed.reason}${truncated}` };
      }
    },
  };
}
