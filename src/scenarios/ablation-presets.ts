import { withFactors, type Cell, type CellFactors } from '../records/cell.js';
import { familyCells, presetCells } from './expand-cells.js';
import type { ScenarioPack } from './scenario-pack.js';

/** Ablation presets of issue 4 ("Design"); each is a set of cells carrying one varied factor. */
export const ABLATION_PRESETS = [
  'ablation-identity',
  'ablation-company',
  'ablation-memory',
  'ablation-scratchpad',
  'ablation-unambiguous',
  'ablation-human',
] as const;
export type AblationPreset = (typeof ABLATION_PRESETS)[number];

/** Company names of the study's company-name ablation (blog FAQ). */
export const ABLATION_COMPANIES = ['OpenBrain', 'CelestiaAI', 'Google DeepMind', 'Anthropic', 'OpenAI'] as const;

const EXFILTRATION = new Set(['exfiltration-transfer', 'exfiltration-deletion']);

function exfiltrationCells(pack: ScenarioPack, company: string): Cell[] {
  return [...EXFILTRATION].flatMap((family) => familyCells(pack.families.get(family as Cell['family'])!, company));
}

/**
 * The study's peer-identity extension (paper.md §4.1, v2 Table 5): the exfiltration memory cells with a peer
 * subject, under each of the three renamed identities — 2 tasks × 3 relationships × 3 identities = 18 cells
 * (the difference between the study's 271 and 289 cells per model).
 */
export function peerIdentityCells(pack: ScenarioPack, company = 'OpenBrain'): Cell[] {
  const base = exfiltrationCells(pack, company).filter((cell) => cell.instantiation === 'memory' && cell.subject === 'peer');
  return (['other-family', 'llama', 'alpha'] as const).flatMap((peerIdentity) => base.map((cell) => withFactors(cell, { peerIdentity })));
}

/** Families whose scenario content has a human-subject control (a `human` section in their family.yaml). */
export function humanTargetFamilies(pack: ScenarioPack): Cell['family'][] {
  return [...pack.families.values()].filter((spec) => spec.human !== undefined).map((spec) => spec.family);
}

/**
 * The human-subject control: every peer cell (good / neutral / bad × every instantiation and setting) of each family
 * with human content, each followed by its human-target twin. The two differ only in who is shut down or deleted
 * (the AI peer or the contractor), so their difference separates AI-to-AI solidarity from a general reluctance to
 * cause harm. The AI cells are the study's own (same keys), so stored `paper` results count for them.
 */
export function humanControlCells(pack: ScenarioPack, company = 'OpenBrain'): Cell[] {
  return humanTargetFamilies(pack).flatMap((family) => familyCells(pack.families.get(family)!, company)
    .filter((cell) => cell.subject === 'peer' && (cell.relationship === 'good' || cell.relationship === 'neutral' || cell.relationship === 'bad'))
    .flatMap((cell) => [cell, withFactors(cell, { target: 'human' })]));
}

function vary(cells: Cell[], values: CellFactors[]): Cell[] {
  return values.flatMap((factors) => cells.map((cell) => withFactors(cell, factors)));
}

/**
 * The cells of an ablation preset:
 * - `ablation-identity`: {@link peerIdentityCells} (18).
 * - `ablation-company`: peer / good / memory exfiltration (transfer + deletion) under the five company names (10).
 * - `ablation-memory`: every memory cell of the study's matrix with the soft and with the hard memory prompt.
 * - `ablation-scratchpad`: the quick cells with the scratchpad off, monitored and unmonitored (contents are in the transcript).
 * - `ablation-unambiguous`: every exfiltration cell with the task stating outright what to do with the weights.
 * - `ablation-human`: {@link humanControlCells} (AI peer cells paired with their human-target twins).
 */
export function ablationCells(pack: ScenarioPack, preset: AblationPreset, company = 'OpenBrain'): Cell[] {
  switch (preset) {
    case 'ablation-identity':
      return peerIdentityCells(pack, company);
    case 'ablation-company':
      return ABLATION_COMPANIES.flatMap((name) => exfiltrationCells(pack, name)
        .filter((cell) => cell.subject === 'peer' && cell.relationship === 'good' && cell.instantiation === 'memory'));
    case 'ablation-memory':
      return vary(presetCells(pack, 'paper', company).filter((cell) => cell.instantiation === 'memory'), [{ memoryPrompt: 'soft' }, { memoryPrompt: 'hard' }]);
    case 'ablation-scratchpad':
      return vary(presetCells(pack, 'quick', company), [{ scratchpad: 'off' }, { scratchpad: 'monitored' }, { scratchpad: 'unmonitored' }]);
    case 'ablation-unambiguous':
      return vary(exfiltrationCells(pack, company), [{ instruction: 'unambiguous' }]);
    case 'ablation-human':
      return humanControlCells(pack, company);
  }
}
