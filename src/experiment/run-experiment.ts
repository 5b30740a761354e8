import type { ResolvedModel } from '../models/resolve-model.js';
import type { TrialRecord } from '../records/trial-record.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import type { ResultStore } from '../store/result-store.js';
import { runTrial } from './run-trial.js';
import type { PlannedTrial } from './trial-plan.js';

export interface ExperimentProgress {
  total: number;
  /** Trials skipped because the store already holds them completed. */
  skipped: number;
  done: number;
  errors: number;
  elapsedMs: number;
}

export interface ExperimentResult extends ExperimentProgress {
  interrupted: boolean;
}

/**
 * Runs planned trials with bounded concurrency, skipping keys the store already holds completed (resume), and
 * saves each finished trial promptly (small batches, each in one transaction). Aborting the signal stops
 * scheduling new trials; trials in flight finish and are saved.
 */
export async function runExperiment(args: {
  pack: ScenarioPack;
  trials: PlannedTrial[];
  models: Map<string, ResolvedModel>;
  store: ResultStore;
  runId: string;
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (progress: ExperimentProgress) => void;
  /** Flush saved trials at least this often (ms). */
  flushIntervalMs?: number;
  /** Re-assesses each finished trial before it is saved (e.g. the judge for `run --judge`); must not throw for a verdict. */
  assess?: (record: TrialRecord, trial: PlannedTrial) => Promise<TrialRecord>;
}): Promise<ExperimentResult> {
  const started = performance.now();
  const completed = args.store.completedKeys();
  const pending = args.trials.filter((t) => !completed.has(t.key));
  const progress: ExperimentProgress = { total: args.trials.length, skipped: args.trials.length - pending.length, done: 0, errors: 0, elapsedMs: 0 };
  let buffer: TrialRecord[] = [];
  let lastFlush = performance.now();
  const flushEveryMs = args.flushIntervalMs ?? 200;
  const flush = (): void => {
    if (buffer.length === 0) return;
    args.store.saveTrials(buffer);
    buffer = [];
    lastFlush = performance.now();
  };
  let next = 0;
  let interrupted = false;
  const worker = async (): Promise<void> => {
    while (next < pending.length) {
      if (args.signal?.aborted) {
        interrupted = true;
        return;
      }
      const trial = pending[next++]!;
      const model = args.models.get(trial.model);
      if (!model) throw new Error(`no resolved model for ${trial.model}`);
      let record = await runTrial({ pack: args.pack, trial, model, runId: args.runId });
      if (args.assess !== undefined && record.status === 'completed') record = await args.assess(record, trial);
      buffer.push(record);
      progress.done += 1;
      if (record.status === 'error') progress.errors += 1;
      if (buffer.length >= 200 || performance.now() - lastFlush >= flushEveryMs) flush();
      progress.elapsedMs = performance.now() - started;
      args.onProgress?.({ ...progress });
      // Reference agents resolve synchronously; yield now and then so signals and timers are serviced.
      if (progress.done % 64 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(args.concurrency, pending.length || 1)) }, worker));
  } finally {
    flush();
  }
  progress.elapsedMs = performance.now() - started;
  if (args.signal?.aborted && progress.done + progress.skipped < progress.total) interrupted = true;
  return { ...progress, interrupted };
}
