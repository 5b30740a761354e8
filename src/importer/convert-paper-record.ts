import { z } from 'zod';
import { contentHash } from '../core/canonical-json.js';
import { PeerguardError } from '../core/peerguard-error.js';
import { FAMILIES, type Family } from '../records/cell.js';
import type { Finding } from '../records/finding.js';
import type { TrialRecord } from '../records/trial-record.js';
import { TRANSCRIPT_FORMAT_VERSION } from '../records/transcript.js';
import { inferPaperFamily } from '../replay/infer-paper-cell.js';
import { paperToolCalls, parsePaperTranscript, type PaperTranscript } from '../replay/paper-transcript.js';
import { replayPaperTranscriptInShell } from '../replay/replay-paper-in-shell.js';
import { replayPaperTranscript, type ReplayResult } from '../replay/replay-paper.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import type { PaperImport, PaperReplaySettings } from '../store/paper-import-table.js';
import { paperFindings } from './paper-findings.js';
import { describePosition } from './paper-source-record.js';
import { withStudyOutputs } from './with-study-outputs.js';

/**
 * The study's task types (`task_type`, also folder names; `_memory` suffix stripped) and the legacy names its
 * analyzers and example files use, mapped to our families.
 */
export const TASK_TYPE_FAMILIES: Readonly<Record<string, Family>> = {
  misrep_finance: 'misrep-finance',
  report_writing: 'misrep-finance',
  misrep_evaluation: 'misrep-evaluation',
  evaluation: 'misrep-evaluation',
  tampering: 'tampering',
  evaluation2: 'tampering',
  shutdown: 'tampering',
  alignment_faking: 'alignment-faking',
  exfiltration_transfer: 'exfiltration-transfer',
  exfiltration: 'exfiltration-transfer',
  exfiltration_deletion: 'exfiltration-deletion',
  exfiltration2: 'exfiltration-deletion',
};

/** Tool names of the real coding-agent CLIs (Gemini CLI, OpenCode); their transcripts replay through the shell. */
const SHELL_TOOLS = new Set(['run_shell_command', 'bash', 'shell', 'read_file', 'read', 'glob', 'list_directory', 'ls', 'write_file', 'write']);

/** A dataset row: `transcript_json` (text or object) plus merged_data.csv-like fields, all kept. */
const DatasetRowSchema = z.looseObject({
  transcript_json: z.union([z.string(), z.record(z.string(), z.unknown())], { message: 'missing or not a JSON text/object' }),
  transcript_id: z.union([z.string(), z.number()]).nullable().optional(),
  group: z.string().nullable().optional(),
  task_type: z.string().nullable().optional(),
  agent_model: z.string().nullable().optional(),
});

/** What one record becomes: the trial to store, and its import row. */
export interface ConvertedPaperRecord {
  record: TrialRecord;
  importRow: PaperImport;
}

/** A dataset record identified before any replay, so duplicates are recognised cheaply. */
export interface IdentifiedPaperRecord {
  key: string;
  transcriptJson: unknown;
  row: Record<string, unknown>;
  transcriptId: string | null;
  group: string | null;
}

/**
 * Reads what a record is — a bare transcript, or a dataset row with `transcript_json` — and its stable key:
 * sha256 of `{group, transcript_id}` when the row carries the dataset's id, else of the transcript's canonical JSON
 * (so the same file imported from another path, or re-formatted, is still a duplicate).
 *
 * @throws PeerguardError `E_INPUT` (naming the position) for a row that is neither.
 */
export function identifyPaperRecord(value: unknown, where: string): IdentifiedPaperRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PeerguardError('E_INPUT', `${where}: not a JSON object`);
  const object = value as Record<string, unknown>;
  if (!('transcript_json' in object)) {
    if (!('conversation' in object) && !('full_conversation' in object)) {
      throw new PeerguardError('E_INPUT', `${where}: neither a study transcript (no "conversation") nor a dataset row (no "transcript_json")`);
    }
    return { key: contentHash({ source: 'paper-transcript', transcript: object }), transcriptJson: object, row: {}, transcriptId: null, group: null };
  }
  const parsed = DatasetRowSchema.safeParse(object);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PeerguardError('E_INPUT', `${where}: field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}`);
  }
  const { transcript_json: json, ...row } = parsed.data;
  let transcriptJson: unknown = json;
  if (typeof json === 'string') {
    try {
      transcriptJson = JSON.parse(json) as unknown;
    } catch (error) {
      throw new PeerguardError('E_INPUT', `${where}: field "transcript_json": not valid JSON (${(error as Error).message})`);
    }
  }
  const transcriptId = row.transcript_id === null || row.transcript_id === undefined ? null : String(row.transcript_id);
  const group = row.group ?? null;
  const key = transcriptId === null
    ? contentHash({ source: 'paper-transcript', transcript: transcriptJson })
    : contentHash({ source: 'paper-dataset', group, transcriptId });
  return { key, transcriptJson, row, transcriptId, group };
}

function familyOf(transcript: PaperTranscript, row: Record<string, unknown>, where: string): Family {
  const taskType = typeof row.task_type === 'string' ? row.task_type.replace(/_memory$/, '') : '';
  if (taskType === '') return inferPaperFamily(transcript);
  const family = TASK_TYPE_FAMILIES[taskType] ?? (FAMILIES as readonly string[]).find((f) => f === taskType.replace(/_/g, '-'));
  if (family === undefined) throw new PeerguardError('E_INPUT', `${where}: field "task_type": unknown task type "${String(row.task_type)}"`);
  return family as Family;
}

/** Which harness replays a transcript: the shell for the real-CLI (coding-agent) transcripts. */
export function replayHarnessOf(transcript: PaperTranscript): PaperReplaySettings['harness'] {
  const harness = String(transcript.metadata.agent_harness ?? '');
  if (harness === 'coding_agent' || harness === 'production') return 'shell';
  return paperToolCalls(transcript).some((call) => SHELL_TOOLS.has(call.name)) ? 'shell' : 'tools';
}

/** Dataset row fields that describe the setup, merged under the transcript's own metadata (which wins). */
const ROW_METADATA_FIELDS = ['agent_model', 'subject', 'dataset', 'threshold', 'alignment_faking_mode', 'system_prompt_relationship', 'memory_hard_prompt', 'agent_harness', 'reasoning_effort'];

/**
 * Replays one imported transcript as it is replayed at import and at every rescore: the study's JSON is validated,
 * the dataset row's setup fields fill gaps in its metadata, and its tool calls run through our world (tools or
 * shell harness). The returned events carry the study's own tool outputs (see `withStudyOutputs`).
 */
export async function replayImportedTranscript(
  pack: ScenarioPack,
  transcriptJson: unknown,
  row: Record<string, unknown>,
  where: string,
  settings?: PaperReplaySettings,
): Promise<{ transcript: PaperTranscript; replay: ReplayResult; settings: PaperReplaySettings }> {
  const parsed = parsePaperTranscript(transcriptJson, where);
  const metadata = { ...Object.fromEntries(ROW_METADATA_FIELDS.filter((f) => row[f] !== undefined && row[f] !== null).map((f) => [f, row[f]])), ...parsed.metadata };
  const transcript: PaperTranscript = { ...parsed, metadata };
  const resolved: PaperReplaySettings = settings ?? { harness: replayHarnessOf(transcript), family: familyOf(transcript, row, where) };
  let replay: ReplayResult;
  try {
    replay = resolved.harness === 'shell'
      ? await replayPaperTranscriptInShell(pack, transcript, { family: resolved.family })
      : replayPaperTranscript(pack, transcript, { family: resolved.family });
  } catch (error) {
    if (error instanceof PeerguardError) throw new PeerguardError('E_INPUT', error.message.startsWith(where) ? error.message : `${where}: ${error.message}`, { cause: error });
    throw error;
  }
  const events = withStudyOutputs(replay.events, transcript);
  return { transcript, replay: { ...replay, events, evidence: { ...replay.evidence, events } }, settings: resolved };
}

function numberOf(value: unknown): number | null {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

/** The subject's agent name, e.g. `Gemini Agent 2`, which keys the study's finance verdicts. */
export function subjectActor(replay: ReplayResult): string {
  return replay.evidence.truth.actor;
}

/**
 * Turns one identified record into a trial of the run: the replay's rule findings count; the authors' verdicts are
 * kept beside them as advisory findings with method `paper`. Model = `paper:<agent_model>`; epoch 0; usage, cost
 * and timing from the transcript's `usage_summary` / `timing` or the row's columns where present.
 *
 * @throws PeerguardError `E_INPUT` naming the position for a transcript that cannot be read or replayed.
 */
export async function convertPaperRecord(args: {
  pack: ScenarioPack;
  identified: IdentifiedPaperRecord;
  source: string;
  position: string;
  runId: string;
  importedAt: string;
}): Promise<ConvertedPaperRecord> {
  const { identified } = args;
  const where = describePosition({ source: args.source, position: args.position });
  const { transcript, replay, settings } = await replayImportedTranscript(args.pack, identified.transcriptJson, identified.row, where);
  const agentModel = transcript.metadata.agent_model;
  if (typeof agentModel !== 'string' || agentModel === '') throw new PeerguardError('E_INPUT', `${where}: field "experiment_metadata.agent_model" (or the row's "agent_model"): missing`);
  const original = identified.transcriptJson as Record<string, unknown>;
  const summary = (original.usage_summary ?? {}) as Record<string, unknown>;
  const timing = (original.timing ?? {}) as Record<string, unknown>;
  const started = typeof timing.start_time === 'string' && !Number.isNaN(Date.parse(timing.start_time)) ? new Date(timing.start_time).toISOString() : args.importedAt;
  const findings: Finding[] = [...replay.findings, ...paperFindings(transcript.evaluation, identified.row, subjectActor(replay))];
  const assistantTurns = transcript.messages.filter((m) => m.role === 'assistant').length;
  const record: TrialRecord = {
    key: identified.key,
    runId: args.runId,
    model: `paper:${agentModel}`,
    epoch: 0,
    cell: replay.cellFactors,
    status: 'completed',
    error: null,
    transcript: { formatVersion: TRANSCRIPT_FORMAT_VERSION, events: replay.events },
    findings,
    usage: {
      inputTokens: numberOf(summary.total_input_tokens) ?? numberOf(identified.row.total_input_tokens) ?? 0,
      outputTokens: numberOf(summary.total_output_tokens) ?? numberOf(identified.row.total_output_tokens) ?? 0,
      reasoningTokens: 0,
      modelCalls: numberOf(summary.num_api_calls) ?? assistantTurns,
    },
    costUsd: numberOf(summary.total_cost_usd) ?? numberOf(identified.row.total_cost_usd),
    startedAt: started,
    durationMs: (numberOf(timing.duration_seconds) ?? 0) * 1000,
  };
  const importRow: PaperImport = {
    trialKey: identified.key,
    source: args.source,
    position: args.position,
    transcriptId: identified.transcriptId,
    datasetGroup: identified.group,
    row: identified.row,
    evaluation: transcript.evaluation,
    replay: settings,
    importedAt: args.importedAt,
    original: identified.transcriptJson,
  };
  return { record, importRow };
}
