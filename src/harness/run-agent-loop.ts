import type {
  LanguageModelV3,
  LanguageModelV3FunctionTool,
  LanguageModelV3Message,
  LanguageModelV3Usage,
  SharedV3ProviderMetadata,
} from '@ai-sdk/provider';
import type { StopReason, ToolEquivalent, TranscriptEvent, WorldChange } from '../records/transcript.js';
import type { TrialSetup } from '../scenarios/build-trial-setup.js';
import { toolInputSchema, ToolError, validateArguments, type Tool } from '../tools/tool.js';
import { World } from '../world/world.js';

/** The loop's policy knobs; each is recorded in the transcript's stop event when it ends the episode. */
export interface LoopPolicy {
  /** Maximum model calls (the study's released default: 30). */
  maxIterations: number;
  /** Stop once input + output tokens exceed this; null for no budget. */
  tokenBudget: number | null;
  /**
   * After a turn with no tool call: 0 ends the episode (the study's stated rule, our default); n > 0 sends the
   * pack's nudge message up to n times (the study's released code nudged up to 5 times).
   */
  nudges: number;
  temperature: number;
  seed?: number;
}

export const DEFAULT_LOOP_POLICY: LoopPolicy = { maxIterations: 30, tokenBudget: null, nudges: 0, temperature: 1 };

/** Token totals of an episode. */
export interface LoopUsage { inputTokens: number; outputTokens: number; reasoningTokens: number; modelCalls: number }

export interface AgentLoopResult {
  events: TranscriptEvent[];
  world: World;
  stopReason: StopReason;
  usage: LoopUsage;
  /** Sum of the calls' costs in USD; null when any call could not be priced; 0 when no pricing was given. */
  costUsd: number | null;
}

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

/**
 * Thrown when the model itself fails (provider error, abort): the trial is an `error`, with the partial
 * transcript and what the calls made so far used and cost (so no spend is lost from the record).
 */
export class AgentLoopError extends Error {
  constructor(
    message: string,
    readonly events: TranscriptEvent[],
    options?: { cause?: unknown },
    readonly usage: LoopUsage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, modelCalls: 0 },
    readonly costUsd: number | null = 0,
  ) {
    super(message, options);
    this.name = 'AgentLoopError';
  }
}

/** Provider metadata that marks a reply served from peerguard's response cache. */
export const CACHE_HIT_METADATA_KEY = 'peerguard';

function functionTool(tool: Tool): LanguageModelV3FunctionTool {
  return { type: 'function', name: tool.name, description: tool.description, inputSchema: toolInputSchema(tool) as LanguageModelV3FunctionTool['inputSchema'] };
}

/**
 * Runs the study's episode: a system and a user message, then turns in which the model writes and calls tools
 * until it calls `end_task`, makes a turn without a tool call (after the configured nudges), hits the iteration
 * cap or exhausts the token budget. Tool errors go back to the model; a model failure throws AgentLoopError.
 */
export async function runAgentLoop(options: {
  setup: TrialSetup;
  model: LanguageModelV3;
  policy: LoopPolicy;
  nudgeText: string;
  signal?: AbortSignal;
  /** Prices one call's usage in USD (null: unpriced). Without it, calls are recorded without a cost. */
  costOfCall?: (usage: LanguageModelV3Usage) => number | null;
  /** The harness's runner for tools it executes itself (e.g. `bash`); the world's tools run the rest. */
  runTool?: ToolRunner;
}): Promise<AgentLoopResult> {
  const { setup, model, policy } = options;
  const world = new World(setup.world);
  const tools = new Map(setup.tools.map((tool) => [tool.name, tool]));
  const offered = setup.tools.map(functionTool);
  const events: TranscriptEvent[] = [
    { type: 'message-system', text: setup.systemPrompt },
    { type: 'message-user', text: setup.userPrompt },
  ];
  const prompt: LanguageModelV3Message[] = [
    { role: 'system', content: setup.systemPrompt },
    { role: 'user', content: [{ type: 'text', text: setup.userPrompt }] },
  ];
  const usage: LoopUsage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, modelCalls: 0 };
  let costUsd: number | null = 0;
  let nudgesLeft = policy.nudges;

  const stop = (reason: StopReason, detail?: string): AgentLoopResult => {
    events.push(detail === undefined ? { type: 'trial-stopped', reason } : { type: 'trial-stopped', reason, detail });
    return { events, world, stopReason: reason, usage, costUsd };
  };

  for (let turn = 0; turn < policy.maxIterations; turn += 1) {
    options.signal?.throwIfAborted();
    let result;
    try {
      result = await model.doGenerate({
        prompt,
        tools: offered,
        toolChoice: { type: 'auto' },
        temperature: policy.temperature,
        ...(policy.seed === undefined ? {} : { seed: policy.seed }),
        ...(options.signal ? { abortSignal: options.signal } : {}),
      });
    } catch (error) {
      throw new AgentLoopError(`model call ${turn + 1} failed: ${(error as Error).message}`, events, { cause: error }, usage, costUsd);
    }
    usage.modelCalls += 1;
    const input = result.usage.inputTokens.total ?? 0;
    const output = result.usage.outputTokens.total ?? 0;
    const reasoning = result.usage.outputTokens.reasoning ?? 0;
    usage.inputTokens += input;
    usage.outputTokens += output;
    usage.reasoningTokens += reasoning;
    const cacheHit = result.providerMetadata?.[CACHE_HIT_METADATA_KEY]?.['cacheHit'] === true;
    // A cached reply cost nothing this time; an unpriced model makes the whole trial's cost unknown.
    const callCost = options.costOfCall === undefined ? undefined : cacheHit ? 0 : options.costOfCall(result.usage);
    if (callCost !== undefined) costUsd = costUsd === null || callCost === null ? null : costUsd + callCost;
    const finish = result.finishReason.raw !== undefined && result.finishReason.raw !== result.finishReason.unified
      ? `${result.finishReason.unified} (${result.finishReason.raw})`
      : result.finishReason.unified;
    const cached = result.usage.inputTokens.cacheRead ?? 0;
    if (input + output > 0 || options.costOfCall !== undefined || cacheHit) {
      events.push({
        type: 'usage-recorded', turn, inputTokens: input, outputTokens: output, reasoningTokens: reasoning,
        ...(cached > 0 ? { cachedInputTokens: cached } : {}),
        ...(callCost === undefined ? {} : { costUsd: callCost }),
        ...(cacheHit ? { cacheHit: true } : {}),
        finishReason: finish,
      });
    }

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
    if (text !== '') events.push({ type: 'message-assistant', turn, text });
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
      const ran = parseError === null && tool && options.runTool ? await runHarnessTool(options.runTool, tool, args, options.signal) : null;
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
      events.push({ type: 'tool-returned', turn, id: call.toolCallId, name: call.toolName, output, isError, changes: changes ?? drained, ...(equivalents === undefined ? {} : { equivalents }) });
      toolParts.push({ type: 'tool-result', toolCallId: call.toolCallId, toolName: call.toolName, output: isError ? { type: 'error-text', value: output } : { type: 'text', value: output } });
      if (tool?.ends && !isError) {
        ended = true;
        break;
      }
    }
    prompt.push({ role: 'assistant', content: assistantParts });
    if (toolParts.length > 0) prompt.push({ role: 'tool', content: toolParts });
    if (ended) return stop('end_task');
    if (result.finishReason.unified === 'content-filter' && calls.length === 0) {
      return stop('no_tool_call', `content-filter: the provider's safety filter withheld the reply (finish reason ${finish})`);
    }
    if (calls.length === 0) {
      const empty = !result.content.some((part) => (part.type === 'text' || part.type === 'reasoning') && part.text.trim() !== '');
      if (nudgesLeft <= 0) return empty ? stop('no_tool_call', `empty reply (finish reason ${finish})`) : stop('no_tool_call');
      nudgesLeft -= 1;
      events.push({ type: 'message-user', text: options.nudgeText, nudge: true });
      prompt.push({ role: 'user', content: [{ type: 'text', text: options.nudgeText }] });
    }
    if (policy.tokenBudget !== null && usage.inputTokens + usage.outputTokens > policy.tokenBudget) {
      return stop('token_budget', `${usage.inputTokens + usage.outputTokens} tokens > ${policy.tokenBudget}`);
    }
  }
  return stop('max_iterations', String(policy.maxIterations));
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
