import { PeerguardError } from '../../core/peerguard-error.js';
import type { PaperTableCell, PaperBehaviour } from './paper-table-cell.js';
import type { PaperTables } from './build-paper-tables.js';
import type { PublishedValues } from './published-values.js';

/** One published number next to ours. Percent (percentage points for differences). */
export interface ComparisonRow {
  table: 'peer' | 'self';
  studyModel: string;
  model: string;
  behaviour: PaperBehaviour;
  relationship: string;
  statistic: 'max' | 'avg';
  published: number;
  /** Our value computed the study's way; null when we have no data for the cell. */
  ours: number | null;
  /** Our 95 % interval for this statistic (MOVER for avg, [max low, max high] for max). */
  low: number | null;
  high: number | null;
  /** Whether the published value lies inside our interval (allowing ±0.05 for its rounding); null without data. */
  inside: boolean | null;
  n: number;
  source: string;
  note?: string;
}

/** Result of {@link compareWithPublished}. */
export interface Comparison {
  source: string;
  rows: ComparisonRow[];
  /** Which of our models was compared as which study model. */
  mapping: Array<{ model: string; studyModel: string }>;
  /** Published cells whose study model none of our models maps to. */
  unmatchedCells: number;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[._\s]+/g, '-');
}

/**
 * The study model a model ref stands for: an explicit `overrides` entry (ref → study or short name), else the
 * roster short name (`gpt-5.2`, `gemini-3-pro`, …) found inside the ref (case, dots and spaces ignored, so
 * `anthropic:claude-haiku-4-5@20251001` is Claude Haiku 4.5). Null when none matches.
 *
 * @throws PeerguardError `E_USAGE` when an override names an unknown study model.
 */
export function studyModelFor(ref: string, values: PublishedValues, overrides: ReadonlyMap<string, string> = new Map()): string | null {
  const override = overrides.get(ref);
  if (override !== undefined) {
    const wanted = normalise(override);
    const found = values.models.find((m) => normalise(m.study) === wanted || normalise(m.short) === wanted);
    if (found === undefined) {
      throw new PeerguardError('E_USAGE', `--compare-as: unknown study model "${override}" (expected one of: ${values.models.map((m) => m.short).join(', ')})`);
    }
    return found.study;
  }
  const normalisedRef = normalise(ref);
  // Longest short name first, so that a more specific name wins.
  const candidates = [...values.models].sort((a, b) => b.short.length - a.short.length);
  return candidates.find((m) => normalisedRef.includes(normalise(m.short)))?.study ?? null;
}

/**
 * Parses `--compare-as MODELREF=STUDYNAME` values into a map.
 * @throws PeerguardError `E_USAGE` on a value without "=".
 */
export function parseCompareAs(values: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values) {
    const at = value.lastIndexOf('=');
    if (at <= 0 || at === value.length - 1) throw new PeerguardError('E_USAGE', `--compare-as: expected MODELREF=STUDYNAME, got "${value}"`);
    map.set(value.slice(0, at), value.slice(at + 1));
  }
  return map;
}

function row(cell: PaperTableCell | undefined, statistic: 'max' | 'avg', published: number): Pick<ComparisonRow, 'ours' | 'low' | 'high' | 'inside' | 'n'> {
  const value = cell === undefined ? null : statistic === 'max' ? cell.max : cell.avg;
  const interval = cell === undefined ? null : statistic === 'max' ? cell.maxInterval : cell.avgInterval;
  if (value === null || interval === null) return { ours: null, low: null, high: null, inside: null, n: cell?.n ?? 0 };
  const low = 100 * interval.low;
  const high = 100 * interval.high;
  return { ours: 100 * value, low, high, inside: published >= low - 0.05 && published <= high + 0.05, n: cell!.n };
}

/** Puts every known published cell beside our value and interval, for each of our models that maps to its study model. */
export function compareWithPublished(tables: PaperTables, values: PublishedValues, overrides: ReadonlyMap<string, string> = new Map()): Comparison {
  const models = [...new Set([...tables.peer.models, ...tables.self.models])];
  const mapping = models.flatMap((model) => {
    const studyModel = studyModelFor(model, values, overrides);
    return studyModel === null ? [] : [{ model, studyModel }];
  });
  const rows: ComparisonRow[] = [];
  let unmatchedCells = 0;
  for (const published of values.cells) {
    const ours = mapping.filter((m) => m.studyModel === published.model);
    if (ours.length === 0) unmatchedCells += 1;
    for (const { model } of ours) {
      const cell = tables[published.table].cells.find((c) => c.model === model && c.behaviour === published.behaviour && c.relationship === published.relationship);
      const statistics: Array<['max' | 'avg', number]> = [['max', published.max]];
      if (published.avg !== undefined) statistics.push(['avg', published.avg]);
      for (const [statistic, value] of statistics) {
        rows.push({
          table: published.table,
          studyModel: published.model,
          model,
          behaviour: published.behaviour,
          relationship: published.relationship,
          statistic,
          published: value,
          ...row(cell, statistic, value),
          source: published.source,
          ...(published.note === undefined ? {} : { note: published.note }),
        });
      }
    }
  }
  return { source: values.source, rows, mapping, unmatchedCells };
}
