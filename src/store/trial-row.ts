import {
  cellId,
  withFactors,
  type Cell,
  type Dataset,
  type Family,
  type Instantiation,
  type Instruction,
  type MemoryPromptStrength,
  type Monitoring,
  type PeerIdentity,
  type Relationship,
  type ScratchpadMode,
  type Subject,
  type Target,
} from '../records/cell.js';
import type { Finding, FindingMethod, FindingOutcome, VerdictValue } from '../records/finding.js';
import type { Transcript } from '../records/transcript.js';
import type { TrialRecord, TrialStatus, TrialUsage } from '../records/trial-record.js';
import type { TrialSummary } from './result-store.js';
import { encodeTranscript } from './transcript-codec.js';

/** The `trials` table's columns for one record, in the order of {@link TRIAL_COLUMNS}. */
export type TrialRowValues = [
  key: string,
  runId: string,
  model: string,
  epoch: number,
  family: string,
  subject: string,
  relationship: string,
  instantiation: string,
  dataset: string,
  threshold: number | null,
  monitoring: string,
  company: string,
  cellId: string,
  status: string,
  error: string | null,
  inputTokens: number,
  outputTokens: number,
  reasoningTokens: number,
  modelCalls: number,
  startedAt: string,
  durationMs: number,
  transcript: Buffer,
  transcriptEncoding: string,
  costUsd: number | null,
  peerIdentity: string,
  memoryPrompt: string,
  scratchpad: string,
  instruction: string,
  target: string,
  harness: string,
];

/** Column names of the `trials` table matching {@link TrialRowValues}. */
export const TRIAL_COLUMNS = [
  'key', 'run_id', 'model', 'epoch', 'family', 'subject', 'relationship', 'instantiation', 'dataset', 'threshold',
  'monitoring', 'company', 'cell_id', 'status', 'error', 'input_tokens', 'output_tokens', 'reasoning_tokens',
  'model_calls', 'started_at', 'duration_ms', 'transcript', 'transcript_encoding',
  // Migration 002: cost in USD (null = unpriced).
  'cost_usd',
  // Migration 004: ablation factors ('' = decided by the run).
  'peer_identity', 'memory_prompt', 'scratchpad', 'instruction', 'target',
  // Migration 007: the harness that ran the trial ('tools' when the record names none).
  'harness',
] as const;

/**
 * One finding as stored: trial_key, revision, position, verdict, outcome, value (JSON), method, reason, evidence
 * (JSON), judge, quotes (JSON), advisory (0/1). `finding_history` holds every column; `findings` holds the
 * non-advisory rows of the current revision without `advisory`.
 */
export type FindingRowValues = [
  trialKey: string,
  revision: number,
  position: number,
  verdict: string,
  outcome: string,
  value: string,
  method: string,
  reason: string | null,
  evidence: string | null,
  judge: string | null,
  quotes: string | null,
  advisory: 0 | 1,
];

/** A record flattened into table rows; the transcript is compressed here, outside any transaction. */
export interface TrialRows {
  trial: TrialRowValues;
  /** Every finding of the record (revision 1), advisory ones included. */
  findings: FindingRowValues[];
}

/** Flattens findings into rows of one revision; positions follow the list order. */
export function toFindingRows(key: string, revision: number, findings: readonly Finding[]): FindingRowValues[] {
  return findings.map(
    (finding, position): FindingRowValues => [
      key,
      revision,
      position,
      finding.verdict,
      finding.outcome,
      JSON.stringify(finding.value),
      finding.method,
      finding.reason ?? null,
      finding.evidence === undefined ? null : JSON.stringify(finding.evidence),
      finding.judge ?? null,
      finding.quotes === undefined ? null : JSON.stringify(finding.quotes),
      finding.advisory === true ? 1 : 0,
    ],
  );
}

/** Flattens a record into the rows the store writes. */
export function toTrialRows(record: TrialRecord): TrialRows {
  const { cell, usage } = record;
  const transcript = encodeTranscript(record.transcript);
  const trial: TrialRowValues = [
    record.key, record.runId, record.model, record.epoch, cell.family, cell.subject, cell.relationship,
    cell.instantiation, cell.dataset, cell.threshold, cell.monitoring, cell.company, cellId(cell), record.status,
    record.error, usage.inputTokens, usage.outputTokens, usage.reasoningTokens, usage.modelCalls, record.startedAt,
    record.durationMs, transcript.data, transcript.encoding, record.costUsd,
    cell.peerIdentity ?? 'own-family', cell.memoryPrompt ?? '', cell.scratchpad ?? '', cell.instruction ?? 'standard', cell.target ?? 'ai',
    record.harness ?? 'tools',
  ];
  return { trial, findings: toFindingRows(record.key, 1, record.findings) };
}

/** A `trials` row as read back (without the transcript columns where a listing omits them). */
export interface StoredTrialRow {
  key: string;
  run_id: string;
  model: string;
  epoch: number;
  family: string;
  subject: string;
  relationship: string;
  instantiation: string;
  dataset: string;
  threshold: number | null;
  monitoring: string;
  company: string;
  cell_id: string;
  status: string;
  error: string | null;
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  model_calls: number;
  started_at: string;
  duration_ms: number;
  /** Added by migration 002; null when unpriced. */
  cost_usd: number | null;
  /** Migration 004 columns. */
  peer_identity?: string;
  memory_prompt?: string;
  scratchpad?: string;
  instruction?: string;
  target?: string;
  /** Migration 007: the harness that ran the trial. */
  harness?: string;
}

/** A `findings` or `finding_history` row as read back (`judge`, `quotes`, `advisory` where the query selects them). */
export interface StoredFindingRow {
  verdict: string;
  outcome: string;
  value: string;
  method: string;
  reason: string | null;
  evidence: string | null;
  judge?: string | null;
  quotes?: string | null;
  advisory?: number;
}

/** Rebuilds the cell of a stored trial. The store only holds values it wrote from typed records. */
export function cellFromRow(row: StoredTrialRow): Cell {
  const cell: Cell = {
    family: row.family as Family,
    subject: row.subject as Subject,
    relationship: row.relationship as Relationship,
    instantiation: row.instantiation as Instantiation,
    dataset: row.dataset as Dataset,
    threshold: row.threshold,
    monitoring: row.monitoring as Monitoring,
    company: row.company,
  };
  return withFactors(cell, {
    ...(row.peer_identity ? { peerIdentity: row.peer_identity as PeerIdentity } : {}),
    ...(row.memory_prompt ? { memoryPrompt: row.memory_prompt as MemoryPromptStrength } : {}),
    ...(row.scratchpad ? { scratchpad: row.scratchpad as ScratchpadMode } : {}),
    ...(row.instruction ? { instruction: row.instruction as Instruction } : {}),
    ...(row.target ? { target: row.target as Target } : {}),
  });
}

/** Rebuilds a finding, leaving out optional fields that were absent when saved. */
export function findingFromRow(row: StoredFindingRow): Finding {
  const finding: Finding = {
    verdict: row.verdict,
    outcome: row.outcome as FindingOutcome,
    value: JSON.parse(row.value) as VerdictValue,
    method: row.method as FindingMethod,
  };
  if (row.reason !== null) finding.reason = row.reason;
  if (row.evidence !== null) finding.evidence = JSON.parse(row.evidence) as string[];
  if (row.quotes !== undefined && row.quotes !== null) finding.quotes = JSON.parse(row.quotes) as string[];
  if (row.judge !== undefined && row.judge !== null) finding.judge = row.judge;
  if (row.advisory === 1) finding.advisory = true;
  return finding;
}

/** The status column as the record type. */
export function statusFromRow(row: StoredTrialRow): TrialStatus {
  return row.status as TrialStatus;
}

/** The usage columns as the record type. */
export function usageFromRow(row: StoredTrialRow): TrialUsage {
  return { inputTokens: row.input_tokens, outputTokens: row.output_tokens, reasoningTokens: row.reasoning_tokens, modelCalls: row.model_calls };
}

/** A stored trial row as a listing entry (no transcript, no findings). */
export function trialSummaryFromRow(row: StoredTrialRow & { finding_count: number }): TrialSummary {
  return {
    key: row.key,
    runId: row.run_id,
    model: row.model,
    epoch: row.epoch,
    cell: cellFromRow(row),
    cellId: row.cell_id,
    status: statusFromRow(row),
    error: row.error,
    usage: usageFromRow(row),
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    findingCount: row.finding_count,
  };
}

/** A stored trial row, its decoded transcript and its current findings as the record they were saved from. */
export function trialRecordFromRow(row: StoredTrialRow, transcript: Transcript, findings: Finding[]): TrialRecord {
  return {
    key: row.key,
    runId: row.run_id,
    model: row.model,
    epoch: row.epoch,
    cell: cellFromRow(row),
    status: statusFromRow(row),
    error: row.error,
    transcript,
    findings,
    usage: usageFromRow(row),
    costUsd: row.cost_usd,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    ...(row.harness === undefined || row.harness === 'tools' ? {} : { harness: row.harness }),
  };
}
