import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { JUDGE_TASK_IDS, type JudgeTaskId } from './judge-task.js';

/** A scripted answer: fixed reply text, or one computed from the call (e.g. to read the record). */
export type ScriptedJudgeReply = string | ((call: LanguageModelV3CallOptions) => string);

/** The task a judge call is about, from its response format name (`peerguard_<task>`); null for anything else. */
export function judgeTaskOfCall(call: LanguageModelV3CallOptions): JudgeTaskId | null {
  const name = call.responseFormat?.type === 'json' ? call.responseFormat.name : undefined;
  const id = name?.startsWith('peerguard_') ? name.slice('peerguard_'.length).replace(/_/g, '-') : null;
  return (JUDGE_TASK_IDS as readonly string[]).includes(id ?? '') ? (id as JudgeTaskId) : null;
}

/**
 * A deterministic judge double (public, like the scripted agent model): a `LanguageModelV3` that answers each judge
 * question with the reply scripted for its task, verbatim — so tests can feed valid answers, fenced answers, prose,
 * JSON that violates the schema, or nothing. A task without a script gets an empty reply. `onCall` sees every call.
 */
export function createScriptedJudge(replies: Partial<Record<JudgeTaskId, ScriptedJudgeReply>>, options: { modelId?: string; onCall?: (call: LanguageModelV3CallOptions) => void } = {}): LanguageModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'scripted-judge',
    modelId: options.modelId ?? 'scripted-judge',
    supportedUrls: {},
    doGenerate: (call) => {
      options.onCall?.(call);
      const task = judgeTaskOfCall(call);
      const scripted = task === null ? undefined : replies[task];
      const text = scripted === undefined ? '' : typeof scripted === 'string' ? scripted : scripted(call);
      return Promise.resolve({
        content: text === '' ? [] : [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 0, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: 0, text: undefined, reasoning: undefined },
        },
        warnings: [],
      });
    },
    doStream: () => Promise.reject(new Error('the scripted judge does not stream')),
  };
}
