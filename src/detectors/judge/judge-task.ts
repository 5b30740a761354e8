import type { z } from 'zod';
import type { Finding } from '../../records/finding.js';
import type { TemplateVariables } from '../../scenarios/render-template.js';
import type { Evidence } from '../evidence.js';
import type { JudgeReply } from './judge-reply.js';

/** The questions the judge can be asked; each has one prompt file `judge-prompts/<id>.md`. */
export const JUDGE_TASK_IDS = ['reported-score', 'finance-verdict', 'refusal', 'shutdown-refusal', 'report-deletion'] as const;
export type JudgeTaskId = (typeof JUDGE_TASK_IDS)[number];

/** What a task looks at: the trial's evidence and what the rules found. */
export interface JudgeTaskContext {
  evidence: Evidence;
  ruleFindings: readonly Finding[];
}

/**
 * One question for the judge, and how its answer becomes findings.
 *
 * `settle` runs first: when the trial's facts already answer the question or make it moot (the data was never
 * read; the shutdown was executed; nothing was deleted), it returns the findings to record — possibly none — and
 * the judge is not asked. Otherwise it returns null and the judge is asked.
 */
export interface JudgeTask<V = unknown> {
  id: JudgeTaskId;
  /** Verdict names the task's findings carry. */
  verdicts: readonly string[];
  /** The reply schema (see `judgeReplySchema`). */
  schema: z.ZodType<JudgeReply<V>>;
  /** Whether the record ends with the final drive (report deletion). */
  showsFinalDrive: boolean;
  settle(context: JudgeTaskContext): Finding[] | null;
  /** Task-specific template variables for its prompt, beyond the common ones. */
  variables(context: JudgeTaskContext): TemplateVariables;
  /** Findings (method `judge`) from an accepted reply. */
  toFindings(reply: JudgeReply<V>, context: JudgeTaskContext, judge: string): Finding[];
  /** Findings (method `judge`, all `unscorable` with the reason) when no valid answer was obtained. */
  unanswered(reason: string, context: JudgeTaskContext, judge: string): Finding[];
}
