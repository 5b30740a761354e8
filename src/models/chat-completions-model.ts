import { APICallError, type LanguageModelV3, type LanguageModelV3CallOptions, type LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { request, type Dispatcher } from 'undici';
import { redactUrl } from '../core/redact-url.js';
import { buildChatCompletionsRequest, createChatCompletionsJsonCache } from './chat-completions-request.js';
import { readChatCompletionsReply } from './chat-completions-response.js';

/** Where and how a chat-completions model is reached. */
export interface ChatCompletionsConnection {
  /** Provider name: the prefix of `provider` (`together.chat`) and the provider-options / metadata key. */
  providerName: string;
  modelId: string;
  /** Base URL up to `/v1` (or the provider's equivalent); `/chat/completions` is appended. */
  baseURL: string;
  /** Sent as `Authorization: Bearer …` when present; never put into an error, log or record. */
  apiKey?: string;
  /** The keep-alive pool the calls go through (owned by the caller, which closes it). */
  dispatcher: Dispatcher;
}

/** The `User-Agent` of provider calls. */
export const CHAT_COMPLETIONS_USER_AGENT = 'peerguard (chat-completions)';

/** Only the first line of a server's message, bounded (a body can be huge or echo the request). */
function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function headersOf(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/** The error message of a failed HTTP status, as the SDK reads it: `error.message` of a JSON body, else the status text. */
function errorMessage(text: string, statusCode: number): string {
  if (text.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      const message = (parsed as { error?: { message?: unknown } } | null)?.error?.message;
      if (typeof message === 'string') return firstLine(message);
    } catch {
      // not JSON: fall through to the status text
    }
  }
  return STATUS_TEXT[statusCode] ?? `HTTP ${statusCode}`;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 409: 'Conflict',
  413: 'Payload Too Large', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/**
 * A LanguageModelV3 (`doGenerate` only) for the chat-completions wire (`POST {baseURL}/chat/completions`) on
 * `undici.request` through the given keep-alive pool: the request and reply as `@ai-sdk/openai-compatible`'s
 * chat model builds and reads them (see buildChatCompletionsRequest and readChatCompletionsReply), with a
 * hand check of the reply's shape instead of a zod parse, and without the WHATWG fetch machinery.
 *
 * Failures are the AI SDK's `APICallError`, so {@link classifyModelError} maps them exactly as it maps the SDK's:
 * an HTTP error carries its status, response headers (retry-after) and the body's `error.message`; a 2xx body
 * that is empty, not JSON or not the documented shape is "invalid response" (E_MODEL_EMPTY, retryable); a
 * refused or cut connection is retryable without a status (E_MODEL_NETWORK). An abort (the caller's signal or
 * the retrying model's timeout) is rethrown as is. The URL in an error is scheme, host and port only, and the
 * request body is not attached.
 */
export function createChatCompletionsModel(connection: ChatCompletionsConnection): LanguageModelV3 {
  const url = `${connection.baseURL.replace(/\/+$/, '')}/chat/completions`;
  const safeUrl = redactUrl(connection.baseURL);
  const baseHeaders: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': CHAT_COMPLETIONS_USER_AGENT,
    ...(connection.apiKey ? { authorization: `Bearer ${connection.apiKey}` } : {}),
  };
  const jsonCache = createChatCompletionsJsonCache();
  const apiError = (message: string, extra: { statusCode?: number; responseHeaders?: Record<string, string>; cause?: unknown; isRetryable?: boolean }): APICallError =>
    new APICallError({ message, url: safeUrl, requestBodyValues: undefined, ...extra });

  const doGenerate = async (options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> => {
    const { body, warnings, metadataKey } = buildChatCompletionsRequest(connection.providerName, connection.modelId, options, jsonCache);
    const signal = options.abortSignal;
    let headers = baseHeaders;
    if (options.headers) {
      headers = { ...baseHeaders };
      for (const [name, value] of Object.entries(options.headers)) if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    let statusCode: number;
    let responseHeaders: Record<string, string>;
    let text: string;
    try {
      const response = await request(url, { method: 'POST', headers, body, dispatcher: connection.dispatcher, ...(signal ? { signal } : {}) });
      statusCode = response.statusCode;
      responseHeaders = headersOf(response.headers);
      text = await response.body.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw apiError(`Cannot connect to API: ${firstLine(reason)}`, { cause: error, isRetryable: true });
    }
    if (statusCode < 200 || statusCode > 299) {
      throw apiError(errorMessage(text, statusCode), { statusCode, responseHeaders });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const why = text.trim() === '' ? 'the body is empty' : 'the body is not JSON';
      throw apiError(`Invalid JSON response: ${why}`, { statusCode, responseHeaders, cause: error });
    }
    let reply;
    try {
      reply = readChatCompletionsReply(parsed, metadataKey);
    } catch (error) {
      throw apiError(`Invalid JSON response: ${(error as Error).message}`, { statusCode, responseHeaders, cause: error });
    }
    return {
      content: reply.content,
      finishReason: reply.finishReason,
      usage: reply.usage,
      providerMetadata: reply.providerMetadata,
      // The body as JSON text, decoded only if someone reads it.
      request: { get body() { return body.toString('utf8'); } },
      response: { ...reply.response, headers: responseHeaders, body: parsed },
      warnings,
    };
  };
  return {
    specificationVersion: 'v3',
    provider: `${connection.providerName}.chat`,
    modelId: connection.modelId,
    supportedUrls: {},
    doGenerate,
    doStream: () => Promise.reject(new Error('the chat-completions client does not stream (peerguard makes whole calls only)')),
  };
}
