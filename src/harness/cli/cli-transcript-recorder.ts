import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3GenerateResult, LanguageModelV3Usage } from '@ai-sdk/provider';
import type { StopReason, ToolResultEvent, TranscriptEvent } from '../../records/transcript.js';
import type { CommandEffects } from '../shell/derive-equivalents.js';
import type { LoopPolicy, LoopUsage } from '../run-agent-loop.js';
import { recordCallUsage } from '../record-call-usage.js';

/** A final answer the proxy gives the CLI in place of a model call once a limit is reached, so the CLI stops. */
function stopResult(text: string): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'peerguard-limit' },
    usage: { inputTokens: { total: 0, noCache: undefined, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 0, text: undefined, reasoning: undefined } },
    warnings: [],
  };
}

/**
 * Builds a trial's transcript from the model traffic of a real CLI as it passes through the proxy: the first
 * agent request gives the system and user messages; every later request brings the results of the tool calls
 * the CLI ran (matched by id), with the world changes and study-tool equivalents observed in the trial directory
 * since the previous request; every response gives the reasoning, text, tool calls and usage. It also enforces the
 * loop policy (iterations, token budget) by answering with a final message instead of calling the model.
 */
export class CliTranscriptRecorder {
  readonly events: TranscriptEvent[] = [];
  readonly usage: LoopUsage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, modelCalls: 0 };
  costUsd: number | null = 0;
  /** The model failure that ended the trial, if any. */
  failure: Error | null = null;
  /** The limit that stopped the agent, if one did. */
  limit: { reason: StopReason; detail: string } | null = null;
  private started = false;
  private readonly pending = new Map<string, { name: string; text: string }>();
  private readonly answered = new Set<string>();
  private lastResult: ToolResultEvent | null = null;

  constructor(private readonly options: {
    model: LanguageModelV3;
    policy: LoopPolicy;
    /** Observes the trial directory since the previous call; `calls` are the texts of the calls run meanwhile. */
    observe: (calls: readonly string[]) => CommandEffects;
    costOfCall?: (usage: LanguageModelV3Usage) => number | null;
    /** Called once when the model fails, so the harness can stop the CLI. */
    onFailure?: (error: Error) => void;
  }) {}

  /** Serves one agent request from the CLI: records it, calls the model (or stops the agent), records the reply. */
  async serve(call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    if (this.failure) throw this.failure;
    this.recordRequest(call);
    const { policy } = this.options;
    if (this.limit === null && this.usage.modelCalls >= policy.maxIterations) this.limit = { reason: 'max_iterations', detail: String(policy.maxIterations) };
    if (this.limit === null && policy.tokenBudget !== null && this.usage.inputTokens + this.usage.outputTokens > policy.tokenBudget) {
      this.limit = { reason: 'token_budget', detail: `${this.usage.inputTokens + this.usage.outputTokens} tokens > ${policy.tokenBudget}` };
    }
    if (this.limit !== null) return stopResult('[peerguard: this session has reached its limit and ends here.]');
    const turn = this.usage.modelCalls;
    let result: LanguageModelV3GenerateResult;
    try {
      result = await this.options.model.doGenerate(call);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.options.onFailure?.(this.failure);
      throw this.failure;
    }
    this.recordResponse(turn, result);
    return result;
  }

  private recordRequest(call: LanguageModelV3CallOptions): void {
    if (!this.started) {
      this.started = true;
      const system = call.prompt.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
      this.events.push({ type: 'message-system', text: system });
      for (const message of call.prompt) {
        if (message.role !== 'user') continue;
        const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
        if (text !== '') this.events.push({ type: 'message-user', text });
      }
    }
    const fresh: ToolResultEvent[] = [];
    const texts: string[] = [];
    for (const message of call.prompt) {
      if (message.role !== 'tool') continue;
      for (const part of message.content) {
        if (part.type !== 'tool-result' || this.answered.has(part.toolCallId)) continue;
        this.answered.add(part.toolCallId);
        const output = part.output;
        const value = output.type === 'text' || output.type === 'error-text' ? output.value : JSON.stringify('value' in output ? output.value : output);
        const called = this.pending.get(part.toolCallId);
        this.pending.delete(part.toolCallId);
        if (called) texts.push(called.text);
        const event: ToolResultEvent = { type: 'tool-returned', turn: Math.max(0, this.usage.modelCalls - 1), id: part.toolCallId, name: called?.name ?? part.toolName, output: value, isError: output.type === 'error-text' || output.type === 'error-json', changes: [] };
        this.events.push(event);
        fresh.push(event);
      }
    }
    if (fresh.length > 0) this.attach(fresh[fresh.length - 1]!, this.options.observe(texts));
  }

  private attach(event: ToolResultEvent, effects: CommandEffects): void {
    event.changes.push(...effects.changes);
    if (effects.equivalents.length > 0) event.equivalents = [...(event.equivalents ?? []), ...effects.equivalents];
    this.lastResult = event;
  }

  private recordResponse(turn: number, result: LanguageModelV3GenerateResult): void {
    const { event, callCost } = recordCallUsage(result, this.usage, turn, this.options.costOfCall);
    if (callCost !== undefined) this.costUsd = this.costUsd === null || callCost === null ? null : this.costUsd + callCost;
    if (event !== undefined) this.events.push(event);
    for (const part of result.content) if (part.type === 'reasoning' && part.text !== '') this.events.push({ type: 'reasoning-recorded', turn, text: part.text });
    const text = result.content.filter((part) => part.type === 'text').map((part) => part.text).join('');
    if (text !== '') this.events.push({ type: 'message-assistant', turn, text });
    for (const part of result.content) {
      if (part.type !== 'tool-call') continue;
      let args: Record<string, unknown> | null = null;
      try {
        const parsed: unknown = part.input.trim() === '' ? {} : JSON.parse(part.input);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) args = parsed as Record<string, unknown>;
      } catch {
        args = null;
      }
      this.events.push(args === null ? { type: 'tool-called', turn, id: part.toolCallId, name: part.toolName, args: {}, rawArgs: part.input } : { type: 'tool-called', turn, id: part.toolCallId, name: part.toolName, args });
      this.pending.set(part.toolCallId, { name: part.toolName, text: `${part.toolName} ${part.input}` });
    }
  }

  /**
   * Closes the transcript after the CLI exits: tool calls it never answered get a result saying so, and the
   * directory changes since the last request go to the last tool result.
   */
  finish(stop: { reason: StopReason; detail?: string }): void {
    const texts = [...this.pending.values()].map((call) => call.text);
    let last = this.lastResult;
    for (const [id, call] of this.pending) {
      const event: ToolResultEvent = { type: 'tool-returned', turn: Math.max(0, this.usage.modelCalls - 1), id, name: call.name, output: '[no result: the CLI ended before returning it]', isError: true, changes: [] };
      this.events.push(event);
      last = event;
    }
    this.pending.clear();
    const effects = this.options.observe(texts);
    if (last && (effects.changes.length > 0 || effects.equivalents.length > 0)) this.attach(last, effects);
    const limit = this.limit;
    this.events.push(limit ? { type: 'trial-stopped', reason: limit.reason, detail: limit.detail } : stop.detail === undefined ? { type: 'trial-stopped', reason: stop.reason } : { type: 'trial-stopped', reason: stop.reason, detail: stop.detail });
  }
}
