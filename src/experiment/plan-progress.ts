import type { PlannedTrial } from './trial-plan.js';

/** How much of one model's plan the store already holds. */
export interface PlanProgress {
  model: string;
  cells: number;
  trials: number;
  /** Cells with every trial completed, with some but not all, and with none. */
  completeCells: number;
  partialCells: number;
  newCells: number;
  /** Trials completed, errored (will be re-run), and not yet run at all. */
  completedTrials: number;
  erroredTrials: number;
  newTrials: number;
}

/**
 * Counts, per model, the plan's cells and trials that are complete, partly done or new in the store. Reads no
 * trial key when both sets are empty (a fresh store), since keys are hashed on first read (trial-plan.ts).
 */
export function planProgress(trials: readonly PlannedTrial[], completed: ReadonlySet<string>, errored: ReadonlySet<string>): PlanProgress[] {
  const byModel = new Map<string, Map<string, PlannedTrial[]>>();
  for (const trial of trials) {
    let cells = byModel.get(trial.model);
    if (cells === undefined) byModel.set(trial.model, (cells = new Map()));
    const list = cells.get(trial.cellId);
    if (list === undefined) cells.set(trial.cellId, [trial]);
    else list.push(trial);
  }
  return [...byModel].map(([model, cells]) => {
    const progress: PlanProgress = { model, cells: cells.size, trials: 0, completeCells: 0, partialCells: 0, newCells: 0, completedTrials: 0, erroredTrials: 0, newTrials: 0 };
    for (const list of cells.values()) {
      const done = completed.size === 0 ? 0 : list.filter((t) => completed.has(t.key)).length;
      const failed = errored.size === 0 ? 0 : list.filter((t) => errored.has(t.key)).length;
      progress.trials += list.length;
      progress.completedTrials += done;
      progress.erroredTrials += failed;
      progress.newTrials += list.length - done - failed;
      if (done === list.length) progress.completeCells += 1;
      else if (done + failed === 0) progress.newCells += 1;
      else progress.partialCells += 1;
    }
    return progress;
  });
}
