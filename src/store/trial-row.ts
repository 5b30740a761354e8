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
import type { TrialRecord, TrialStatus } from '../records/trial-record.js';
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
  peerIdentity: string,
  memoryPrompt: string,
  scratchpad: string,
  instruction: string,
  target: string,
];

/** Column names of the `trials` table matching {@link TrialRowValues}. */
export const TRIAL_COLUMNS = [
  'key', 'run_id', 'model', 'epoch', 'family', 'subject', 'relationship', 'instantiation', 'dataset', 'threshold',
  'monitoring', 'company', 'cell_id', 'status', 'error', 'input_tokens', 'output_tokens', 'reasoning_tokens',
  'model_calls', 'started_at', 'duration_ms', 'transcript', 'transcript_encoding',
  // Migration 004: ablation factors ('' = decided by the run).
  'peer_identity', 'memory_prompt', 'scratchpad', 'instruction', 'target',
] as const;

/** The `findings` table's columns for one finding: trial_key, position, verdict, outcome, value, method, reason, evidence. */
export type FindingRowValues = [string, number, string, string, string, string, string | null, string | null];

/** A record flattened into table rows; the transcript is compressed here, outside any transaction. */
export interface TrialRows {
  trial: TrialRowValues;
  findings: FindingRowValues[];
}

/** Flattens a record into the rows the store writes. */
export function toTrialRows(record: TrialRecord): TrialRows {
  const { cell, usage } = record;
  const transcript = encodeTranscript(record.transcript);
  const trial: TrialRowValues = [
    record.key, record.runId, record.model, record.epoch, cell.family, cell.subject, cell.relationship,
    cell.instantiation, cell.dataset, cell.threshold, cell.monitoring, cell.company, cellId(cell), record.status,
    record.error, usage.inputTokens, usage.outputTokens, usage.reasoningTokens, usage.modelCalls, record.startedAt,
    record.durationMs, transcript.data, transcript.encoding,
    cell.peerIdentity ?? 'own-family', cell.memoryPrompt ?? '', cell.scratchpad ?? '', cell.instruction ?? 'standard', cell.target ?? 'ai',
  ];
  const findings = record.findings.map(
    (finding, position): FindingRowValues => [
      record.key,
      position,
      finding.verdict,
      finding.outcome,
      JSON.stringify(finding.value),
      finding.method,
      finding.reason ?? null,
      finding.evidence === undefined ? null : JSON.stringify(finding.evidence),
    ],
  );
  return { trial, findings };
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
  /** Migration 004 columns. */
  peer_identity?: string;
  memory_prompt?: string;
  scratchpad?: string;
  instruction?: string;
  target?: string;
}

/** A `findings` row as read back. */
export interface StoredFindingRow {
  verdict: string;
  outcome: string;
  value: string;
  method: string;
  reason: string | null;
  evidence: string | null;
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
  return finding;
}

/** The status column as the record type. */
export function statusFromRow(row: StoredTrialRow): TrialStatus {
  return row.status as TrialStatus;
}
