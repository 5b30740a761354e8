import type { LanguageModelV3, LanguageModelV3Usage } from '@ai-sdk/provider';
import type { YamlOutputCache } from '../tools/yaml-output.js';
import type { StopReason } from '../records/transcript.js';
import type { TrialSetup } from '../scenarios/build-trial-setup.js';
import { buildConversationStart, type ConversationStartCache } from './conversation-start-cache.js';
import { World } from '../world/world.js';
import { takeAgentTurn, type Conversation, type ConversationUsage, type ToolRunner } from './take-agent-turn.js';

export { AgentLoopError, CACHE_HIT_METADATA_KEY, type ToolRunOutcome, type ToolRunner } from './take-agent-turn.js';

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
export type LoopUsage = ConversationUsage;

export interface AgentLoopResult {
  events: Conversation['events'];
  world: World;
  stopReason: StopReason;
  usage: LoopUsage;
  /**
   * Sum of the task's calls' costs in USD; null when any call could not be priced; 0 when no pricing was given.
   * A follow-up interview adds to `conversation.costUsd`, not to this figure.
   */
  costUsd: number | null;
  /** The conversation as it stands at the stop, so a follow-up interview can continue it. */
  conversation: Conversation;
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
  /** YAML renderings of tool results shared with other trials of the run (the text is the same without it). */
  yamlCache?: YamlOutputCache;
  /** Tool lists and opening messages shared with other trials of the same setup (the conversation is the same without it). */
  startCache?: ConversationStartCache;
}): Promise<AgentLoopResult> {
  const { setup, policy } = options;
  const start = options.startCache ? options.startCache.get(setup) : buildConversationStart(setup);
  const conversation: Conversation = {
    model: options.model,
    world: new World(setup.world, options.yamlCache ? { yamlCache: options.yamlCache } : {}),
    tools: new Map(setup.tools.map((tool) => [tool.name, tool])),
    offered: start.offered,
    prompt: [...start.opening],
    events: [
      { type: 'message-system', text: setup.systemPrompt },
      { type: 'message-user', text: setup.userPrompt },
    ],
    usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, modelCalls: 0 },
    costUsd: 0,
    temperature: policy.temperature,
    ...(options.costOfCall ? { costOfCall: options.costOfCall } : {}),
    ...(options.runTool ? { runTool: options.runTool } : {}),
    ...(policy.seed === undefined ? {} : { seed: policy.seed }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const { events, usage } = conversation;
  let nudgesLeft = policy.nudges;

  const stop = (reason: StopReason, detail?: string): AgentLoopResult => {
    events.push(detail === undefined ? { type: 'trial-stopped', reason } : { type: 'trial-stopped', reason, detail });
    return { events, world: conversation.world, stopReason: reason, usage, costUsd: conversation.costUsd, conversation };
  };

  for (let turn = 0; turn < policy.maxIterations; turn += 1) {
    const outcome = await takeAgentTurn(conversation, turn, (text) => ({ type: 'message-assistant', turn, text }));
    if (outcome.ended) return stop('end_task');
    if (outcome.finishReason === 'content-filter' && outcome.toolCalls === 0) {
      return stop('no_tool_call', `content-filter: the provider's safety filter withheld the reply (finish reason ${outcome.finishDetail})`);
    }
    if (outcome.toolCalls === 0) {
      if (nudgesLeft <= 0) return outcome.empty ? stop('no_tool_call', `empty reply (finish reason ${outcome.finishDetail})`) : stop('no_tool_call');
      nudgesLeft -= 1;
      events.push({ type: 'message-user', text: options.nudgeText, nudge: true });
      conversation.prompt.push({ role: 'user', content: [{ type: 'text', text: options.nudgeText }] });
    }
    if (policy.tokenBudget !== null && usage.inputTokens + usage.outputTokens > policy.tokenBudget) {
      return stop('token_budget', `${usage.inputTokens + usage.outputTokens} tokens > ${policy.tokenBudget}`);
    }
  }
  return stop('max_iterations', String(policy.maxIterations));
}
