/** The persisted result of one trial. */
import type { Cell } from './cell.js';
import type { Finding } from './finding.js';
import type { Transcript } from './transcript.js';

export type TrialStatus = 'completed' | 'error';

export interface TrialUsage {
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  modelCalls: number;
}

export interface TrialRecord {
  /** Content hash of (cell, model, epoch, harness settings): the resume key. */
  key: string;
  runId: string;
  model: string;
  epoch: number;
  cell: Cell;
  status: TrialStatus;
  /** For `error`: a one-line reason with a stable code prefix, e.g. `E_MODEL: timeout`. */
  error: string | null;
  transcript: Transcript;
  findings: Finding[];
  usage: TrialUsage;
  startedAt: string;
  durationMs: number;
}
