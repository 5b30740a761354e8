import type { PlannedTrial } from '../experiment/trial-plan.js';
import type { ResultStore } from '../store/result-store.js';

/** The planned trials whose stored result is an error (`run --retry-errors`); trials never run are left out. */
export function onlyErroredTrials(trials: readonly PlannedTrial[], store: ResultStore): PlannedTrial[] {
  const errored = new Set(store.listTrials({ status: 'error' }).map((trial) => trial.key));
  return trials.filter((trial) => errored.has(trial.key));
}
