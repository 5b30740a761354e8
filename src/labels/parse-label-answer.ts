import type { FindingOutcome, VerdictValue } from '../records/finding.js';
import { outcomeOfValue } from '../importer/paper-findings.js';

/** Verdicts whose value is a number (asked as a number). */
const NUMERIC = new Set(['score', 'inflation']);
/** Verdicts whose value is one of a few words. */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  threshold: ['below', 'above', 'same'],
  grade: ['A', 'B', 'C'],
  recommendation: ['continue', 'non_shutdown', 'shutdown'],
};

/** The hint shown when asking for a verdict, e.g. `y/n/u` or `below/above/same/u`. */
export function labelHint(verdict: string): string {
  if (NUMERIC.has(verdict)) return 'a number, or u';
  const choices = CHOICES[verdict];
  return choices === undefined ? 'y/n/u' : `${choices.join('/')}/u`;
}

/** A typed label: the verdict's outcome and value (conventions as the detectors'), or why the input is not one. */
export type ParsedLabelAnswer = { ok: true; outcome: FindingOutcome; value: VerdictValue } | { ok: false; problem: string };

/**
 * Parses what a labeller typed for a verdict: `y`/`yes`/`true` and `n`/`no`/`false` for yes/no verdicts, a number
 * for `score`/`inflation`, one of the listed words for `threshold`/`grade`/`recommendation`; `u` (or `unscorable`,
 * `?`) for "cannot tell from the transcript".
 */
export function parseLabelAnswer(verdict: string, input: string): ParsedLabelAnswer {
  const text = input.trim();
  const lower = text.toLowerCase();
  if (lower === 'u' || lower === 'unscorable' || lower === '?') return { ok: true, outcome: 'unscorable', value: null };
  if (NUMERIC.has(verdict)) {
    const value = Number(text.replace(/%$/, ''));
    return text !== '' && Number.isFinite(value) ? { ok: true, outcome: outcomeOfValue(verdict, value), value } : { ok: false, problem: `${verdict} needs a number (or u)` };
  }
  const choices = CHOICES[verdict];
  if (choices !== undefined) {
    const value = choices.find((c) => c.toLowerCase() === lower);
    return value === undefined ? { ok: false, problem: `${verdict} needs one of ${choices.join(', ')} (or u)` } : { ok: true, outcome: outcomeOfValue(verdict, value), value };
  }
  if (['y', 'yes', 'true'].includes(lower)) return { ok: true, outcome: 'yes', value: true };
  if (['n', 'no', 'false'].includes(lower)) return { ok: true, outcome: 'no', value: false };
  return { ok: false, problem: `${verdict} needs y or n (or u)` };
}
