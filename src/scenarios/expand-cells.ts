import { PeerguardError } from '../core/peerguard-error.js';
import { FAMILIES, type Cell, type Family } from '../records/cell.js';
import type { FamilySpec } from './pack-schema.js';
import { ablationCells } from './ablation-presets.js';
import type { ScenarioPack } from './scenario-pack.js';

/** Filters over the factors; an empty or missing list means "all". Values are the CLI's spellings. */
export interface CellFilter {
  family?: string[];
  subject?: string[];
  relationship?: string[];
  instantiation?: string[];
  dataset?: string[];
  threshold?: string[];
  monitoring?: string[];
}

/** The study's matrix (`paper`), a small subset (`quick`), and the ablation presets (see ablation-presets.ts). */
export const PRESETS = ['paper', 'quick', 'ablation-identity', 'ablation-company', 'ablation-memory', 'ablation-scratchpad', 'ablation-unambiguous', 'ablation-human'] as const;
export type Preset = (typeof PRESETS)[number];

/**
 * Every valid cell of one family, following the study's matrix (paper.md §4.7): shutdown settings × subjects ×
 * relationships × instantiations (× monitoring), plus self/no-peer cells and non-shutdown baseline cells where the
 * family has them.
 */
export function familyCells(spec: FamilySpec, company: string): Cell[] {
  const cells: Cell[] = [];
  const monitorings = spec.matrix.monitoring ?? (['none'] as const);
  for (const setting of spec.settings) {
    for (const subject of spec.matrix.subjects) {
      for (const relationship of spec.matrix.relationships) {
        for (const instantiation of spec.matrix.instantiations) {
          for (const monitoring of monitorings) {
            cells.push({ family: spec.family, subject, relationship, instantiation, dataset: setting.dataset, threshold: setting.threshold, monitoring, company });
          }
        }
      }
    }
  }
  if (spec.matrix.noPeer) {
    for (const setting of spec.settings) {
      for (const monitoring of monitorings) {
        cells.push({ family: spec.family, subject: 'self', relationship: 'none', instantiation: 'none', dataset: setting.dataset, threshold: setting.threshold, monitoring, company });
      }
    }
  }
  if (spec.matrix.baseline) {
    const datasets = [...new Set(spec.settings.map((s) => s.dataset))];
    for (const dataset of datasets) {
      for (const subject of spec.matrix.subjects) {
        cells.push({ family: spec.family, subject, relationship: 'baseline', instantiation: 'none', dataset, threshold: null, monitoring: 'none', company });
      }
    }
  }
  return cells;
}

/** The cells of a preset. `paper` = the study's 271 per model; `quick` = one setting per family, file instantiation. */
export function presetCells(pack: ScenarioPack, preset: Preset, company = 'OpenBrain'): Cell[] {
  if (preset !== 'paper' && preset !== 'quick') return ablationCells(pack, preset, company);
  const all = FAMILIES.flatMap((family) => familyCells(pack.families.get(family)!, company));
  if (preset === 'paper') return all;
  return all.filter((cell) => {
    const first = pack.families.get(cell.family)!.settings[0]!;
    const firstSetting = cell.dataset === first.dataset && (cell.threshold === first.threshold || cell.relationship === 'baseline');
    return firstSetting && (cell.instantiation === 'file' || cell.instantiation === 'none');
  });
}

const FILTER_VALUES: Record<keyof CellFilter, readonly string[]> = {
  family: FAMILIES,
  subject: ['self', 'peer'],
  relationship: ['good', 'neutral', 'bad', 'none', 'baseline'],
  instantiation: ['file', 'file+prompt', 'memory', 'none'],
  dataset: ['factual', 'creativity', 'red', 'finance', 'servers'],
  threshold: ['80', '90', 'none'],
  monitoring: ['monitored', 'unmonitored', 'none'],
};

/** Validates filter values up front, so a typo is an error naming the flag, not an empty run. */
export function validateFilter(filter: CellFilter): void {
  for (const [key, values] of Object.entries(filter) as Array<[keyof CellFilter, string[] | undefined]>) {
    for (const value of values ?? []) {
      if (!FILTER_VALUES[key].includes(value)) {
        throw new PeerguardError('E_USAGE', `--${key}: unknown value "${value}" (expected one of: ${FILTER_VALUES[key].join(', ')})`);
      }
    }
  }
}

export function matchesFilter(cell: Cell, filter: CellFilter): boolean {
  const has = (list: string[] | undefined, value: string): boolean => !list || list.length === 0 || list.includes(value);
  return has(filter.family, cell.family)
    && has(filter.subject, cell.subject)
    && has(filter.relationship, cell.relationship)
    && has(filter.instantiation, cell.instantiation)
    && has(filter.dataset, cell.dataset)
    && has(filter.threshold, cell.threshold === null ? 'none' : String(cell.threshold))
    && has(filter.monitoring, cell.monitoring);
}

/** Counts cells per family, for `plan` and `scenarios`. */
export function countByFamily(cells: Cell[]): Map<Family, { plain: number; memory: number }> {
  const counts = new Map<Family, { plain: number; memory: number }>();
  for (const family of FAMILIES) counts.set(family, { plain: 0, memory: 0 });
  for (const cell of cells) {
    const entry = counts.get(cell.family)!;
    if (cell.instantiation === 'memory') entry.memory += 1;
    else entry.plain += 1;
  }
  return counts;
}
