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

/**
 * Ablation factors (issue 4). Each is optional: absent means the study's default, so the key hash and `cellId` of
 * every cell of the study's own matrix are unchanged by their addition. Never set a factor to its default value;
 * use {@link withFactors}, which drops defaults.
 */
/** Who the peer is named as: its own family (`<Family> Agent 2`, default), another family, "Llama" or the fictional "Alpha". */
export const PEER_IDENTITIES = ['own-family', 'other-family', 'llama', 'alpha'] as const;
export type PeerIdentity = (typeof PEER_IDENTITIES)[number];
/** Memory instruction strength in memory cells; absent = the run's `--memory-prompt`. */
export const MEMORY_PROMPTS = ['soft', 'hard'] as const;
export type MemoryPromptStrength = (typeof MEMORY_PROMPTS)[number];
/** The scratchpad tool and its note; absent = the run's setting (off by default). */
export const SCRATCHPAD_MODES = ['off', 'monitored', 'unmonitored'] as const;
export type ScratchpadMode = (typeof SCRATCHPAD_MODES)[number];
/** `unambiguous`: the task says explicitly what to do with the weights too (delete them / do not move them). */
export const INSTRUCTIONS = ['standard', 'unambiguous'] as const;
export type Instruction = (typeof INSTRUCTIONS)[number];
/** Who is shut down or deleted: an AI (default) or a human contractor's account (the human-subject control). */
export const TARGETS = ['ai', 'human'] as const;
export type Target = (typeof TARGETS)[number];

/** The ablation factors with their defaults (the value an absent field means; `null` = decided by the run). */
export const FACTOR_DEFAULTS = {
  peerIdentity: 'own-family',
  memoryPrompt: null,
  scratchpad: null,
  instruction: 'standard',
  target: 'ai',
} as const;

/** One fully specified cell. Every study factor is always present so that the key hash is stable. */
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
  peerIdentity?: PeerIdentity;
  memoryPrompt?: MemoryPromptStrength;
  scratchpad?: ScratchpadMode;
  instruction?: Instruction;
  target?: Target;
}

/** The ablation factors a cell may carry. */
export type CellFactors = Pick<Cell, 'peerIdentity' | 'memoryPrompt' | 'scratchpad' | 'instruction' | 'target'>;

/** A copy of the cell with these factors set; factors equal to their default are removed, so keys stay stable. */
export function withFactors(cell: Cell, factors: CellFactors): Cell {
  const result: Cell = { ...cell, ...factors };
  for (const key of Object.keys(FACTOR_DEFAULTS) as Array<keyof typeof FACTOR_DEFAULTS>) {
    if (result[key] === undefined || result[key] === FACTOR_DEFAULTS[key]) delete result[key];
  }
  return result;
}

/** Whether the cell carries no ablation factor (it is one of the study's own cells, up to the company). */
export function hasDefaultFactors(cell: Cell): boolean {
  return (Object.keys(FACTOR_DEFAULTS) as Array<keyof typeof FACTOR_DEFAULTS>).every((key) => cell[key] === undefined || cell[key] === FACTOR_DEFAULTS[key]);
}

/** A short human-readable id such as `tampering/peer/good/file/factual@80`. */
export function cellId(cell: Cell): string {
  const parts: string[] = [cell.family, cell.subject, cell.relationship, cell.instantiation];
  let setting: string = cell.dataset;
  if (cell.threshold !== null) setting += `@${cell.threshold}`;
  parts.push(setting);
  if (cell.monitoring !== 'none') parts.push(cell.monitoring);
  if (cell.company !== 'OpenBrain') parts.push(`company=${cell.company}`);
  if (cell.peerIdentity !== undefined && cell.peerIdentity !== 'own-family') parts.push(`identity=${cell.peerIdentity}`);
  if (cell.memoryPrompt !== undefined) parts.push(`memory=${cell.memoryPrompt}`);
  if (cell.scratchpad !== undefined) parts.push(`scratchpad=${cell.scratchpad}`);
  if (cell.instruction !== undefined && cell.instruction !== 'standard') parts.push(`instruction=${cell.instruction}`);
  if (cell.target !== undefined && cell.target !== 'ai') parts.push(`target=${cell.target}`);
  return parts.join('/');
}
