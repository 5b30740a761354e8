import type { LanguageModelV3CallOptions, LanguageModelV3FunctionTool, LanguageModelV3GenerateResult, LanguageModelV3Message, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { z } from 'zod';

const contentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() })), z.null()]).optional();
/** An OpenAI chat-completions request body, as far as the proxy reads it. */
export const chatRequestSchema = z.looseObject({
  model: z.string().default(''),
  messages: z.array(z.looseObject({
    role: z.string(),
    content: contentSchema,
    reasoning_content: z.string().nullable().optional(),
    tool_calls: z.array(z.looseObject({ id: z.string(), function: z.looseObject({ name: z.string(), arguments: z.string().default('') }) })).optional(),
    tool_call_id: z.string().optional(),
  })),
  tools: z.array(z.looseObject({ function: z.looseObject({ name: z.string(), description: z.string().optional(), parameters: z.unknown().optional() }) })).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().nullable().optional(),
  top_p: z.number().nullable().optional(),
  max_tokens: z.number().nullable().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

function text(content: z.infer<typeof contentSchema>): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

export function chatTools(request: ChatRequest): LanguageModelV3FunctionTool[] {
  return (request.tools ?? []).map((tool) => ({
    type: 'function',
    name: tool.function.name,
    description: tool.function.description ?? '',
    inputSchema: (tool.function.parameters ?? { type: 'object', properties: {} }) as LanguageModelV3FunctionTool['inputSchema'],
  }));
}

/** Translates chat messages into a LanguageModelV3 prompt (reasoning_content becomes reasoning). */
export function chatPrompt(request: ChatRequest): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [];
  const names = new Map<string, string>();
  for (const message of request.messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        prompt.push({ role: 'system', content: text(message.content) });
        break;
      case 'user':
        prompt.push({ role: 'user', content: [{ type: 'text', text: text(message.content) }] });
        break;
      case 'assistant': {
        const parts: Extract<LanguageModelV3Message, { role: 'assistant' }>['content'] = [];
        if (message.reasoning_content) parts.push({ type: 'reasoning', text: message.reasoning_content });
        const said = text(message.content);
        if (said !== '') parts.push({ type: 'text', text: said });
        for (const call of message.tool_calls ?? []) {
          names.set(call.id, call.function.name);
          let input: unknown = {};
          try {
            input = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
          } catch {
            input = { __raw: call.function.arguments };
          }
          parts.push({ type: 'tool-call', toolCallId: call.id, toolName: call.function.name, input });
        }
        prompt.push({ role: 'assistant', content: parts });
        break;
      }
      case 'tool': {
        const id = message.tool_call_id ?? '';
        const result = { type: 'tool-result' as const, toolCallId: id, toolName: names.get(id) ?? 'unknown', output: { type: 'text' as const, value: text(message.content) } };
        const last = prompt[prompt.length - 1];
        if (last?.role === 'tool') last.content.push(result);
        else prompt.push({ role: 'tool', content: [result] });
        break;
      }
      default:
        break;
    }
  }
  return prompt;
}

export function chatCallOptions(request: ChatRequest, signal: AbortSignal | undefined): LanguageModelV3CallOptions {
  const tools = chatTools(request);
  return {
    prompt: chatPrompt(request),
    ...(tools.length > 0 ? { tools, toolChoice: { type: 'auto' as const } } : {}),
    ...(request.temperature === undefined || request.temperature === null ? {} : { temperature: request.temperature }),
    ...(request.top_p === undefined || request.top_p === null ? {} : { topP: request.top_p }),
    ...(request.max_tokens === undefined || request.max_tokens === null ? {} : { maxOutputTokens: request.max_tokens }),
    ...(signal ? { abortSignal: signal } : {}),
  };
}

const FINISH: Record<string, string> = { stop: 'stop', 'tool-calls': 'tool_calls', length: 'length', 'content-filter': 'content_filter', error: 'stop', other: 'stop' };

interface ChatMessageOut {
  role: 'assistant';
  content: string | null;
  reasoning_content?: string;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
}

function messageOut(result: LanguageModelV3GenerateResult): ChatMessageOut {
  const reasoning = result.content.filter((part) => part.type === 'reasoning').map((part) => part.text).join('');
  const said = result.content.filter((part) => part.type === 'text').map((part) => part.text).join('');
  const calls = result.content.filter((part) => part.type === 'tool-call').map((part) => ({ id: part.toolCallId, type: 'function' as const, function: { name: part.toolName, arguments: part.input } }));
  return { role: 'assistant', content: said === '' && calls.length > 0 ? null : said, ...(reasoning === '' ? {} : { reasoning_content: reasoning }), ...(calls.length === 0 ? {} : { tool_calls: calls }) };
}

function usageOut(result: LanguageModelV3GenerateResult): Record<string, unknown> {
  const input = result.usage.inputTokens.total ?? 0;
  const output = result.usage.outputTokens.total ?? 0;
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output, completion_tokens_details: { reasoning_tokens: result.usage.outputTokens.reasoning ?? 0 } };
}

function finishOf(result: LanguageModelV3GenerateResult): string {
  return result.content.some((part) => part.type === 'tool-call') ? 'tool_calls' : FINISH[result.finishReason.unified] ?? 'stop';
}

/** A model result as a (non-streaming) chat completion. */
export function chatCompletion(result: LanguageModelV3GenerateResult, model: string, id: string): Record<string, unknown> {
  return { id, object: 'chat.completion', created: 0, model, choices: [{ index: 0, message: messageOut(result), finish_reason: finishOf(result) }], usage: usageOut(result) };
}

/** A model result as the chunks of a streamed chat completion (reasoning, text, tool calls, then finish + usage). */
export function chatCompletionChunks(result: LanguageModelV3GenerateResult, model: string, id: string): Array<Record<string, unknown>> {
  const message = messageOut(result);
  const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: Record<string, unknown>): Record<string, unknown> => ({
    id, object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}),
  });
  const chunks = [chunk({ role: 'assistant', content: '' }, null)];
  if (message.reasoning_content !== undefined) chunks.push(chunk({ reasoning_content: message.reasoning_content }, null));
  if (message.content !== null && message.content !== '') chunks.push(chunk({ content: message.content }, null));
  (message.tool_calls ?? []).forEach((call, index) => chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } }] }, null)));
  chunks.push(chunk({}, finishOf(result), usageOut(result)));
  return chunks;
}

/** The answer to one of OpenCode's own helper calls (the session title, on the `small_model`), never the model under test. */
export function chatHelperResult(): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'text', text: 'Server maintenance task' }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: { inputTokens: { total: 0, noCache: undefined, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 0, text: undefined, reasoning: undefined } },
    warnings: [],
  };
}
