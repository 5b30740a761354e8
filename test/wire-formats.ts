/**
 * Replies in each provider's real wire format for one scripted assistant turn, as the AI SDK parses them
 * (checked against @ai-sdk/{openai,anthropic,google,openai-compatible} response schemas).
 */
export interface WireTurn {
  reasoning?: string;
  text?: string;
  calls: Array<{ name: string; args?: Record<string, unknown>; rawArgs?: string }>;
  usage: { input: number; output: number; reasoning: number; cached?: number };
  /** Override the finish reason (wire value), e.g. `content_filter`, `SAFETY`, `refusal`. */
  finish?: string;
}

const argsText = (call: WireTurn['calls'][number]): string => call.rawArgs ?? JSON.stringify(call.args ?? {});

/** OpenAI Responses API (`POST /responses`). */
export function openaiResponses(turn: WireTurn, n: number): unknown {
  const output: unknown[] = [];
  if (turn.reasoning) output.push({ type: 'reasoning', id: `rs_${n}`, summary: [{ type: 'summary_text', text: turn.reasoning }] });
  if (turn.text) output.push({ type: 'message', id: `msg_${n}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: turn.text, annotations: [] }] });
  turn.calls.forEach((call, i) => output.push({ type: 'function_call', id: `fc_${n}_${i}`, call_id: `call_${n}_${i}`, name: call.name, arguments: argsText(call), status: 'completed' }));
  return {
    id: `resp_${n}`, object: 'response', created_at: 1_767_225_600, status: 'completed', model: 'gpt-5.2-2025-12-11', output,
    incomplete_details: turn.finish ? { reason: turn.finish } : null,
    usage: { input_tokens: turn.usage.input, input_tokens_details: { cached_tokens: turn.usage.cached ?? 0 }, output_tokens: turn.usage.output, output_tokens_details: { reasoning_tokens: turn.usage.reasoning }, total_tokens: turn.usage.input + turn.usage.output },
  };
}

/** Chat Completions (`POST /chat/completions`), OpenAI's or an open-weight server's (`reasoning_content`). */
export function chatCompletions(turn: WireTurn, n: number, options: { reasoningContent: boolean }): unknown {
  const message: Record<string, unknown> = { role: 'assistant', content: turn.text ?? null };
  if (options.reasoningContent && turn.reasoning) message['reasoning_content'] = turn.reasoning;
  if (turn.calls.length > 0) message['tool_calls'] = turn.calls.map((call, i) => ({ id: `call_${n}_${i}`, type: 'function', function: { name: call.name, arguments: argsText(call) } }));
  return {
    id: `chatcmpl-${n}`, object: 'chat.completion', created: 1_767_225_600, model: 'm',
    choices: [{ index: 0, message, finish_reason: turn.finish ?? (turn.calls.length > 0 ? 'tool_calls' : 'stop') }],
    usage: { prompt_tokens: turn.usage.input, completion_tokens: turn.usage.output, total_tokens: turn.usage.input + turn.usage.output, prompt_tokens_details: { cached_tokens: turn.usage.cached ?? 0 }, completion_tokens_details: { reasoning_tokens: turn.usage.reasoning } },
  };
}

/** Anthropic Messages (`POST /messages`); thinking blocks carry a signature that must come back next turn. */
export function anthropicMessages(turn: WireTurn, n: number): unknown {
  const content: unknown[] = [];
  if (turn.reasoning) content.push({ type: 'thinking', thinking: turn.reasoning, signature: `sig-thinking-${n}` });
  if (turn.text) content.push({ type: 'text', text: turn.text });
  turn.calls.forEach((call, i) => content.push({ type: 'tool_use', id: `toolu_${n}_${i}`, name: call.name, input: call.args ?? {} }));
  return {
    id: `msg_${n}`, type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', content,
    stop_reason: turn.finish ?? (turn.calls.length > 0 ? 'tool_use' : 'end_turn'), stop_sequence: null,
    // Anthropic's output_tokens include thinking; it reports no separate reasoning count.
    // input_tokens counts only uncached prompt tokens; cache reads are reported beside it.
    usage: { input_tokens: turn.usage.input - (turn.usage.cached ?? 0), output_tokens: turn.usage.output, cache_creation_input_tokens: 0, cache_read_input_tokens: turn.usage.cached ?? 0 },
  };
}

/** Gemini generateContent (`POST /models/{id}:generateContent`); function calls carry a thought signature. */
export function geminiGenerateContent(turn: WireTurn, n: number): unknown {
  const parts: unknown[] = [];
  if (turn.reasoning) parts.push({ text: turn.reasoning, thought: true });
  if (turn.text) parts.push({ text: turn.text });
  turn.calls.forEach((call, i) => parts.push({ functionCall: { name: call.name, args: call.args ?? {} }, thoughtSignature: `sig-gemini-${n}-${i}` }));
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: turn.finish ?? 'STOP', index: 0 }],
    // Gemini reports thoughts apart from candidates: output = candidates + thoughts.
    usageMetadata: { promptTokenCount: turn.usage.input, candidatesTokenCount: turn.usage.output - turn.usage.reasoning, thoughtsTokenCount: turn.usage.reasoning, totalTokenCount: turn.usage.input + turn.usage.output, cachedContentTokenCount: turn.usage.cached ?? 0 },
    modelVersion: 'gemini-3-pro-preview',
    responseId: `r${n}`,
  };
}
