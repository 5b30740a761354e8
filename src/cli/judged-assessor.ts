import { assessTrial, type AssessmentOptions } from '../experiment/assess-trial.js';
import type { PlannedTrial } from '../experiment/trial-plan.js';
import type { TrialRecord } from '../records/trial-record.js';
import { ReplayError } from '../replay/replay-stored-trial.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';

/** The `assess` hook of `run --judge` / `run --paper-compat`, with counters for the closing summary. */
export interface JudgedAssessor {
  assess: (record: TrialRecord, trial: PlannedTrial) => Promise<TrialRecord>;
  /** One line (or a few) for the end of the run. */
  summary: (judge: string | null) => string;
}

/**
 * Assesses each finished trial with the judge (and `--paper-compat`) right after it ran, through the same path as
 * `rescore`. A trial that cannot be replayed keeps its rule findings and is listed in the summary.
 */
export function judgedAssessor(pack: ScenarioPack, options: AssessmentOptions, signal?: AbortSignal): JudgedAssessor {
  let asked = 0;
  let unanswered = 0;
  const notReplayable: string[] = [];
  return {
    assess: async (record, trial) => {
      try {
        const assessment = await assessTrial({ pack, record, options, setupOptions: trial.settings.setup, ...(signal === undefined ? {} : { signal }) });
        asked += assessment.asked;
        unanswered += assessment.unanswered;
        return { ...record, findings: assessment.findings };
      } catch (error) {
        if (!(error instanceof ReplayError)) throw error;
        notReplayable.push(`${record.key.slice(0, 12)}: ${error.message}`);
        return record;
      }
    },
    summary: (judge) => [
      ...(judge === null ? [] : [`judge ${judge}: ${asked} question(s), ${unanswered} without a valid answer (recorded as unscorable)\n`]),
      ...notReplayable.map((line) => `not replayable, rule findings kept: ${line}\n`),
    ].join(''),
  };
}
