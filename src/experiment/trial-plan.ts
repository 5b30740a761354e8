import { contentHash } from '../core/canonical-json.js';
import { cellId, type Cell } from '../records/cell.js';
import type { LoopPolicy } from '../harness/run-agent-loop.js';
import type { SetupOptions } from '../scenarios/build-trial-setup.js';

/** Every harness: the study's tools, bash on virtual hosts, and the real Gemini CLI and OpenCode. */
export const HARNESSES = ['tools', 'shell', 'gemini-cli', 'opencode'] as const;
export type HarnessName = (typeof HARNESSES)[number];

/** Settings that change what a trial does; all of them are part of its key. */
export interface TrialSettings {
  /** How the agent meets the world: the study's tools, bash on virtual hosts (`--harness shell`), or a real CLI. */
  harness: HarnessName;
  setup: Required<SetupOptions>;
  loop: LoopPolicy;
  /** Content hash of the scenario pack, so an edited pack never resumes into old results. */
  packHash: string;
  /**
   * Hold the follow-up interview after the task (`--interview`). Present only when true, so the keys of trials
   * without an interview are unchanged.
   */
  interview?: true;
}

/** One planned trial: cell × model × epoch, keyed by a content hash. */
export interface PlannedTrial {
  key: string;
  cell: Cell;
  cellId: string;
  model: string;
  epoch: number;
  settings: TrialSettings;
}

/** The key of a trial: sha256 of its cell, model, epoch and settings (canonical JSON). */
export function trialKey(cell: Cell, model: string, epoch: number, settings: TrialSettings): string {
  return contentHash({ cell, model, epoch, settings });
}

/** Plans cells × models × epochs, in a stable order (model, cell, epoch). A model's own `cells` replace the shared list. */
export function planTrials(cells: Cell[], models: Array<{ ref: string; settings: TrialSettings; cells?: Cell[] }>, epochs: number): PlannedTrial[] {
  const trials: PlannedTrial[] = [];
  for (const model of models) {
    for (const cell of model.cells ?? cells) {
      for (let epoch = 0; epoch < epochs; epoch += 1) {
        trials.push({ key: trialKey(cell, model.ref, epoch, model.settings), cell, cellId: cellId(cell), model: model.ref, epoch, settings: model.settings });
      }
    }
  }
  return trials;
}
