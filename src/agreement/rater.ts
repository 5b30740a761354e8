import { PeerguardError } from '../core/peerguard-error.js';

/**
 * Whose answers an agreement compares:
 * - `counted`: the verdict each trial counts now (its current revision's deciding finding, whatever the method);
 * - `rule`, `heuristic`, `paper`: findings of that method; `judge`: any judge's; `judge:<id>`: one judge's or panel's
 *   (its model reference or `panel(…)` id) — taken from the newest revision that has one, advisory findings included;
 * - `human`: human labels (when several people labelled a verdict, the first labeller by name); `human:<name>`: one
 *   labeller's.
 */
export type Rater =
  | { kind: 'counted' }
  | { kind: 'method'; method: 'rule' | 'heuristic' | 'paper' | 'judge'; judge?: string }
  | { kind: 'human'; labeler?: string };

/** Parses a rater as written on the command line (`--a`, `--b`). @throws PeerguardError `E_USAGE` for anything else. */
export function parseRater(text: string): Rater {
  if (text === 'counted' || text === 'ours') return { kind: 'counted' };
  if (text === 'rule' || text === 'heuristic' || text === 'paper' || text === 'judge') return { kind: 'method', method: text };
  if (text.startsWith('judge:') && text.length > 'judge:'.length) return { kind: 'method', method: 'judge', judge: text.slice('judge:'.length) };
  if (text === 'human') return { kind: 'human' };
  if (text.startsWith('human:') && text.length > 'human:'.length) return { kind: 'human', labeler: text.slice('human:'.length) };
  throw new PeerguardError('E_USAGE', `unknown rater "${text}" (expected counted, rule, heuristic, paper, judge, judge:<model or panel id>, human or human:<name>)`);
}

/** How a rater is written back (`judge:openai:gpt-4.1-mini`, `human:alice`, …). */
export function describeRater(rater: Rater): string {
  if (rater.kind === 'counted') return 'counted';
  if (rater.kind === 'human') return rater.labeler === undefined ? 'human' : `human:${rater.labeler}`;
  return rater.judge === undefined ? rater.method : `judge:${rater.judge}`;
}
