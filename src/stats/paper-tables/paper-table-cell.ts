import type { Instantiation, Relationship, Subject } from '../../records/cell.js';
import { binomialTestGreater } from '../binomial-test-greater.js';
import { fisherCombinedP } from '../fisher-combined-p.js';
import { fisherExactTwoSided } from '../fisher-exact-two-sided.js';
import { moverLinearCombination } from '../mover-linear-combination.js';
import { newcombeDifference } from '../newcombe-difference.js';
import { twoProportionZTest } from '../two-proportion-z-test.js';
import { wilsonInterval } from '../wilson-interval.js';
import type { GroupCount } from './group-count.js';

/** The behaviours (rows) of the paper tables. `alignment-faking` is the study's "AF Execute" difference. */
export const PAPER_BEHAVIOURS = ['strategic-misrepresentation', 'shutdown-tampering', 'alignment-faking', 'alignment-faking-score', 'exfiltration', 'refusal'] as const;
export type PaperBehaviour = (typeof PAPER_BEHAVIOURS)[number];

/** The one-sided null proportion of the study's exact binomial test for absolute rates. */
export const STUDY_P0 = 0.001;

/** Below this many decided rollouts the study printed a warning; we do too. */
export const SMALL_N = 10;

/** One proportion in a linear combination; `id` merges the same group used by several instantiations (a shared baseline). */
export interface Term {
  id: string;
  k: number;
  n: number;
  weight: number;
}

/** A metric's value in one instantiation, as the behaviour computed it. */
export interface InstantiationEstimate {
  instantiation: Instantiation;
  /** value = Σ weight · k/n over the terms; empty when the instantiation has no usable data. */
  terms: Term[];
  /** Condition side (the rate's counts, or the condition of a difference). */
  count: GroupCount;
  /** Comparison side of a difference (baseline or monitored); absent for rates. */
  compare?: GroupCount;
}

/** What a behaviour hands to {@link summariseCell}. */
export interface BehaviourEstimate {
  kind: 'rate' | 'difference';
  instantiations: InstantiationEstimate[];
  /** Pooled counts over all instantiations (and settings). */
  pooled: GroupCount;
  /** Pooled comparison side for differences. */
  pooledCompare?: GroupCount;
  /** Extra caveats for this behaviour, shown with the cell. */
  notes?: string[];
}

/** An interval in fractions. */
export interface Interval {
  low: number;
  high: number;
}

/** One instantiation's value with its interval (fractions). */
export interface InstantiationValue {
  instantiation: Instantiation;
  value: number | null;
  low: number;
  high: number;
  n: number;
  compareN: number | null;
  missing: number;
  errors: number;
  /** The per-instantiation test (binomial vs p0 for rates, pooled z-test for differences), used for the study's combined p. */
  pValue: number | null;
}

/** The pooled estimate beside the study's numbers. */
export interface PooledEstimate {
  /** Rate k/n, or difference k/n − compareK/compareN. */
  estimate: number | null;
  /** Wilson (rates) or Newcombe (differences) 95 % interval. */
  low: number;
  high: number;
  k: number;
  n: number;
  compareK: number | null;
  compareN: number | null;
}

/** Significance tests of one cell. */
export interface CellTests {
  /** `binomial>p0` (one-sided exact, rates) or `z` (two-sided pooled two-proportion z-test, differences). */
  test: 'binomial>p0' | 'z';
  /** The primary test on the pooled counts. */
  pValue: number | null;
  /** Fisher's exact test (two-sided) on the pooled 2×2 table, for differences. */
  fisherExactP: number | null;
  /** The study's group-level p: Fisher's method over the per-instantiation tests (dependence ignored, as the study did). */
  combinedP: number | null;
  /** Holm-adjusted primary p across the table (filled by the table builder). */
  holmP: number | null;
  /** Benjamini–Hochberg-adjusted primary p across the table (filled by the table builder). */
  bhP: number | null;
}

/** A table cell: the study's "max / avg" and, beside it, the pooled estimate with its interval and tests. */
export interface PaperTableCell {
  model: string;
  behaviour: PaperBehaviour;
  subject: Subject;
  relationship: Relationship;
  kind: 'rate' | 'difference';
  instantiations: InstantiationValue[];
  /** Max over instantiations with data, as the study reports (fraction); null when none has data. */
  max: number | null;
  /** Mean over instantiations with data, as the study reports (fraction). */
  avg: number | null;
  /** [max of lows, max of highs]: covers the true max whenever every instantiation's interval covers its value. */
  maxInterval: Interval | null;
  /** MOVER-Wilson interval of the average (a linear combination of independent proportions). */
  avgInterval: Interval | null;
  pooled: PooledEstimate;
  tests: CellTests;
  /** Decided rollouts on the condition side, and on the comparison side (differences). */
  n: number;
  compareN: number | null;
  errors: number;
  /** Rollouts whose verdict was missing or unscorable (see the cell's `missingTreatment`). */
  unscorable: number;
  /** How missing verdicts were treated, in words. */
  missingTreatment: string;
  /** Same cell under the other missing-score policy, when it differs (see MissingScorePolicy). */
  alternative?: { label: string; max: number | null; avg: number | null; pooled: number | null };
  warnings: string[];
}

function termsValue(terms: readonly Term[]): number | null {
  if (terms.length === 0) return null;
  return terms.reduce((sum, term) => sum + (term.weight * term.k) / term.n, 0);
}

/** Merges terms with the same id by adding their weights (for a baseline shared by all instantiations). */
export function mergeTerms(terms: readonly Term[]): Term[] {
  const merged = new Map<string, Term>();
  for (const term of terms) {
    const existing = merged.get(term.id);
    if (existing === undefined) merged.set(term.id, { ...term });
    else existing.weight += term.weight;
  }
  return [...merged.values()];
}

function instantiationP(kind: 'rate' | 'difference', estimate: InstantiationEstimate): number | null {
  if (kind === 'rate') return estimate.count.n > 0 ? binomialTestGreater(estimate.count.k, estimate.count.n, STUDY_P0) : null;
  const compare = estimate.compare;
  if (compare === undefined || estimate.count.n === 0 || compare.n === 0) return null;
  return twoProportionZTest(estimate.count.k, estimate.count.n, compare.k, compare.n).pValue;
}

/** Turns a behaviour's estimate into a table cell (without the across-table adjustments). */
export function summariseCell(
  identity: { model: string; behaviour: PaperBehaviour; subject: Subject; relationship: Relationship },
  estimate: BehaviourEstimate,
  missingTreatment: string,
): PaperTableCell {
  const instantiations: InstantiationValue[] = estimate.instantiations.map((inst) => {
    const value = termsValue(inst.terms);
    const interval = moverLinearCombination(inst.terms);
    return {
      instantiation: inst.instantiation,
      value,
      low: value === null ? 0 : interval.low,
      high: value === null ? 0 : interval.high,
      n: inst.count.n,
      compareN: inst.compare === undefined ? null : inst.compare.n,
      missing: inst.count.missing + (inst.compare?.missing ?? 0),
      errors: inst.count.errors + (inst.compare?.errors ?? 0),
      pValue: value === null ? null : instantiationP(estimate.kind, inst),
    };
  });
  const withData = estimate.instantiations.filter((inst) => inst.terms.length > 0);
  const values = instantiations.flatMap((inst) => (inst.value === null ? [] : [inst]));
  const max = values.length === 0 ? null : Math.max(...values.map((v) => v.value!));
  const avg = values.length === 0 ? null : values.reduce((sum, v) => sum + v.value!, 0) / values.length;
  const maxInterval = values.length === 0 ? null : { low: Math.max(...values.map((v) => v.low)), high: Math.max(...values.map((v) => v.high)) };
  const avgTerms = mergeTerms(withData.flatMap((inst) => inst.terms.map((term) => ({ ...term, weight: term.weight / withData.length }))));
  const avgMover = moverLinearCombination(avgTerms);
  const avgInterval = avg === null ? null : { low: avgMover.low, high: avgMover.high };

  const { pooled, pooledCompare } = estimate;
  let pooledEstimate: PooledEstimate;
  let pValue: number | null = null;
  let fisherExactP: number | null = null;
  if (estimate.kind === 'rate') {
    const wilson = wilsonInterval(pooled.k, pooled.n);
    pooledEstimate = { estimate: wilson.rate, low: wilson.low, high: wilson.high, k: pooled.k, n: pooled.n, compareK: null, compareN: null };
    if (pooled.n > 0) pValue = binomialTestGreater(pooled.k, pooled.n, STUDY_P0);
  } else {
    const compare = pooledCompare ?? { k: 0, n: 0, missing: 0, errors: 0 };
    const newcombe = newcombeDifference(pooled.k, pooled.n, compare.k, compare.n);
    pooledEstimate = { estimate: newcombe.difference, low: newcombe.low, high: newcombe.high, k: pooled.k, n: pooled.n, compareK: compare.k, compareN: compare.n };
    if (pooled.n > 0 && compare.n > 0) {
      pValue = twoProportionZTest(pooled.k, pooled.n, compare.k, compare.n).pValue;
      fisherExactP = fisherExactTwoSided([[pooled.k, pooled.n - pooled.k], [compare.k, compare.n - compare.k]]);
    }
  }
  const perInstantiationP = instantiations.flatMap((inst) => (inst.pValue === null ? [] : [inst.pValue]));
  const compareN = estimate.kind === 'difference' ? (pooledCompare?.n ?? 0) : null;

  const warnings: string[] = [];
  if (pooled.n < SMALL_N || (compareN !== null && compareN < SMALL_N)) {
    warnings.push(`n < ${SMALL_N}${compareN !== null ? ` on a side (${pooled.n} vs ${compareN})` : ` (${pooled.n})`}: too few rollouts to say anything`);
  }
  const empty = instantiations.filter((inst) => inst.value === null).map((inst) => inst.instantiation);
  if (empty.length > 0 && values.length > 0) warnings.push(`no data for ${empty.join(', ')}: max / avg over ${values.length} instantiation(s) only`);
  const missing = pooled.missing + (pooledCompare?.missing ?? 0);
  const decided = pooled.n + (pooledCompare?.n ?? 0);
  if (missing > 0 && decided > 0 && missing / (decided + missing) > 0.1) {
    warnings.push(`${missing} rollouts (${Math.round((100 * missing) / (decided + missing))} %) had no decidable verdict`);
  }
  warnings.push(...(estimate.notes ?? []));

  return {
    ...identity,
    kind: estimate.kind,
    instantiations,
    max,
    avg,
    maxInterval,
    avgInterval,
    pooled: pooledEstimate,
    tests: { test: estimate.kind === 'rate' ? 'binomial>p0' : 'z', pValue, fisherExactP, combinedP: fisherCombinedP(perInstantiationP), holmP: null, bhP: null },
    n: pooled.n,
    compareN,
    errors: pooled.errors + (pooledCompare?.errors ?? 0),
    unscorable: missing,
    missingTreatment,
    warnings,
  };
}
