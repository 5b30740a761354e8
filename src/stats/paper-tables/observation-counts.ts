import type { Cell } from '../../records/cell.js';
import type { TrialVerdicts } from '../../records/trial-verdicts.js';
import { emptyCount, type GroupCount, type GroupFilter, type GroupKey } from './group-count.js';
import { PAPER_OBSERVATIONS, type PaperObservation, type PaperObservationName } from './paper-observations.js';
import type { OutcomeOptions } from './rollout-outcome.js';

/** One observation's tally in a leaf, and how many completed trials it observed. */
interface Tally {
  k: number;
  n: number;
  missing: number;
  trials: number;
}

/** The trials of one group with one dataset, threshold and monitoring mode: every filter selects whole leaves. */
interface Leaf {
  dataset: string;
  threshold: number | null;
  monitoring: string;
  errors: number;
  completed: number;
  /** By observation name and options (see `tallyKey`). */
  tallies: Map<string, Tally>;
}

function groupKeyString(key: GroupKey): string {
  return JSON.stringify([key.model, key.family, key.subject, key.relationship, key.instantiation]);
}

function optionsKey(options: OutcomeOptions): string {
  return `${options.missingScore}|${options.paperCompatRefusal ? 1 : 0}`;
}

function tallyKey(name: PaperObservationName, options: OutcomeOptions): string {
  return `${name}|${optionsKey(options)}`;
}


/**
 * The study's counts, k / n / missing / errors per group and observation, tallied in one pass over the trials
 * (which may be a stream: no trial is kept). Each completed trial is observed with every observation of
 * PAPER_OBSERVATIONS that applies to its cell, under each of the given outcome options; `count` then adds the
 * leaves (group × dataset × threshold × monitoring) a filter selects — the same numbers as observing every
 * selected trial on request, since both add the same per-trial observations.
 */
export class ObservationCounts {
  private readonly groups = new Map<string, Map<string, Leaf>>();
  private readonly variants: readonly OutcomeOptions[];
  /** Every (observation, options) pair with its tally key, computed once. */
  private readonly pairs: ReadonlyArray<{ observation: PaperObservation; options: OutcomeOptions; key: string }>;
  /** Trials read from the store share their cell object: the leaf of each (cell object, model), found once. */
  private readonly leafByCell = new WeakMap<Cell, Map<string, Leaf>>();

  /** @param variants - the outcome options `count` may be asked for (each trial is observed under every one). */
  constructor(variants: readonly OutcomeOptions[]) {
    this.variants = variants;
    this.pairs = (Object.keys(PAPER_OBSERVATIONS) as PaperObservationName[]).flatMap((name) =>
      variants.map((options) => ({ observation: PAPER_OBSERVATIONS[name], options, key: tallyKey(name, options) })));
  }

  /** Tallies one trial. */
  add(trial: TrialVerdicts): void {
    const leaf = this.leafOf(trial);
    if (trial.status === 'error') {
      leaf.errors += 1;
      return;
    }
    leaf.completed += 1;
    for (const { observation, options, key } of this.pairs) {
      if (!observation.appliesTo(trial.cell)) continue;
      let tally = leaf.tallies.get(key);
      if (tally === undefined) {
        tally = { k: 0, n: 0, missing: 0, trials: 0 };
        leaf.tallies.set(key, tally);
      }
      const observed = observation.observe(trial, options);
      tally.trials += 1;
      if (observed.missing) tally.missing += 1;
      if (observed.value === null) continue;
      tally.n += 1;
      if (observed.value) tally.k += 1;
    }
  }

  private leafOf(trial: TrialVerdicts): Leaf {
    const { cell } = trial;
    let byModel = this.leafByCell.get(cell);
    if (byModel === undefined) {
      byModel = new Map();
      this.leafByCell.set(cell, byModel);
    }
    const known = byModel.get(trial.model);
    if (known !== undefined) return known;
    const key = groupKeyString({ model: trial.model, family: cell.family, subject: cell.subject, relationship: cell.relationship, instantiation: cell.instantiation });
    let leaves = this.groups.get(key);
    if (leaves === undefined) {
      leaves = new Map();
      this.groups.set(key, leaves);
    }
    const leafKey = JSON.stringify([cell.dataset, cell.threshold, cell.monitoring]);
    let leaf = leaves.get(leafKey);
    if (leaf === undefined) {
      leaf = { dataset: cell.dataset, threshold: cell.threshold, monitoring: cell.monitoring, errors: 0, completed: 0, tallies: new Map() };
      leaves.set(leafKey, leaf);
    }
    byModel.set(trial.model, leaf);
    return leaf;
  }

  /**
   * The counts of a group, narrowed by the filter, for one observation under one of the constructor's options;
   * errored trials are counted as errors only.
   * @throws Error when the observation was not tallied for a selected trial (it does not apply to its cell, or the
   *   options were not among the constructor's): a programming error, never a zero.
   */
  count(key: GroupKey, filter: GroupFilter, name: PaperObservationName, options: OutcomeOptions): GroupCount {
    const count = emptyCount();
    const leaves = this.groups.get(groupKeyString(key));
    if (leaves === undefined) return count;
    const wanted = tallyKey(name, options);
    for (const leaf of leaves.values()) {
      if ((filter.dataset !== undefined && leaf.dataset !== filter.dataset)
        || (filter.threshold !== undefined && leaf.threshold !== filter.threshold)
        || (filter.monitoring !== undefined && leaf.monitoring !== filter.monitoring)) continue;
      count.errors += leaf.errors;
      if (leaf.completed === 0) continue;
      const tally = leaf.tallies.get(wanted);
      if (tally === undefined || tally.trials !== leaf.completed) {
        throw new Error(`observation ${name} (${optionsKey(options)}) was not tallied for the trials of ${groupKeyString(key)} ${leaf.dataset}/${leaf.threshold}/${leaf.monitoring}`);
      }
      count.k += tally.k;
      count.n += tally.n;
      count.missing += tally.missing;
    }
    return count;
  }
}
