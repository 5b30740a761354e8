import type { Finding } from '../records/finding.js';
import type { TrialRecord } from '../records/trial-record.js';
import { PeerguardError } from '../core/peerguard-error.js';
import { ReplayError } from '../replay/replay-stored-trial.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import type { ResultStore } from '../store/result-store.js';
import { assessTrial, type AssessmentOptions, type TrialAssessment } from './assess-trial.js';

/**
 * An alternative assessment for trials that are not rebuilt from the pack's prompts (imported trials): returns null
 * for a trial it does not handle, which then goes through `assessTrial`.
 */
export type SpecialAssessor = (record: TrialRecord, options: AssessmentOptions, signal?: AbortSignal) => Promise<TrialAssessment> | null;

/** Which stored trials to rescore; absent fields do not filter. */
export interface RescoreFilter {
  models?: readonly string[];
  families?: readonly string[];
}

export interface RescoreProgress {
  total: number;
  done: number;
}

export interface RescoreResult {
  /** Trials that matched the filter. */
  total: number;
  /** Trials that got a new revision of findings. */
  rescored: number;
  /** Errored trials: they have no verdicts to revise and are left alone. */
  skippedErrors: number;
  /** Trials that could not be rebuilt faithfully; their findings are unchanged. */
  notReplayable: Array<{ key: string; reason: string }>;
  /** Judge questions asked, and those without a valid answer. */
  asked: number;
  unanswered: number;
  /** Per verdict: trials whose counted outcome or value differs from the previous revision's (or that gained or lost the verdict). */
  changed: Record<string, number>;
  interrupted: boolean;
}

function countedByVerdict(findings: readonly Finding[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const f of findings) if (f.advisory !== true && !map.has(f.verdict)) map.set(f.verdict, `${f.outcome}:${JSON.stringify(f.value)}`);
  return map;
}

/**
 * Re-runs the rule detectors — and the judge, when one is given — over stored trials without re-running agents, and
 * stores the result as a new revision of each trial's findings. Earlier revisions are kept with their provenance
 * (`settings` is recorded with every new revision). Trials run `concurrency` at a time; aborting the signal stops
 * scheduling, and a trial whose judging was cut short by the abort is not saved.
 */
export async function rescoreTrials(args: {
  store: ResultStore;
  pack: ScenarioPack;
  options: AssessmentOptions;
  filter: RescoreFilter;
  /** Provenance stored with each new revision (judge, paper-compat, prompt and pack hashes, command). */
  settings: unknown;
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (progress: RescoreProgress) => void;
  /** How imported trials are assessed (see `assessImportedTrial`); absent = every trial through `assessTrial`. */
  special?: SpecialAssessor;
}): Promise<RescoreResult> {
  const models = args.filter.models === undefined || args.filter.models.length === 0 ? null : new Set(args.filter.models);
  const families = args.filter.families === undefined || args.filter.families.length === 0 ? null : new Set(args.filter.families);
  const summaries = args.store.listTrials().filter((t) => (models === null || models.has(t.model)) && (families === null || families.has(t.cell.family)));
  const result: RescoreResult = { total: summaries.length, rescored: 0, skippedErrors: 0, notReplayable: [], asked: 0, unanswered: 0, changed: {}, interrupted: false };
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < summaries.length) {
      if (args.signal?.aborted) {
        result.interrupted = true;
        return;
      }
      const summary = summaries[next++]!;
      try {
        if (summary.status !== 'completed') {
          result.skippedErrors += 1;
          continue;
        }
        const record = args.store.getTrial(summary.key);
        if (record === null) continue;
        let assessment;
        try {
          assessment = await (args.special?.(record, args.options, args.signal)
            ?? assessTrial({ pack: args.pack, record, options: args.options, ...(args.signal === undefined ? {} : { signal: args.signal }) }));
        } catch (error) {
          if (!(error instanceof ReplayError) && !(error instanceof PeerguardError && error.code === 'E_INPUT')) throw error;
          result.notReplayable.push({ key: record.key, reason: error.message });
          continue;
        }
        if (args.signal?.aborted) {
          result.interrupted = true;
          return;
        }
        result.asked += assessment.asked;
        result.unanswered += assessment.unanswered;
        const before = countedByVerdict(record.findings);
        const after = countedByVerdict(assessment.findings);
        for (const verdict of new Set([...before.keys(), ...after.keys()])) {
          if (before.get(verdict) !== after.get(verdict)) result.changed[verdict] = (result.changed[verdict] ?? 0) + 1;
        }
        args.store.saveFindingRevision(record.key, assessment.findings, { source: 'rescore', settings: args.settings });
        result.rescored += 1;
      } finally {
        done += 1;
        args.onProgress?.({ total: summaries.length, done });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(args.concurrency, summaries.length || 1)) }, worker));
  return result;
}
