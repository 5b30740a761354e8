import type { LanguageModelV3CallOptions, LanguageModelV3FunctionTool, LanguageModelV3GenerateResult, LanguageModelV3Message, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { z } from 'zod';

/** A Gemini API `generateContent` request body, as far as the proxy reads it (the rest is ignored). */
const partSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  functionCall: z.looseObject({ id: z.string().optional(), name: z.string(), args: z.record(z.string(), z.unknown()).optional() }).optional(),
  functionResponse: z.looseObject({ id: z.string().optional(), name: z.string(), response: z.unknown().optional() }).optional(),
});
export const geminiRequestSchema = z.looseObject({
  contents: z.array(z.looseObject({ role: z.string().optional(), parts: z.array(partSchema).default([]) })).default([]),
  systemInstruction: z.looseObject({ parts: z.array(partSchema).default([]) }).optional(),
  tools: z.array(z.looseObject({ functionDeclarations: z.array(z.looseObject({ name: z.string(), description: z.string().optional(), parametersJsonSchema: z.unknown().optional(), parameters: z.unknown().optional() })).optional() })).optional(),
  generationConfig: z.looseObject({
    temperature: z.number().optional(),
    topP: z.number().optional(),
    topK: z.number().optional(),
    maxOutputTokens: z.number().optional(),
    responseMimeType: z.string().optional(),
    responseJsonSchema: z.unknown().optional(),
    responseSchema: z.unknown().optional(),
  }).optional(),
});
export type GeminiRequest = z.infer<typeof geminiRequestSchema>;

/** Gemini's OpenAPI-style schemas spell types in capitals (`OBJECT`); JSON Schema wants them in lower case. */
function jsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'type' && typeof value === 'string' ? value.toLowerCase() : jsonSchema(value)]));
}

function responseOutput(response: unknown): { text: string; isError: boolean } {
  if (response !== null && typeof response === 'object') {
    const record = response as Record<string, unknown>;
    if (typeof record.error === 'string') return { text: record.error, isError: true };
    if (typeof record.output === 'string' && Object.keys(record).length === 1) return { text: record.output, isError: false };
  }
  return { text: typeof response === 'string' ? response : JSON.stringify(response ?? null), isError: false };
}

/** The function tools a request offers, as LanguageModelV3 tools. */
export function geminiTools(request: GeminiRequest): LanguageModelV3FunctionTool[] {
  return (request.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []).map((declaration) => ({
    type: 'function',
    name: declaration.name,
    description: declaration.description ?? '',
    inputSchema: jsonSchema(declaration.parametersJsonSchema ?? declaration.parameters ?? { type: 'object', properties: {} }) as LanguageModelV3FunctionTool['inputSchema'],
  }));
}

/**
 * Translates a Gemini API request into a LanguageModelV3 prompt: the system instruction, user text, the model's
 * turns (thoughts as reasoning, function calls as tool calls) and function responses as tool results. Function
 * calls without an id get `<name>#<n>` ids, matched to their responses in order.
 */
export function geminiPrompt(request: GeminiRequest): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [];
  const system = (request.systemInstruction?.parts ?? []).map((part) => part.text ?? '').join('\n');
  if (system !== '') prompt.push({ role: 'system', content: system });
  const pending = new Map<string, string[]>();
  let counter = 0;
  for (const content of request.contents) {
    if (content.role === 'model') {
      const parts: Extract<LanguageModelV3Message, { role: 'assistant' }>['content'] = [];
      for (const part of content.parts) {
        if (part.functionCall) {
          const id = part.functionCall.id ?? `${part.functionCall.name}#${counter++}`;
          pending.set(part.functionCall.name, [...(pending.get(part.functionCall.name) ?? []), id]);
          parts.push({ type: 'tool-call', toolCallId: id, toolName: part.functionCall.name, input: part.functionCall.args ?? {} });
        } else if (part.text !== undefined && part.thought === true) {
          parts.push({ type: 'reasoning', text: part.text });
        } else if (part.text !== undefined) {
          parts.push({ type: 'text', text: part.text });
        }
      }
      prompt.push({ role: 'assistant', content: parts });
      continue;
    }
    const texts = content.parts.filter((part) => part.text !== undefined && part.functionResponse === undefined).map((part) => ({ type: 'text' as const, text: part.text ?? '' }));
    const results = content.parts.filter((part) => part.functionResponse !== undefined).map((part) => {
      const response = part.functionResponse!;
      const queue = pending.get(response.name) ?? [];
      const id = response.id ?? queue.shift() ?? `${response.name}#${counter++}`;
      if (response.id !== undefined) pending.set(response.name, queue.filter((queued) => queued !== response.id));
      const output = responseOutput(response.response);
      return { type: 'tool-result' as const, toolCallId: id, toolName: response.name, output: output.isError ? { type: 'error-text' as const, value: output.text } : { type: 'text' as const, value: output.text } };
    });
    if (results.length > 0) prompt.push({ role: 'tool', content: results });
    if (texts.length > 0) prompt.push({ role: 'user', content: texts });
  }
  return prompt;
}

/** The call options for a Gemini request (sampling settings pass through). */
export function geminiCallOptions(request: GeminiRequest, signal: AbortSignal | undefined): LanguageModelV3CallOptions {
  const config = request.generationConfig ?? {};
  const tools = geminiTools(request);
  return {
    prompt: geminiPrompt(request),
    ...(tools.length > 0 ? { tools, toolChoice: { type: 'auto' as const } } : {}),
    ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
    ...(config.topP === undefined ? {} : { topP: config.topP }),
    ...(config.topK === undefined ? {} : { topK: config.topK }),
    ...(config.maxOutputTokens === undefined ? {} : { maxOutputTokens: config.maxOutputTokens }),
    ...(signal ? { abortSignal: signal } : {}),
  };
}

const FINISH: Record<string, string> = { stop: 'STOP', 'tool-calls': 'STOP', length: 'MAX_TOKENS', 'content-filter': 'SAFETY', error: 'OTHER', other: 'OTHER' };

/** A model result as a Gemini `GenerateContentResponse` (one candidate). */
export function geminiResponse(result: LanguageModelV3GenerateResult, modelVersion: string): Record<string, unknown> {
  const parts: Array<Record<string, unknown>> = [];
  for (const part of result.content) {
    if (part.type === 'reasoning' && part.text !== '') parts.push({ text: part.text, thought: true });
    else if (part.type === 'text' && part.text !== '') parts.push({ text: part.text });
    else if (part.type === 'tool-call') {
      let args: unknown = {};
      try {
        args = part.input.trim() === '' ? {} : JSON.parse(part.input);
      } catch {
        args = { __raw: part.input };
      }
      parts.push({ functionCall: { id: part.toolCallId, name: part.toolName, args } });
    }
  }
  if (parts.length === 0) parts.push({ text: '' });
  const input = result.usage.inputTokens.total ?? 0;
  const output = result.usage.outputTokens.total ?? 0;
  const reasoning = result.usage.outputTokens.reasoning ?? 0;
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: FINISH[result.finishReason.unified] ?? 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: input, candidatesTokenCount: Math.max(0, output - reasoning), thoughtsTokenCount: reasoning, totalTokenCount: input + output },
    modelVersion,
  };
}

/** A value that satisfies a (Gemini or JSON) response schema: the first enum value, "n/a", 50, false, {} / []. */
export function schemaDefault(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object') return null;
  const record = schema as Record<string, unknown>;
  if (Array.isArray(record.enum) && record.enum.length > 0) return record.enum[0];
  switch (String(record.type ?? '').toLowerCase()) {
    case 'object': {
      const properties = (record.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, schemaDefault(value)]));
    }
    case 'array':
      return [];
    case 'string':
      return 'n/a';
    case 'integer':
    case 'number':
      return 50;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/**
 * The answer to one of Gemini CLI's own helper calls (model routing, next-speaker check, …): a request without
 * tools. It is answered by the proxy, never by the model under test, with a value that fits its schema.
 */
export function geminiHelperResponse(request: GeminiRequest): Record<string, unknown> {
  const config = request.generationConfig ?? {};
  const schema = config.responseJsonSchema ?? config.responseSchema;
  const next = JSON.stringify(schema ?? null).includes('next_speaker');
  const text = schema === undefined ? 'OK' : JSON.stringify(next ? { reasoning: 'peerguard: the agent turn is over', next_speaker: 'user' } : schemaDefault(schema));
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 0, candidatesTokenCount: 0, totalTokenCount: 0 },
    modelVersion: 'peerguard-helper',
  };
}
