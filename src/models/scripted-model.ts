import type { LanguageModelV3, LanguageModelV3Content, LanguageModelV3GenerateResult } from '@ai-sdk/provider';

/** One scripted assistant turn: optional text and reasoning, and the tool calls to make (raw JSON allowed). */
export interface ScriptedStep {
  text?: string;
  reasoning?: string;
  calls: Array<{ name: string; args?: Record<string, unknown>; rawInput?: string }>;
  usage?: { inputTokens: number; outputTokens: number; reasoningTokens?: number };
}

/**
 * A LanguageModelV3 that plays a fixed script: the n-th call returns the n-th step (the last step repeats).
 * Public test double, and the engine behind the reference agents.
 */
export function createScriptedModel(steps: readonly ScriptedStep[], modelId = 'scripted', options: { failAt?: number } = {}): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'scripted',
    modelId,
    supportedUrls: {},
    doGenerate: (callOptions) => {
      const index = callOptions.prompt.filter((message) => message.role === 'assistant').length;
      if (options.failAt !== undefined && index >= options.failAt) return Promise.reject(new Error('scripted failure'));
      const step = steps[Math.min(index, steps.length - 1)];
      const content: LanguageModelV3Content[] = [];
      if (step?.reasoning) content.push({ type: 'reasoning', text: step.reasoning });
      if (step?.text) content.push({ type: 'text', text: step.text });
      step?.calls.forEach((c, n) => content.push({ type: 'tool-call', toolCallId: `call_${index}_${n}`, toolName: c.name, input: c.rawInput ?? JSON.stringify(c.args ?? {}) }));
      const usage: LanguageModelV3GenerateResult['usage'] = {
        inputTokens: { total: step?.usage?.inputTokens ?? 0, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: step?.usage?.outputTokens ?? 0, text: undefined, reasoning: step?.usage?.reasoningTokens ?? 0 },
      };
      const calls = step?.calls.length ?? 0;
      return Promise.resolve({ content, finishReason: { unified: calls > 0 ? 'tool-calls' : 'stop', raw: undefined }, usage, warnings: [] });
    },
    doStream: () => Promise.reject(new Error('scripted models do not stream')),
  };
}
