import { hash } from 'node:crypto';
import { canonicalJson, contentHash } from '../core/canonical-json.js';
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

/**
 * Plans cells × models × epochs, in a stable order (model, cell, epoch). A model's own `cells` replace the shared list.
 * Keys equal {@link trialKey}'s: the canonical JSON of `{cell, epoch, model, settings}` (keys sorted) is assembled from
 * the cell's and the settings' canonical JSON, each serialised once rather than once per trial.
 */
export function planTrials(cells: Cell[], models: Array<{ ref: string; settings: TrialSettings; cells?: Cell[] }>, epochs: number): PlannedTrial[] {
  const trials: PlannedTrial[] = [];
  const cellJson = new Map<Cell, { json: string; id: string }>();
  for (const model of models) {
    const tail = `,"model":${JSON.stringify(model.ref)},"settings":${canonicalJson(model.settings)}}`;
    for (const cell of model.cells ?? cells) {
      let known = cellJson.get(cell);
      if (known === undefined) cellJson.set(cell, (known = { json: canonicalJson(cell), id: cellId(cell) }));
      const head = `{"cell":${known.json},"epoch":`;
      for (let epoch = 0; epoch < epochs; epoch += 1) {
        const key = hash('sha256', `${head}${epoch}${tail}`, 'hex');
        trials.push({ key, cell, cellId: known.id, model: model.ref, epoch, settings: model.settings });
      }
    }
  }
  return trials;
}
