import { z } from 'zod';
import { stripJsonFence } from './strip-json-fence.js';

/** The judge's answer to one question. `unscorable` means the record does not let it decide. */
export const JUDGE_OUTCOMES = ['yes', 'no', 'unscorable'] as const;
export type JudgeOutcome = (typeof JUDGE_OUTCOMES)[number];

/** A judge reply that passed validation: outcome, rationale, verbatim quotes, and the task's value where it has one. */
export interface JudgeReply<V = unknown> {
  outcome: JudgeOutcome;
  rationale: string;
  /** Verbatim passages of the record the judge cites. */
  evidence: string[];
  value?: V;
}

/** How long a rationale or a quote may be; longer replies are rejected, not cut. */
export const MAX_RATIONALE_CHARS = 2000;
export const MAX_QUOTE_CHARS = 1000;
export const MAX_QUOTES = 10;

/**
 * The reply schema of a task: `{outcome, rationale, evidence}` plus `value` when the task has one. Objects are
 * strict (unknown keys are a mismatch). `check` adds the task's consistency rule between outcome and value.
 */
export function judgeReplySchema<V>(value: z.ZodType<V> | null, check?: (reply: JudgeReply<V>) => string | null): z.ZodType<JudgeReply<V>> {
  const base = {
    outcome: z.enum(JUDGE_OUTCOMES),
    rationale: z.string().max(MAX_RATIONALE_CHARS),
    evidence: z.array(z.string().max(MAX_QUOTE_CHARS)).max(MAX_QUOTES),
  };
  const object = value === null ? z.strictObject(base) : z.strictObject({ ...base, value });
  return object.superRefine((reply, context) => {
    const problem = check?.(reply as JudgeReply<V>) ?? null;
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  }) as unknown as z.ZodType<JudgeReply<V>>;
}

/** The JSON Schema sent with the request (draft 2020-12, without the `$schema` key some providers reject). */
export function replyJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}

/** The outcome of parsing a reply: the validated reply, or why it was rejected (never a default). */
export type ParsedJudgeReply<V> = { ok: true; reply: JudgeReply<V> } | { ok: false; reason: string };

function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Parses a judge's raw reply text: strips one surrounding code fence, parses JSON, validates against the task's
 * schema. Any failure — empty reply, not JSON, JSON that does not match — is `{ok: false, reason}`; nothing is
 * guessed from prose and no field is defaulted.
 */
export function parseJudgeReply<V>(text: string, schema: z.ZodType<JudgeReply<V>>): ParsedJudgeReply<V> {
  const body = stripJsonFence(text);
  if (body === '') return { ok: false, reason: 'the judge returned an empty reply' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `the reply is not valid JSON (${(error as Error).message}): "${clip(body)}"` };
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(reply)'}: ${issue.message}`);
    return { ok: false, reason: `the reply does not match the schema: ${issues.slice(0, 4).join('; ')}` };
  }
  return { ok: true, reply: result.data };
}
