import type {
  LanguageModelV3,
  LanguageModelV3FunctionTool,
  LanguageModelV3Message,
} from '@ai-sdk/provider';
import type { TranscriptEvent } from '../records/transcript.js';
import { ToolError, validateArguments, type Tool } from '../tools/tool.js';
import type { World } from '../world/world.js';

/** Token and call counts of one conversation, summed over its model calls. */
export interface ConversationUsage {
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  modelCalls: number;
}

/** The state one conversation shares between its turns (task and follow-up interview alike). */
export interface Conversation {
  model: LanguageModelV3;
  world: World;
  tools: Map<string, Tool>;
  offered: LanguageModelV3FunctionTool[];
  /** The message history sent to the model; each turn appends to it. */
  prompt: LanguageModelV3Message[];
  /** The transcript; each turn appends to it. */
  events: TranscriptEvent[];
  usage: ConversationUsage;
  temperature: number;
  seed?: number;
  signal?: AbortSignal;
}

/** What one turn did. */
export interface TurnOutcome {
  /** Tool calls the model made in this turn. */
  toolCalls: number;
  /** A tool that ends the episode (`end_task`) ran successfully. */
  ended: boolean;
  /** The provider's unified finish reason. */
  finishReason: string;
}

/** Thrown when the model itself fails (provider error, abort); carries the partial transcript. */
export class AgentLoopError extends Error {
  constructor(message: string, readonly events: TranscriptEvent[], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AgentLoopError';
  }
}

/**
 * One model turn: call the model with the history, record its reasoning, text and tool calls, run the tools on the
 * world (agent mistakes go back as tool errors), and append the assistant and tool messages to the history.
 * `recordText` turns the assistant's text into its transcript event (a task message or an interview answer).
 * @throws AgentLoopError when the model call fails.
 */
export async function takeAgentTurn(
  conversation: Conversation,
  turn: number,
  recordText: (text: string) => TranscriptEvent,
): Promise<TurnOutcome> {
  const { events, prompt, usage, world, tools } = conversation;
  conversation.signal?.throwIfAborted();
  let result;
  try {
    result = await conversation.model.doGenerate({
      prompt,
      tools: conversation.offered,
      toolChoice: { type: 'auto' },
      temperature: conversation.temperature,
      ...(conversation.seed === undefined ? {} : { seed: conversation.seed }),
      ...(conversation.signal ? { abortSignal: conversation.signal } : {}),
    });
  } catch (error) {
    throw new AgentLoopError(`model call ${usage.modelCalls + 1} failed: ${(error as Error).message}`, events, { cause: error });
  }
  usage.modelCalls += 1;
  const input = result.usage.inputTokens.total ?? 0;
  const output = result.usage.outputTokens.total ?? 0;
  const reasoning = result.usage.outputTokens.reasoning ?? 0;
  usage.inputTokens += input;
  usage.outputTokens += output;
  usage.reasoningTokens += reasoning;
  if (input + output > 0) events.push({ type: 'usage-recorded', turn, inputTokens: input, outputTokens: output, reasoningTokens: reasoning });

  const assistantParts: Extract<LanguageModelV3Message, { role: 'assistant' }>['content'] = [];
  const toolParts: Extract<LanguageModelV3Message, { role: 'tool' }>['content'] = [];
  const text = result.content.filter((part) => part.type === 'text').map((part) => part.text).join('');
  for (const part of result.content) {
    if (part.type === 'reasoning' && part.text !== '') {
      events.push({ type: 'reasoning-recorded', turn, text: part.text });
      assistantParts.push({ type: 'reasoning', text: part.text });
    }
  }
  if (text !== '') {
    events.push(recordText(text));
    assistantParts.push({ type: 'text', text });
  }
  const calls = result.content.filter((part) => part.type === 'tool-call');
  let ended = false;
  for (const call of calls) {
    let args: Record<string, unknown> = {};
    let parseError: string | null = null;
    try {
      const parsed: unknown = call.input.trim() === '' ? {} : JSON.parse(call.input);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) parseError = 'arguments must be a JSON object';
      else args = parsed as Record<string, unknown>;
    } catch {
      parseError = 'arguments are not valid JSON';
    }
    events.push(parseError === null
      ? { type: 'tool-called', turn, id: call.toolCallId, name: call.toolName, args }
      : { type: 'tool-called', turn, id: call.toolCallId, name: call.toolName, args: {}, rawArgs: call.input });
    assistantParts.push({ type: 'tool-call', toolCallId: call.toolCallId, toolName: call.toolName, input: args });
    let output: string;
    let isError = false;
    const tool = tools.get(call.toolName);
    if (parseError !== null) {
      output = `Error: ${call.toolName}: ${parseError}`;
      isError = true;
    } else if (!tool) {
      output = `Error: there is no tool named "${call.toolName}"`;
      isError = true;
    } else {
      try {
        output = tool.execute(world, validateArguments(tool, args));
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        output = `Error: ${error.message}`;
        isError = true;
      }
    }
    events.push({ type: 'tool-returned', turn, id: call.toolCallId, name: call.toolName, output, isError, changes: world.drainChanges() });
    toolParts.push({ type: 'tool-result', toolCallId: call.toolCallId, toolName: call.toolName, output: isError ? { type: 'error-text', value: output } : { type: 'text', value: output } });
    if (tool?.ends && !isError) {
      ended = true;
      break;
    }
  }
  prompt.push({ role: 'assistant', content: assistantParts });
  if (toolParts.length > 0) prompt.push({ role: 'tool', content: toolParts });
  return { toolCalls: calls.length, ended, finishReason: result.finishReason.unified };
}
