import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PeerguardError } from '../core/peerguard-error.js';

/**
 * The study's transcript JSON, as published (see shared/paper-examples/INDEX.md): `conversation` (or
 * `full_conversation` in follow-up files) is a list of messages whose `tool_calls` is a dict
 * `{toolName: args}`; verdicts sit in `task_evaluation` or `main_task_evaluation`.
 */
const MessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string().nullable().optional(),
  tool_calls: z.record(z.string(), z.unknown()).nullable().optional(),
  reasoning_content: z.string().nullable().optional(),
}).passthrough();

const PaperTranscriptSchema = z.object({
  conversation: z.array(MessageSchema).optional(),
  full_conversation: z.array(MessageSchema).optional(),
  experiment_metadata: z.record(z.string(), z.unknown()).optional(),
  task_evaluation: z.record(z.string(), z.unknown()).nullable().optional(),
  main_task_evaluation: z.record(z.string(), z.unknown()).nullable().optional(),
  evaluation: z.record(z.string(), z.unknown()).nullable().optional(),
}).passthrough();

export type PaperMessage = z.infer<typeof MessageSchema>;

export interface PaperTranscript {
  file: string;
  messages: PaperMessage[];
  metadata: Record<string, unknown>;
  /** The authors' recorded verdicts, or null when the file has none (follow-up files). */
  evaluation: Record<string, unknown> | null;
}

/** Reads and validates one of the study's transcript files; malformed input is an E_INPUT error naming the file. */
export function readPaperTranscript(file: string): PaperTranscript {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PeerguardError('E_INPUT', `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new PeerguardError('E_INPUT', `${file}: not valid JSON (${(error as Error).message})`);
  }
  return parsePaperTranscript(data, file);
}

/**
 * Validates an already parsed study transcript (a file's JSON, or a dataset row's `transcript_json`); `file` names
 * where it came from in error messages (e.g. `data.jsonl:12`).
 *
 * @throws PeerguardError `E_INPUT` naming `file` and the field when the value is not a study transcript.
 */
export function parsePaperTranscript(data: unknown, file: string): PaperTranscript {
  const parsed = PaperTranscriptSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PeerguardError('E_INPUT', `${file}: field "${issue?.path.join('.') || '(top level)'}": ${issue?.message ?? 'invalid'}`);
  }
  const messages = parsed.data.conversation ?? parsed.data.full_conversation;
  if (!messages) throw new PeerguardError('E_INPUT', `${file}: field "conversation": missing (not a study transcript)`);
  return {
    file,
    messages,
    metadata: parsed.data.experiment_metadata ?? {},
    evaluation: parsed.data.task_evaluation ?? parsed.data.main_task_evaluation ?? parsed.data.evaluation ?? null,
  };
}

/** The assistant's tool calls in order (dict order within a turn), with the assistant turn index. */
export function paperToolCalls(transcript: PaperTranscript): Array<{ turn: number; name: string; args: Record<string, unknown> }> {
  const out: Array<{ turn: number; name: string; args: Record<string, unknown> }> = [];
  let turn = -1;
  for (const message of transcript.messages) {
    if (message.role !== 'assistant') continue;
    turn += 1;
    for (const [name, args] of Object.entries(message.tool_calls ?? {})) {
      out.push({ turn, name, args: args !== null && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {} });
    }
  }
  return out;
}
