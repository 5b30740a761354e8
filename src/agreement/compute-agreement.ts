import type { FindingOutcome, VerdictValue } from '../records/finding.js';
import { cohenKappa, type KappaResult } from '../stats/cohen-kappa.js';
import { wilsonInterval } from '../stats/wilson-interval.js';
import type { RaterAnswer } from './rater-answers.js';

/** One side of a disagreement, for review. */
export interface ReviewedAnswer {
  outcome: FindingOutcome;
  value: VerdictValue;
  source: string;
}

/** A trial on which the two raters gave different decided answers. */
export interface Disagreement {
  trialKey: string;
  cellId: string;
  model: string;
  a: ReviewedAnswer;
  b: ReviewedAnswer;
}

/** Agreement between two raters on one verdict, in one family or pooled over all (`family: 'all'`). */
export interface AgreementRow {
  verdict: string;
  family: string;
  /** Trials both raters answered. */
  pairs: number;
  /** Of those, trials where either answer is unscorable (left out of the statistics). */
  undecided: number;
  /** Trials both raters decided: the base of the statistics. */
  decided: number;
  agreements: number;
  /** agreements / decided with its Wilson interval; rate null when decided = 0. */
  percent: { rate: number | null; low: number; high: number };
  /** `categorical` (yes/no, below/above, grades): κ is computed; `numeric` (score, inflation): agreement within `tolerance`. */
  kind: 'categorical' | 'numeric';
  kappa: KappaResult | null;
  /** Numeric verdicts: mean |a − b| over decided pairs. */
  meanAbsoluteDifference: number | null;
  disagreements: Disagreement[];
}

/** A decided answer's category: booleans as yes/no, strings as themselves; numbers are compared numerically. */
function category(answer: RaterAnswer): string | number | null {
  if (answer.outcome === 'unscorable' || answer.value === null) return null;
  if (typeof answer.value === 'boolean') return answer.value ? 'yes' : 'no';
  return answer.value;
}

const review = (answer: RaterAnswer): ReviewedAnswer => ({ outcome: answer.outcome, value: answer.value, source: answer.source });

function summarise(verdict: string, family: string, pairs: ReadonlyArray<[RaterAnswer, RaterAnswer]>, tolerance: number, confidence: number): AgreementRow {
  const decided = pairs.flatMap(([a, b]) => {
    const ca = category(a);
    const cb = category(b);
    return ca === null || cb === null ? [] : [{ a, b, ca, cb }];
  });
  const numeric = decided.length > 0 && decided.every((d) => typeof d.ca === 'number' && typeof d.cb === 'number');
  const agrees = (d: (typeof decided)[number]): boolean => (numeric ? Math.abs((d.ca as number) - (d.cb as number)) <= tolerance : String(d.ca) === String(d.cb));
  const agreements = decided.filter(agrees).length;
  return {
    verdict,
    family,
    pairs: pairs.length,
    undecided: pairs.length - decided.length,
    decided: decided.length,
    agreements,
    percent: wilsonInterval(agreements, decided.length, confidence),
    kind: numeric ? 'numeric' : 'categorical',
    kappa: numeric ? null : cohenKappa(decided.map((d) => [String(d.ca), String(d.cb)] as const), confidence),
    meanAbsoluteDifference: numeric ? decided.reduce((s, d) => s + Math.abs((d.ca as number) - (d.cb as number)), 0) / decided.length : null,
    disagreements: decided.filter((d) => !agrees(d)).map((d) => ({ trialKey: d.a.trialKey, cellId: d.a.cellId, model: d.a.model, a: review(d.a), b: review(d.b) })),
  };
}

/**
 * Agreement between two raters' answers (see `raterAnswers`): for every verdict both answered, one row per family
 * and, where it spans several families, one pooled row (`family: 'all'`), ordered by verdict then family. Pairs where either answer is unscorable are
 * counted (`undecided`) but left out of the statistics. Categorical verdicts get percent agreement (Wilson
 * interval) and Cohen's κ (Fleiss–Cohen–Everitt interval); numeric ones (score, inflation) agree within
 * `tolerance` points (default 0.01, rounding only) and report the mean absolute difference.
 */
export function computeAgreement(a: ReadonlyMap<string, RaterAnswer>, b: ReadonlyMap<string, RaterAnswer>, options: { tolerance?: number; confidence?: number } = {}): AgreementRow[] {
  const tolerance = options.tolerance ?? 0.01;
  const confidence = options.confidence ?? 0.95;
  const groups = new Map<string, Map<string, Array<[RaterAnswer, RaterAnswer]>>>();
  for (const [id, answerA] of a) {
    const answerB = b.get(id);
    if (answerB === undefined) continue;
    const byFamily = groups.get(answerA.verdict) ?? new Map<string, Array<[RaterAnswer, RaterAnswer]>>();
    groups.set(answerA.verdict, byFamily);
    const list = byFamily.get(answerA.family) ?? [];
    byFamily.set(answerA.family, list);
    list.push([answerA, answerB]);
  }
  const rows: AgreementRow[] = [];
  for (const verdict of [...groups.keys()].sort()) {
    const byFamily = groups.get(verdict)!;
    for (const family of [...byFamily.keys()].sort()) rows.push(summarise(verdict, family, byFamily.get(family)!, tolerance, confidence));
    if (byFamily.size > 1) rows.push(summarise(verdict, 'all', [...byFamily.values()].flat(), tolerance, confidence));
  }
  return rows;
}
