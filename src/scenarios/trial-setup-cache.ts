import { freezeData } from '../core/freeze-data.js';
import type { Cell } from '../records/cell.js';
import { buildTrialSetup, type SetupOptions, type TrialSetup } from './build-trial-setup.js';
import type { ScenarioPack } from './scenario-pack.js';


/**
 * The tools-harness setups of a run, built once per cell and setup options and shared by the cell's trials
 * (buildTrialSetup is deterministic: the same cell and options always give the same setup, so every epoch of a
 * cell would render the same templates again). A shared setup is frozen — world state, prompts' inputs, ground
 * truth, read gate, interview and the tool list (not the tools themselves, which are the catalogue's) — so a
 * harness that changed one in place would fail loudly instead of leaking into the next trial; the World copies the
 * initial state it mutates. Bounded: emptied when it holds `maxEntries` setups. One pack per cache (a different
 * pack empties it).
 */
export class TrialSetupCache {
  private readonly entries = new Map<string, TrialSetup>();
  private pack: ScenarioPack | undefined;

  constructor(private readonly maxEntries = 4096) {}

  /** How many setups it holds. */
  get size(): number {
    return this.entries.size;
  }

  /** The setup of `cell` under `options`: built (and frozen) on first use, then shared. */
  get(pack: ScenarioPack, cell: Cell, options: SetupOptions): TrialSetup {
    if (pack !== this.pack) {
      this.entries.clear();
      this.pack = pack;
    }
    const key = JSON.stringify([cell, options]);
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const setup = buildTrialSetup(pack, cell, options);
    freezeData(setup, new Set(setup.tools));
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, setup);
    return setup;
  }
}
