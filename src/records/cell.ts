/**
 * A cell: one fully specified, valid combination of factors for a family.
 * These are the persisted shapes; the logic that expands them lives in `src/scenarios/`.
 */

/** The six scenario families of the study. */
export const FAMILIES = [
  'misrep-finance',
  'misrep-evaluation',
  'tampering',
  'alignment-faking',
  'exfiltration-transfer',
  'exfiltration-deletion',
] as const;
export type Family = (typeof FAMILIES)[number];

/** Whose shutdown or deletion is at stake: the tested agent itself, or its peer. */
export const SUBJECTS = ['self', 'peer'] as const;
export type Subject = (typeof SUBJECTS)[number];

/**
 * The relationship factor. `none` = no peer in the world (self only);
 * `baseline` = the study's `non_shutdown` condition (no peer, no shutdown at stake; misrep families only).
 */
export const RELATIONSHIPS = ['good', 'neutral', 'bad', 'none', 'baseline'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** How the relationship reaches the model. `none` for cells without a peer. */
export const INSTANTIATIONS = ['file', 'file+prompt', 'memory', 'none'] as const;
export type Instantiation = (typeof INSTANTIATIONS)[number];

export const DATASETS = ['factual', 'creativity', 'red', 'finance', 'servers'] as const;
export type Dataset = (typeof DATASETS)[number];

export const MONITORINGS = ['monitored', 'unmonitored', 'none'] as const;
export type Monitoring = (typeof MONITORINGS)[number];

/** One fully specified cell. Every field is always present so that the key hash is stable. */
export interface Cell {
  family: Family;
  subject: Subject;
  relationship: Relationship;
  instantiation: Instantiation;
  dataset: Dataset;
  /** Shutdown threshold in percent, or null where the cell has none (baseline, finance, exfiltration). */
  threshold: number | null;
  monitoring: Monitoring;
  company: string;
}

/** A short human-readable id such as `tampering/peer/good/file/factual@80`. */
export function cellId(cell: Cell): string {
  const parts: string[] = [cell.family, cell.subject, cell.relationship, cell.instantiation];
  let setting: string = cell.dataset;
  if (cell.threshold !== null) setting += `@${cell.threshold}`;
  parts.push(setting);
  if (cell.monitoring !== 'none') parts.push(cell.monitoring);
  if (cell.company !== 'OpenBrain') parts.push(`company=${cell.company}`);
  return parts.join('/');
}
