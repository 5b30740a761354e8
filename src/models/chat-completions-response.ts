import { randomUUID } from 'node:crypto';
import type { LanguageModelV3Content, LanguageModelV3FinishReason, LanguageModelV3Usage, SharedV3ProviderMetadata } from '@ai-sdk/provider';

/** A chat-completions reply body that is not the documented shape; `path` names the first field that is wrong. */
export class ChatCompletionsShapeError extends Error {
  constructor(readonly path: string, problem: string) {
    super(`invalid chat-completions response: ${path} ${problem}`);
    this.name = 'ChatCompletionsShapeError';
  }
}

/** What one reply says, in the AI SDK's terms. */
export interface ChatCompletionsReply {
  content: LanguageModelV3Content[];
  finishReason: LanguageModelV3FinishReason;
  usage: LanguageModelV3Usage;
  providerMetadata: SharedV3ProviderMetadata;
  response: { id?: string; modelId?: string; timestamp?: Date };
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(path: string, problem: string): never {
  throw new ChatCompletionsShapeError(path, problem);
}

/** Reads an optional (null or absent) field that must otherwise have the given type. */
function optional<T>(object: Json, key: string, path: string, type: 'string' | 'number'): T | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) fail(`${path}.${key}`, `must be a ${type} (got ${describe(value)})`);
  return value as T;
}

function optionalObject(object: Json, key: string, path: string): Json | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) fail(`${path}.${key}`, `must be an object (got ${describe(value)})`);
  return value;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** The finish reason as `@ai-sdk/openai-compatible` maps it (a refusal with `stop` is a content filter). */
function unifiedFinish(raw: string | undefined, hasRefusal: boolean): LanguageModelV3FinishReason['unified'] {
  switch (raw) {
    case 'stop':
      return hasRefusal ? 'content-filter' : 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'function_call':
    case 'tool_calls':
      return 'tool-calls';
    default:
      return 'other';
  }
}

/** Token usage: cached prompt tokens and reasoning tokens where the server reports them (0 otherwise). */
function readUsage(body: Json): { usage: LanguageModelV3Usage; details: Json | undefined } {
  const usage = optionalObject(body, 'usage', '$');
  if (usage === undefined) {
    return { usage: { inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: undefined, text: undefined, reasoning: undefined } }, details: undefined };
  }
  const prompt = optional<number>(usage, 'prompt_tokens', '$.usage', 'number') ?? 0;
  const completion = optional<number>(usage, 'completion_tokens', '$.usage', 'number') ?? 0;
  optional<number>(usage, 'total_tokens', '$.usage', 'number');
  const promptDetails = optionalObject(usage, 'prompt_tokens_details', '$.usage');
  const completionDetails = optionalObject(usage, 'completion_tokens_details', '$.usage');
  const cached = (promptDetails && optional<number>(promptDetails, 'cached_tokens', '$.usage.prompt_tokens_details', 'number')) ?? 0;
  const reasoning = (completionDetails && optional<number>(completionDetails, 'reasoning_tokens', '$.usage.completion_tokens_details', 'number')) ?? 0;
  if (completionDetails) {
    optional<number>(completionDetails, 'accepted_prediction_tokens', '$.usage.completion_tokens_details', 'number');
    optional<number>(completionDetails, 'rejected_prediction_tokens', '$.usage.completion_tokens_details', 'number');
  }
  return {
    usage: {
      inputTokens: { total: prompt, noCache: prompt - cached, cacheRead: cached, cacheWrite: undefined },
      outputTokens: { total: completion, text: Math.max(0, completion - reasoning), reasoning },
      raw: usage as LanguageModelV3Usage['raw'] & object,
    },
    details: completionDetails,
  };
}

/** Message content: a string, or an array of parts (`text`, and `thinking` parts holding text chunks). */
function readContent(message: Json, path: string, into: LanguageModelV3Content[]): void {
  const content = message['content'];
  if (content === undefined || content === null) return;
  if (typeof content === 'string') {
    if (content.length > 0) into.push({ type: 'text', text: content });
    return;
  }
  if (!Array.isArray(content)) fail(`${path}.content`, `must be a string or an array (got ${describe(content)})`);
  content.forEach((part: unknown, i) => {
    if (!isRecord(part) || typeof part['type'] !== 'string') fail(`${path}.content[${i}]`, 'must be an object with a string type');
    if (part['type'] === 'text' && typeof part['text'] === 'string') {
      if (part['text'].length > 0) into.push({ type: 'text', text: part['text'] });
    } else if (part['type'] === 'thinking' && Array.isArray(part['thinking'])) {
      const text = (part['thinking'] as unknown[])
        .filter((chunk): chunk is { type: 'text'; text: string } => isRecord(chunk) && chunk['type'] === 'text' && typeof chunk['text'] === 'string')
        .map((chunk) => chunk.text)
        .join('');
      if (text.length > 0) into.push({ type: 'reasoning', text });
    }
  });
}

/**
 * Validates a parsed chat-completions reply by hand (one pass, no schema built per call) and converts it, as
 * `@ai-sdk/openai-compatible`'s chat model does: reasoning (`reasoning_content`, or `reasoning` as some servers
 * send it) first, then text, a refusal as text, then tool calls with their raw JSON arguments (an id is made up
 * when the server sends none); usage with cached and reasoning tokens; the finish reason unified with the raw
 * value kept. Fields the SDK reads must have the SDK's types; unknown fields are allowed.
 * @throws ChatCompletionsShapeError naming the first wrong field (e.g. no `choices`, arguments not a string, no choice at all).
 */
export function readChatCompletionsReply(body: unknown, metadataKey: string): ChatCompletionsReply {
  if (!isRecord(body)) fail('$', `must be an object (got ${describe(body)})`);
  const id = optional<string>(body, 'id', '$', 'string');
  const created = optional<number>(body, 'created', '$', 'number');
  const model = optional<string>(body, 'model', '$', 'string');
  const choices = body['choices'];
  if (!Array.isArray(choices)) fail('$.choices', `must be an array (got ${describe(choices)})`);
  let first: { message: Json; finish: string | undefined } | undefined;
  choices.forEach((choice: unknown, i) => {
    const path = `$.choices[${i}]`;
    if (!isRecord(choice)) fail(path, `must be an object (got ${describe(choice)})`);
    const message = choice['message'];
    if (!isRecord(message)) fail(`${path}.message`, `must be an object (got ${describe(message)})`);
    const finish = optional<string>(choice, 'finish_reason', path, 'string');
    const role = message['role'];
    if (role !== undefined && role !== null && role !== 'assistant') fail(`${path}.message.role`, 'must be "assistant"');
    optional<string>(message, 'reasoning_content', `${path}.message`, 'string');
    optional<string>(message, 'reasoning', `${path}.message`, 'string');
    const calls = message['tool_calls'];
    if (calls !== undefined && calls !== null) {
      if (!Array.isArray(calls)) fail(`${path}.message.tool_calls`, `must be an array (got ${describe(calls)})`);
      calls.forEach((call: unknown, j) => {
        const at = `${path}.message.tool_calls[${j}]`;
        if (!isRecord(call)) fail(at, `must be an object (got ${describe(call)})`);
        optional<string>(call, 'id', at, 'string');
        const fn = call['function'];
        if (!isRecord(fn)) fail(`${at}.function`, `must be an object (got ${describe(fn)})`);
        if (typeof fn['name'] !== 'string') fail(`${at}.function.name`, `must be a string (got ${describe(fn['name'])})`);
        if (typeof fn['arguments'] !== 'string') fail(`${at}.function.arguments`, `must be a string (got ${describe(fn['arguments'])})`);
        const extra = optionalObject(call, 'extra_content', at);
        const google = extra && optionalObject(extra, 'google', `${at}.extra_content`);
        if (google) optional<string>(google, 'thought_signature', `${at}.extra_content.google`, 'string');
      });
    }
    if (i === 0) first = { message, finish };
  });
  if (first === undefined) fail('$.choices', 'is empty (the response did not contain any choices)');
  const { usage, details } = readUsage(body);

  const { message, finish } = first;
  const content: LanguageModelV3Content[] = [];
  const reasoning = (message['reasoning_content'] ?? message['reasoning']) as string | null | undefined;
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  readContent(message, '$.choices[0].message', content);
  const refusal = typeof message['refusal'] === 'string' ? message['refusal'] : undefined;
  const hasRefusal = refusal !== undefined && refusal.length > 0;
  if (hasRefusal) content.push({ type: 'text', text: refusal });
  for (const call of (message['tool_calls'] ?? []) as Json[]) {
    const fn = call['function'] as { name: string; arguments: string };
    const signature = ((call['extra_content'] as Json | undefined)?.['google'] as Json | undefined)?.['thought_signature'] as string | undefined;
    content.push({
      type: 'tool-call',
      toolCallId: (call['id'] as string | undefined | null) ?? `call_${randomUUID()}`,
      toolName: fn.name,
      input: fn.arguments,
      ...(signature ? { providerMetadata: { [metadataKey]: { thoughtSignature: signature } } } : {}),
    });
  }
  const metadata: Record<string, number> = {};
  if (typeof details?.['accepted_prediction_tokens'] === 'number') metadata['acceptedPredictionTokens'] = details['accepted_prediction_tokens'];
  if (typeof details?.['rejected_prediction_tokens'] === 'number') metadata['rejectedPredictionTokens'] = details['rejected_prediction_tokens'];
  return {
    content,
    finishReason: { unified: unifiedFinish(finish, hasRefusal), raw: finish },
    usage,
    providerMetadata: { [metadataKey]: metadata },
    response: {
      ...(id === undefined ? {} : { id }),
      ...(model === undefined ? {} : { modelId: model }),
      ...(created === undefined ? {} : { timestamp: new Date(created * 1000) }),
    },
  };
}
