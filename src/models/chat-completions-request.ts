import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Message,
  LanguageModelV3ToolResultOutput,
  SharedV3ProviderOptions,
  SharedV3Warning,
} from '@ai-sdk/provider';
import { ModelCallError } from './model-call-error.js';

/** A request for `POST {baseURL}/chat/completions`. */
export interface ChatCompletionsRequest {
  /** The body: JSON, UTF-8 encoded (built from cached bytes, so it is not encoded again on every call). */
  body: Buffer;
  warnings: SharedV3Warning[];
  /** The provider-metadata key replies are recorded under (the provider name, or its camelCase form when the caller used it). */
  metadataKey: string;
}

/** Provider options the chat-completions wire maps to fields of its own; any other option is sent as is. */
const MAPPED_OPTIONS = new Set(['user', 'reasoningEffort', 'textVerbosity', 'strictJsonSchema']);

function toCamelCase(name: string): string {
  return name.replace(/[_-]([a-z])/g, (match) => match[1]!.toUpperCase());
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Options under `providerOptions.openaiCompatible` of a message or part are spread onto the wire message. */
function compatibleMetadata(providerOptions: SharedV3ProviderOptions | undefined): Record<string, unknown> {
  const value = providerOptions?.['openaiCompatible'];
  return isRecord(value) ? value : {};
}

/** JSON of a tool call's input: a string that already is JSON goes as is, anything else is stringified. */
function serializeArguments(input: unknown): string {
  if (typeof input === 'string') {
    try {
      JSON.parse(input);
      return input;
    } catch {
      return JSON.stringify(input);
    }
  }
  return JSON.stringify(input);
}

function toolResultText(output: LanguageModelV3ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'execution-denied':
      return output.reason ?? 'Tool call execution denied.';
    case 'content':
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
  }
}

function unsupported(what: string): ModelCallError {
  return new ModelCallError('E_MODEL_BAD_REQUEST', `the chat-completions client does not send ${what}`, { retryable: false });
}

/**
 * One AI SDK prompt message as chat-completions messages, as `@ai-sdk/openai-compatible` writes them: a user
 * message of one text part becomes a string; an assistant message joins its text, sends its reasoning back as
 * `reasoning_content` and its tool calls as `tool_calls` (content null when there are calls and no text); each
 * tool result becomes a `tool` message. File parts (images, audio, PDF) are refused: peerguard sends none.
 */
export function toChatCompletionsMessages(message: LanguageModelV3Message): Array<Record<string, unknown>> {
  const metadata = compatibleMetadata(message.providerOptions);
  switch (message.role) {
    case 'system':
      return [{ role: 'system', content: message.content, ...metadata }];
    case 'user': {
      const [only] = message.content;
      if (message.content.length === 1 && only?.type === 'text') return [{ role: 'user', content: only.text, ...compatibleMetadata(only.providerOptions) }];
      return [{
        role: 'user',
        content: message.content.map((part) => {
          if (part.type !== 'text') throw unsupported(`file parts (${part.mediaType})`);
          return { type: 'text', text: part.text, ...compatibleMetadata(part.providerOptions) };
        }),
        ...metadata,
      }];
    }
    case 'assistant': {
      let text = '';
      let reasoning = '';
      const toolCalls: Array<Record<string, unknown>> = [];
      for (const part of message.content) {
        if (part.type === 'text') text += part.text;
        else if (part.type === 'reasoning') reasoning += part.text;
        else if (part.type === 'tool-call') {
          const google = part.providerOptions?.['google'];
          const signature = isRecord(google) ? google['thoughtSignature'] : undefined;
          toolCalls.push({
            id: part.toolCallId,
            type: 'function',
            function: { name: part.toolName, arguments: serializeArguments(part.input) },
            ...compatibleMetadata(part.providerOptions),
            ...(signature ? { extra_content: { google: { thought_signature: String(signature) } } } : {}),
          });
        }
      }
      return [{
        role: 'assistant',
        content: toolCalls.length > 0 ? text || null : text,
        ...(reasoning.length > 0 ? { reasoning_content: reasoning } : {}),
        tool_calls: toolCalls.length > 0 ? toolCalls : undefined,
        ...metadata,
      }];
    }
    case 'tool': {
      const messages: Array<Record<string, unknown>> = [];
      for (const result of message.content) {
        if (result.type === 'tool-approval-response') continue;
        messages.push({ role: 'tool', tool_call_id: result.toolCallId, content: toolResultText(result.output), ...compatibleMetadata(result.providerOptions) });
      }
      return messages;
    }
  }
}

/**
 * JSON of what went over the wire before, kept per model for the calls of a conversation as UTF-8 bytes: each
 * prompt message's wire messages (the agent loop only appends to its history, so earlier messages are serialized
 * and encoded once, not on every turn) and the tool list (the same array on every call of a trial). Keyed by
 * object identity, so a caller must not change a message or tool list in place after sending it; entries go with
 * the objects.
 */
export interface ChatCompletionsJsonCache {
  messages: WeakMap<LanguageModelV3Message, Buffer>;
  tools: WeakMap<readonly unknown[], { bytes: Buffer; warnings: SharedV3Warning[] }>;
  /** Provider names in camelCase, by name (a model has one). */
  camelNames: Map<string, string>;
}

/** A fresh {@link ChatCompletionsJsonCache}. */
export function createChatCompletionsJsonCache(): ChatCompletionsJsonCache {
  return { messages: new WeakMap(), tools: new WeakMap(), camelNames: new Map() };
}

const COMMA = Buffer.from(',');
const CLOSE_ARRAY = Buffer.from(']');
const CLOSE_OBJECT = Buffer.from('}');
const TOOLS_FIELD = Buffer.from(',"tools":');

/** Appends `[m1,m2,…]` (each message's cached bytes) to `chunks`. */
function pushMessages(chunks: Buffer[], prompt: readonly LanguageModelV3Message[], cache: ChatCompletionsJsonCache): void {
  let first = true;
  for (const message of prompt) {
    let bytes = cache.messages.get(message);
    if (bytes === undefined) {
      const wire = toChatCompletionsMessages(message);
      bytes = Buffer.from(wire.map((m) => JSON.stringify(m)).join(','));
      cache.messages.set(message, bytes);
    }
    if (bytes.length === 0) continue;
    if (!first) chunks.push(COMMA);
    chunks.push(bytes);
    first = false;
  }
  chunks.push(CLOSE_ARRAY);
}

/** The tool list in the wire's shape, as JSON (provider-defined tools are left out with a warning). */
function toolsJson(tools: NonNullable<LanguageModelV3CallOptions['tools']>): { bytes: Buffer; warnings: SharedV3Warning[] } {
  const warnings: SharedV3Warning[] = [];
  const wire: unknown[] = [];
  for (const tool of tools) {
    if (tool.type === 'provider') {
      warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
      continue;
    }
    wire.push({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.inputSchema, ...(tool.strict === undefined ? {} : { strict: tool.strict }) } });
  }
  return { bytes: Buffer.from(JSON.stringify(wire)), warnings };
}

function toolChoiceOf(choice: LanguageModelV3CallOptions['toolChoice']): unknown {
  if (choice === undefined) return undefined;
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.toolName } } : choice.type;
}

/**
 * Builds the chat-completions request body (JSON) for one call, field for field and in the same order as
 * `@ai-sdk/openai-compatible`'s chat model: model, `user`, `max_tokens`, sampling settings, `response_format`
 * (json_object; no structured outputs), `stop`, `seed`, any other provider option under the provider's name
 * sent as a raw field, `reasoning_effort`, `verbosity`, messages, tools and `tool_choice`. Options are read from
 * `openaiCompatible` and from the provider's name (kebab or camelCase). Messages and tools already sent are
 * taken from `cache` as bytes, and the body is one copy of them (no string of the whole conversation is built).
 */
export function buildChatCompletionsRequest(providerName: string, modelId: string, options: LanguageModelV3CallOptions, cache: ChatCompletionsJsonCache = createChatCompletionsJsonCache()): ChatCompletionsRequest {
  const warnings: SharedV3Warning[] = [];
  const providerOptions = options.providerOptions ?? {};
  let camelName = cache.camelNames.get(providerName);
  if (camelName === undefined) {
    camelName = toCamelCase(providerName);
    cache.camelNames.set(providerName, camelName);
  }
  const mapped: Record<string, unknown> = {};
  for (const key of ['openai-compatible', 'openaiCompatible', providerName, camelName]) {
    const value = providerOptions[key];
    if (!isRecord(value)) continue;
    if (key === 'openai-compatible') warnings.push({ type: 'other', message: "The 'openai-compatible' key in providerOptions is deprecated. Use 'openaiCompatible' instead." });
    for (const name of MAPPED_OPTIONS) if (value[name] !== undefined) mapped[name] = value[name];
  }
  const raw: Record<string, unknown> = {};
  for (const key of [providerName, camelName]) {
    const value = providerOptions[key];
    if (!isRecord(value)) continue;
    for (const [name, option] of Object.entries(value)) if (!MAPPED_OPTIONS.has(name)) raw[name] = option;
  }
  if (options.topK !== undefined) warnings.push({ type: 'unsupported', feature: 'topK' });
  if (options.responseFormat?.type === 'json' && options.responseFormat.schema !== undefined) {
    warnings.push({ type: 'unsupported', feature: 'responseFormat', details: 'JSON response format schema is only supported with structuredOutputs' });
  }
  const metadataKey = camelName !== providerName && providerOptions[camelName] !== undefined ? camelName : providerName;
  const head = JSON.stringify({
    model: modelId,
    user: mapped['user'],
    max_tokens: options.maxOutputTokens,
    temperature: options.temperature,
    top_p: options.topP,
    frequency_penalty: options.frequencyPenalty,
    presence_penalty: options.presencePenalty,
    response_format: options.responseFormat?.type === 'json' ? { type: 'json_object' } : undefined,
    stop: options.stopSequences,
    seed: options.seed,
    ...raw,
    ...(mapped['reasoningEffort'] !== undefined ? { reasoning_effort: mapped['reasoningEffort'] } : {}),
    verbosity: mapped['textVerbosity'],
  });
  const chunks: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"messages":[`)];
  pushMessages(chunks, options.prompt, cache);
  if (options.tools && options.tools.length > 0) {
    let tools = cache.tools.get(options.tools);
    if (tools === undefined) {
      tools = toolsJson(options.tools);
      cache.tools.set(options.tools, tools);
    }
    warnings.push(...tools.warnings);
    const choice = toolChoiceOf(options.toolChoice);
    chunks.push(TOOLS_FIELD, tools.bytes);
    if (choice !== undefined) chunks.push(Buffer.from(`,"tool_choice":${JSON.stringify(choice)}`));
  }
  chunks.push(CLOSE_OBJECT);
  return { body: Buffer.concat(chunks), warnings, metadataKey };
}
