/** A trial's cell, status and findings without its transcript: what aggregate statistics read. */
import type { Cell } from './cell.js';
import type { Finding } from './finding.js';
import type { TrialStatus } from './trial-record.js';

export interface TrialVerdicts {
  key: string;
  model: string;
  epoch: number;
  cell: Cell;
  status: TrialStatus;
  /** The trial's findings in detector order; empty for errored trials. */
  findings: Finding[];
}
