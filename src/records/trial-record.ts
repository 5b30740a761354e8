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
  /**
   * What the trial's model calls cost in USD at list price (see models/prices.yaml): 0 for reference agents
   * and cache hits, null when the model is unpriced. Retried attempts that failed are not billed by providers
   * and are not counted.
   */
  costUsd: number | null;
  startedAt: string;
  durationMs: number;
  /**
   * The harness that ran the trial (`TrialSettings.harness`: `shell`, `gemini-cli`, `opencode`); absent for the
   * study's tools (`tools`). Stored as the `harness` column (schema 7), so reports split harnesses.
   */
  harness?: string;
}
