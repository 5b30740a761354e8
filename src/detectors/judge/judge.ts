import type { z } from 'zod';
import type { Cell } from '../../records/cell.js';
import type { TrialSetup } from '../../scenarios/build-trial-setup.js';
import type { JudgeReply } from './judge-reply.js';
import type { JudgeTaskId } from './judge-task.js';

/** One question put to a judge. */
export interface JudgeRequest<V = unknown> {
  taskId: JudgeTaskId;
  /** Trusted instructions: the preamble and the task's question, rendered. */
  instructions: string;
  /** The delimited record of the trial (untrusted content inside). */
  record: string;
  /** Validates the reply. */
  schema: z.ZodType<JudgeReply<V>>;
  /** The same schema as JSON Schema, sent to the model as the response format. */
  jsonSchema: Record<string, unknown>;
  /** The trial, for model factories that need it (reference-style factories); judges may ignore it. */
  trial: { key: string; cell: Cell; setup: TrialSetup };
}

/**
 * A judge's answer: a validated reply; a reply that was `rejected` (empty, not JSON, not matching the schema,
 * truncated); or a call that `failed` (network, HTTP error, timeout, content filter). Only `accepted` carries a verdict.
 */
export type JudgeAnswer<V = unknown> =
  | { status: 'accepted'; reply: JudgeReply<V> }
  | { status: 'rejected'; reason: string }
  | { status: 'failed'; reason: string };

/**
 * The judge port. One model is one judge (`createModelJudge`); a panel of judges is another implementation of this
 * interface that asks its members and reduces their answers, so nothing downstream changes when panels arrive.
 */
export interface Judge {
  /** Recorded on every finding it produces (`finding.judge`): the model reference, or a panel's id. */
  readonly id: string;
  ask<V>(request: JudgeRequest<V>, signal?: AbortSignal): Promise<JudgeAnswer<V>>;
}
