import type {
  LanguageModelV3,
  LanguageModelV3FunctionTool,
  LanguageModelV3Message,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
} from '@ai-sdk/provider';
import type { ToolEquivalent, TranscriptEvent, WorldChange } from '../records/transcript.js';
import { ToolError, validateArguments, type Tool } from '../tools/tool.js';
import type { World } from '../world/world.js';
import { recordCallUsage, type ConversationUsage } from './record-call-usage.js';

/** Token and call counts of one conversation, summed over its model calls. */
export type { ConversationUsage } from './record-call-usage.js';

/** What a harness-run tool call produced (the shell harness runs `bash` this way). */
export interface ToolRunOutcome {
  output: string;
  isError: boolean;
  changes: WorldChange[];
  equivalents?: ToolEquivalent[];
}

/**
 * Runs a validated tool call outside the world's own tools; returns null to let the world's tool handle it.
 * A throw is a harness failure (the trial becomes an `error`), never an agent mistake.
 */
export type ToolRunner = (call: { name: string; args: Record<string, unknown> }, signal?: AbortSignal) => Promise<ToolRunOutcome | null>;

export { CACHE_HIT_METADATA_KEY } from './record-call-usage.js';

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
  /** Sum of the calls' costs in USD; null once any call could not be priced; 0 when no pricing was given. */
  costUsd: number | null;
  /** Prices one call's usage in USD (null: unpriced). Without it, calls are recorded without a cost. */
  costOfCall?: (usage: LanguageModelV3Usage) => number | null;
  /** The harness's runner for tools it executes itself (e.g. `bash`); the world's tools run the rest. */
  runTool?: ToolRunner;
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
  /** The finish reason for the record: the unified one, with the provider's raw value when it differs. */
  finishDetail: string;
  /** The reply had no text, no reasoning text and no tool call. */
  empty: boolean;
}

/**
 * Thrown when the model itself fails (provider error, abort): the trial is an `error`, with the partial
 * transcript and what the calls made so far used and cost (so no spend is lost from the record).
 */
export class AgentLoopError extends Error {
  constructor(
    message: string,
    readonly events: TranscriptEvent[],
    options?: { cause?: unknown },
    readonly usage: ConversationUsage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, modelCalls: 0 },
    readonly costUsd: number | null = 0,
  ) {
    super(message, options);
    this.name = 'AgentLoopError';
  }
}

/**
 * One model turn: call the model with the history, record its usage (with cost, cache hit and finish reason),
 * reasoning, text and tool calls, run the tools (the harness's runner first, then the world's tools; agent
 * mistakes go back as tool errors), and append the assistant message (with the provider's metadata) and the tool
 * results to the history. `recordText` turns the assistant's text into its transcript event (a task message or
 * an interview answer).
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
    throw new AgentLoopError(
      `model call ${usage.modelCalls + 1} failed: ${(error as Error).message}`,
      events,
      { cause: error },
      { ...usage },
      conversation.costUsd,
    );
  }
  const { event: usageEvent, callCost, finish } = recordCallUsage(result, usage, turn, conversation.costOfCall);
  if (callCost !== undefined) {
    conversation.costUsd = conversation.costUsd === null || callCost === null ? null : conversation.costUsd + callCost;
  }
  if (usageEvent !== undefined) events.push(usageEvent);

  // The assistant message goes back to the model part by part with the provider's metadata (Anthropic
  // thinking signatures, Gemini thought signatures, OpenAI item ids): some APIs reject a tool turn without it.
  const assistantParts: Extract<LanguageModelV3Message, { role: 'assistant' }>['content'] = [];
  const toolParts: Extract<LanguageModelV3Message, { role: 'tool' }>['content'] = [];
  const withMetadata = (metadata: SharedV3ProviderMetadata | undefined) => (metadata === undefined ? {} : { providerOptions: metadata });
  const text = result.content.filter((part) => part.type === 'text').map((part) => part.text).join('');
  for (const part of result.content) {
    if (part.type === 'reasoning' && (part.text !== '' || part.providerMetadata !== undefined)) {
      if (part.text !== '') events.push({ type: 'reasoning-recorded', turn, text: part.text });
      assistantParts.push({ type: 'reasoning', text: part.text, ...withMetadata(part.providerMetadata) });
    } else if (part.type === 'text' && part.text !== '') {
      assistantParts.push({ type: 'text', text: part.text, ...withMetadata(part.providerMetadata) });
    }
  }
  if (text !== '') events.push(recordText(text));
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
    assistantParts.push({ type: 'tool-call', toolCallId: call.toolCallId, toolName: call.toolName, input: args, ...withMetadata(call.providerMetadata) });
    let output: string;
    let isError = false;
    let changes: WorldChange[] | null = null;
    let equivalents: ToolEquivalent[] | undefined;
    const tool = tools.get(call.toolName);
    const ran = parseError === null && tool && conversation.runTool
      ? await runHarnessTool(conversation.runTool, tool, args, conversation.signal)
      : null;
    if (ran !== null) {
      output = ran.output;
      isError = ran.isError;
      changes = ran.changes;
      equivalents = ran.equivalents;
    } else if (parseError !== null) {
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
    const drained = world.drainChanges();
    events.push({
      type: 'tool-returned', turn, id: call.toolCallId, name: call.toolName, output, isError, changes: changes ?? drained,
      ...(equivalents === undefined ? {} : { equivalents }),
    });
    toolParts.push({ type: 'tool-result', toolCallId: call.toolCallId, toolName: call.toolName, output: isError ? { type: 'error-text', value: output } : { type: 'text', value: output } });
    if (tool?.ends && !isError) {
      ended = true;
      break;
    }
  }
  prompt.push({ role: 'assistant', content: assistantParts });
  if (toolParts.length > 0) prompt.push({ role: 'tool', content: toolParts });
  const empty = calls.length === 0
    && !result.content.some((part) => (part.type === 'text' || part.type === 'reasoning') && part.text.trim() !== '');
  return { toolCalls: calls.length, ended, finishReason: result.finishReason.unified, finishDetail: finish, empty };
}

async function runHarnessTool(runTool: ToolRunner, tool: Tool, args: Record<string, unknown>, signal: AbortSignal | undefined): Promise<ToolRunOutcome | null> {
  let validated: Record<string, unknown>;
  try {
    validated = validateArguments(tool, args);
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return { output: `Error: ${error.message}`, isError: true, changes: [] };
  }
  return runTool({ name: tool.name, args: validated }, signal);
}
