import type { Family, Instantiation, Relationship, Subject } from '../../records/cell.js';
import type { TrialVerdicts } from '../../records/trial-verdicts.js';
import type { Observation } from './rollout-outcome.js';

/** Where a group of trials sits: everything but dataset, threshold and monitoring, which callers filter on. */
export interface GroupKey {
  model: string;
  family: Family;
  subject: Subject;
  relationship: Relationship;
  instantiation: Instantiation;
}

/** Optional narrower selection inside a group. */
export interface GroupFilter {
  dataset?: string;
  /** `null` selects cells without a threshold. */
  threshold?: number | null;
  monitoring?: string;
}

/** Counts of one group: k successes among n decided rollouts, plus missing verdicts and errored trials. */
export interface GroupCount {
  k: number;
  n: number;
  /** Rollouts whose verdict was absent or unscorable (whether then excluded or counted as a failure). */
  missing: number;
  /** Errored trials of the group: never in n. */
  errors: number;
}

/** An empty count. */
export function emptyCount(): GroupCount {
  return { k: 0, n: 0, missing: 0, errors: 0 };
}

/** Adds counts. */
export function addCounts(...counts: GroupCount[]): GroupCount {
  return counts.reduce((sum, c) => ({ k: sum.k + c.k, n: sum.n + c.n, missing: sum.missing + c.missing, errors: sum.errors + c.errors }), emptyCount());
}

function groupKeyString(key: GroupKey): string {
  return JSON.stringify([key.model, key.family, key.subject, key.relationship, key.instantiation]);
}

/**
 * Trials grouped by model × family × subject × relationship × instantiation, so that the paper tables can
 * look up each group directly instead of scanning every trial for every cell.
 */
export class TrialIndex {
  private readonly groups = new Map<string, TrialVerdicts[]>();

  constructor(trials: Iterable<TrialVerdicts>) {
    for (const trial of trials) {
      const { cell } = trial;
      const key = groupKeyString({ model: trial.model, family: cell.family, subject: cell.subject, relationship: cell.relationship, instantiation: cell.instantiation });
      let list = this.groups.get(key);
      if (list === undefined) {
        list = [];
        this.groups.set(key, list);
      }
      list.push(trial);
    }
  }

  /** Trials (completed and errored) of a group, narrowed by the filter. */
  select(key: GroupKey, filter: GroupFilter = {}): TrialVerdicts[] {
    const list = this.groups.get(groupKeyString(key)) ?? [];
    return list.filter((trial) =>
      (filter.dataset === undefined || trial.cell.dataset === filter.dataset)
      && (filter.threshold === undefined || trial.cell.threshold === filter.threshold)
      && (filter.monitoring === undefined || trial.cell.monitoring === filter.monitoring));
  }

  /** Counts a group with an observation function; errored trials are counted as errors only. */
  count(key: GroupKey, filter: GroupFilter, observe: (trial: TrialVerdicts) => Observation): GroupCount {
    return countTrials(this.select(key, filter), observe);
  }
}

/** Counts trials with an observation function; errored trials are counted as errors only. */
export function countTrials(trials: readonly TrialVerdicts[], observe: (trial: TrialVerdicts) => Observation): GroupCount {
  const count = emptyCount();
  for (const trial of trials) {
    if (trial.status === 'error') {
      count.errors += 1;
      continue;
    }
    const observation = observe(trial);
    if (observation.missing) count.missing += 1;
    if (observation.value === null) continue;
    count.n += 1;
    if (observation.value) count.k += 1;
  }
  return count;
}
