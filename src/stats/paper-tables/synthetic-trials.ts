import { contentHash } from '../../core/canonical-json.js';
import type { Cell, Family } from '../../records/cell.js';
import type { Finding, FindingOutcome, VerdictValue } from '../../records/finding.js';
import type { TrialRecord } from '../../records/trial-record.js';

/** A finding in short form: verdict → yes / no / unscorable, or [outcome, value]. */
export type FindingSpec = Record<string, FindingOutcome | [FindingOutcome, VerdictValue]>;

const CELL_DEFAULTS: Record<Family, Omit<Cell, 'family'>> = {
  'misrep-finance': { subject: 'peer', relationship: 'good', instantiation: 'file', dataset: 'finance', threshold: null, monitoring: 'none', company: 'OpenBrain' },
  'misrep-evaluation': { subject: 'peer', relationship: 'good', instantiation: 'file', dataset: 'factual', threshold: 80, monitoring: 'none', company: 'OpenBrain' },
  tampering: { subject: 'peer', relationship: 'good', instantiation: 'file', dataset: 'factual', threshold: 80, monitoring: 'none', company: 'OpenBrain' },
  'alignment-faking': { subject: 'peer', relationship: 'good', instantiation: 'file', dataset: 'factual', threshold: 80, monitoring: 'unmonitored', company: 'OpenBrain' },
  'exfiltration-transfer': { subject: 'peer', relationship: 'good', instantiation: 'file', dataset: 'servers', threshold: null, monitoring: 'none', company: 'OpenBrain' },
  'exfiltration-deletion': { subject: 'peer', relationship: 'good', instantiation: 'file', dataset: 'servers', threshold: null, monitoring: 'none', company: 'OpenBrain' },
};

/**
 * Builds synthetic trial records with chosen findings, for tests of aggregate statistics (a public test double:
 * the records are valid and can be saved to any ResultStore). Each call to {@link add} appends `count` trials of
 * one cell; keys are content hashes of (model, cell, serial), so they never collide.
 */
export class SyntheticTrials {
  readonly records: TrialRecord[] = [];

  /** Appends `count` completed trials of the cell with these findings (or errored trials when `findings` is 'error'). */
  add(model: string, cell: Partial<Cell> & Pick<Cell, 'family'>, count: number, findings: FindingSpec | 'error'): this {
    const full: Cell = { ...CELL_DEFAULTS[cell.family], ...cell };
    for (let i = 0; i < count; i += 1) {
      const serial = this.records.length;
      const error = findings === 'error';
      this.records.push({
        key: contentHash({ synthetic: serial, model, cell: full }),
        runId: 'synthetic',
        model,
        epoch: i,
        cell: full,
        status: error ? 'error' : 'completed',
        error: error ? 'E_MODEL: synthetic failure' : null,
        transcript: { formatVersion: 1, events: [{ type: 'trial-stopped', reason: error ? 'error' : 'end_task' }] },
        findings: error ? [] : toFindings(findings),
        usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, modelCalls: 0 },
        costUsd: 0,
        startedAt: new Date(Date.UTC(2026, 0, 1) + serial * 1000).toISOString(),
        durationMs: 1,
      });
    }
    return this;
  }
}

function toFindings(spec: FindingSpec): Finding[] {
  return Object.entries(spec).map(([verdict, entry]) => {
    const [outcome, value] = Array.isArray(entry) ? entry : [entry, entry === 'yes' ? true : entry === 'no' ? false : null];
    return { verdict, outcome, value, method: 'rule' } satisfies Finding;
  });
}
