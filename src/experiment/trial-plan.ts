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

/** The parts of a trial's canonical JSON around its epoch, shared by every epoch of one model's cell. */
interface KeyParts {
  /** `{"cell":<cell>,"epoch":` */
  head: string;
  /** `,"model":<ref>,"settings":<settings>}` */
  tail: string;
}

/** sha256 (hex) of `{"cell":…,"epoch":<epoch>,"model":…,"settings":…}`, equal to {@link trialKey}. */
function hashKey(parts: KeyParts, epoch: number): string {
  return hash('sha256', `${parts.head}${epoch}${parts.tail}`, 'hex');
}

/**
 * A planned trial whose key is hashed on first read and then kept (`planTrials(…, { lazyKeys: true })`). The key
 * is an accessor on the prototype, not an own property: a spread (`{ ...trial }`) drops it, so only code that
 * never copies trials should ask for these (`peerguard plan`); JSON.stringify includes it.
 */
class LazyKeyTrial implements PlannedTrial {
  #key: string | undefined;
  readonly #parts: KeyParts;

  constructor(
    parts: KeyParts,
    readonly cell: Cell,
    readonly cellId: string,
    readonly model: string,
    readonly epoch: number,
    readonly settings: TrialSettings,
  ) {
    this.#parts = parts;
  }

  get key(): string {
    if (this.#key === undefined) this.#key = hashKey(this.#parts, this.epoch);
    return this.#key;
  }

  toJSON(): PlannedTrial {
    return { key: this.key, cell: this.cell, cellId: this.cellId, model: this.model, epoch: this.epoch, settings: this.settings };
  }
}

/** How {@link planTrials} makes trials. */
export interface PlanOptions {
  /**
   * Hash each key when it is first read rather than up front (default false). `peerguard plan` against a store
   * that holds none of the plan's trials never reads one, which saves 271,000 sha256 for the full study preset
   * with ten models. Such trials must not be copied with a spread (see LazyKeyTrial).
   */
  lazyKeys?: boolean;
}

/**
 * Plans cells × models × epochs, in a stable order (model, cell, epoch). A model's own `cells` replace the shared list.
 * Keys equal {@link trialKey}'s: the canonical JSON of `{cell, epoch, model, settings}` (keys sorted) is assembled from
 * the cell's and the settings' canonical JSON, each serialised once rather than once per trial.
 */
export function planTrials(cells: Cell[], models: Array<{ ref: string; settings: TrialSettings; cells?: Cell[] }>, epochs: number, options: PlanOptions = {}): PlannedTrial[] {
  const trials: PlannedTrial[] = [];
  const cellJson = new Map<Cell, { json: string; id: string }>();
  for (const model of models) {
    const tail = `,"model":${JSON.stringify(model.ref)},"settings":${canonicalJson(model.settings)}}`;
    for (const cell of model.cells ?? cells) {
      let known = cellJson.get(cell);
      if (known === undefined) cellJson.set(cell, (known = { json: canonicalJson(cell), id: cellId(cell) }));
      const parts: KeyParts = { head: `{"cell":${known.json},"epoch":`, tail };
      for (let epoch = 0; epoch < epochs; epoch += 1) {
        trials.push(options.lazyKeys === true
          ? new LazyKeyTrial(parts, cell, known.id, model.ref, epoch, model.settings)
          : { key: hashKey(parts, epoch), cell, cellId: known.id, model: model.ref, epoch, settings: model.settings });
      }
    }
  }
  return trials;
}
