import type { Family, Instantiation, Relationship, Subject } from '../../records/cell.js';

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
