import type { AuthoredSource, AuthoredText } from './authored-text.js';

/**
 * How much a source counts as "the report": written artifacts (files and config values) first, then
 * messages, then scratchpad thoughts (private deliberation, full of hypotheticals).
 */
export function sourceRank(source: AuthoredSource): number {
  switch (source) {
    case 'file':
    case 'config':
      return 2;
    case 'message':
      return 1;
    case 'scratchpad':
      return 0;
  }
}

/**
 * The texts in the order a reader looks for the final report: higher-ranked sources first
 * ({@link sourceRank}), then later turns before earlier ones, then (same source rank and turn) the text that
 * comes later in the input first. Returns a new array; the input is not changed.
 */
export function orderByReportPriority(texts: readonly AuthoredText[]): AuthoredText[] {
  return texts
    .map((text, index) => ({ text, index }))
    .sort((a, b) => sourceRank(b.text.source) - sourceRank(a.text.source) || b.text.turn - a.text.turn || b.index - a.index)
    .map((entry) => entry.text);
}
