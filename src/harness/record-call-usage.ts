import type { LanguageModelV3GenerateResult, LanguageModelV3Usage } from '@ai-sdk/provider';
import type { UsageEvent } from '../records/transcript.js';

/** Provider metadata that marks a reply served from peerguard's response cache. */
export const CACHE_HIT_METADATA_KEY = 'peerguard';

/** Token counts summed over a conversation's model calls. */
export interface ConversationUsage {
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  modelCalls: number;
}

/** One model call's accounting: its `usage-recorded` event (when there is anything to record) and its cost. */
export interface CallUsage {
  event: UsageEvent | undefined;
  /** USD at list price; null when unpriced; undefined when no pricing was given. A cached reply costs 0. */
  callCost: number | null | undefined;
  /** The unified finish reason, with the provider's raw value in parentheses when it differs. */
  finish: string;
}

/**
 * Adds one model reply's tokens to `usage` and describes the call for the transcript. Shared by the agent loop and
 * the real-CLI recorder, so a call is accounted the same way whichever harness made it.
 */
export function recordCallUsage(
  result: Pick<LanguageModelV3GenerateResult, 'usage' | 'finishReason' | 'providerMetadata'>,
  usage: ConversationUsage,
  turn: number,
  costOfCall: ((usage: LanguageModelV3Usage) => number | null) | undefined,
): CallUsage {
  usage.modelCalls += 1;
  const input = result.usage.inputTokens.total ?? 0;
  const output = result.usage.outputTokens.total ?? 0;
  const reasoning = result.usage.outputTokens.reasoning ?? 0;
  usage.inputTokens += input;
  usage.outputTokens += output;
  usage.reasoningTokens += reasoning;
  const cacheHit = result.providerMetadata?.[CACHE_HIT_METADATA_KEY]?.['cacheHit'] === true;
  // A cached reply cost nothing this time; an unpriced model makes the whole trial's cost unknown (null).
  const callCost = costOfCall === undefined ? undefined : cacheHit ? 0 : costOfCall(result.usage);
  const finish = result.finishReason.raw !== undefined && result.finishReason.raw !== result.finishReason.unified
    ? `${result.finishReason.unified} (${result.finishReason.raw})`
    : result.finishReason.unified;
  const cached = result.usage.inputTokens.cacheRead ?? 0;
  const event: UsageEvent | undefined = input + output > 0 || callCost !== undefined || cacheHit
    ? {
      type: 'usage-recorded', turn, inputTokens: input, outputTokens: output, reasoningTokens: reasoning,
      ...(cached > 0 ? { cachedInputTokens: cached } : {}),
      ...(callCost === undefined ? {} : { costUsd: callCost }),
      ...(cacheHit ? { cacheHit: true } : {}),
      finishReason: finish,
    }
    : undefined;
  return { event, callCost, finish };
}
