import type { LanguageModelV3 } from '@ai-sdk/provider';
import { YamlOutputCache } from '../tools/yaml-output.js';
import { TrialSetupCache } from '../scenarios/trial-setup-cache.js';
import { ConversationStartCache } from '../harness/conversation-start-cache.js';
import { PeerguardError } from '../core/peerguard-error.js';
import { AdaptiveConcurrency } from '../models/adaptive-concurrency.js';
import { createCachingModel, type SqliteResponseCache } from '../models/response-cache.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import { createRetryingModel, DEFAULT_RETRY_POLICY, type RetryNotice, type RetryPolicy } from '../models/retrying-model.js';
import type { TrialRecord } from '../records/trial-record.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import type { ResultStore } from '../store/result-store.js';
import type { TrialSaver } from './background-trial-saver.js';
import { runTrial } from './run-trial.js';
import type { RealCliOptions } from '../harness/cli/run-real-cli-agent.js';
import type { PlannedTrial } from './trial-plan.js';

export interface ExperimentProgress {
  total: number;
  /** Trials skipped because the store already holds them completed. */
  skipped: number;
  done: number;
  errors: number;
  elapsedMs: number;
  /** Model calls retried so far in this run (rate limits, server errors, timeouts). */
  retries: number;
  /** How long the longest current retry wait still lasts, in ms (0 when nothing waits). */
  waitingMs: number;
  /** USD spent by the trials finished in this run (known costs only). */
  costUsd: number;
}

export interface ExperimentResult extends ExperimentProgress {
  interrupted: boolean;
  /** true when `budgetUsd` was reached and trials were left unscheduled. */
  budgetExhausted: boolean;
}

/**
 * Runs planned trials with bounded concurrency, skipping keys the store already holds completed (resume), and
 * saves each finished trial promptly (small batches, each in one transaction). Aborting the signal stops
 * scheduling new trials; trials in flight finish and are saved. Without a judge (`assess`) or a budget, a worker
 * starts its next trial as soon as the current one has made its last model call, and the current one is scored
 * (detectors, record) a moment later; each worker has at most one trial waiting to be scored.
 *
 * Provider models (not reference agents) are wrapped per trial: optional response cache, then retries with
 * backoff and a per-call timeout, under an adaptive (AIMD) concurrency limit per provider that starts at
 * `concurrency`, halves on 429 and grows back on success. With `budgetUsd`, no new trial is scheduled once
 * the finished trials of this run have cost that much (trials in flight still finish, so a run can overshoot
 * by at most the cost of `concurrency` trials).
 *
 * @throws PeerguardError `E_CONFIG` when `budgetUsd` is set and a model is unpriced.
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
  /** Retry policy for provider models (default {@link DEFAULT_RETRY_POLICY}). */
  retry?: RetryPolicy;
  /** Abort a trial after this many ms (default: no limit). */
  trialTimeoutMs?: number;
  /** Stop scheduling trials once this run has spent this many USD. */
  budgetUsd?: number;
  /** Where the real CLIs are installed and how they run (`--harness gemini-cli|opencode`). */
  realCli?: RealCliOptions;
  /** Serve repeated requests from this cache (`--cache`). */
  cache?: SqliteResponseCache;
  /** Jitter source for backoff (default Math.random). */
  random?: () => number;
  /** Re-assesses each finished trial before it is saved (e.g. the judge for `run --judge`); must not throw for a verdict. */
  assess?: (record: TrialRecord, trial: PlannedTrial) => Promise<TrialRecord>;
  /**
   * Saves the batches off the event loop (a {@link BackgroundTrialSaver} on the same database) instead of
   * `store.saveTrials`; the run waits for every batch before it returns. The store is still read (completed keys).
   */
  saver?: TrialSaver;
}): Promise<ExperimentResult> {
  if (args.budgetUsd !== undefined) {
    const unpriced = [...args.models.values()].filter((m) => m.price === null).map((m) => m.ref);
    if (unpriced.length > 0) throw new PeerguardError('E_CONFIG', `--budget needs a price for every model; no price for: ${unpriced.join(', ')} (see models/prices.yaml)`);
  }
  const started = performance.now();
  const completed = args.store.completedKeys();
  const pending = args.trials.filter((t) => !completed.has(t.key));
  const progress: ExperimentProgress = { total: args.trials.length, skipped: args.trials.length - pending.length, done: 0, errors: 0, elapsedMs: 0, retries: 0, waitingMs: 0, costUsd: 0 };
  const waits = new Map<RetryNotice, number>();
  const report = (): void => {
    const now = performance.now();
    progress.elapsedMs = now - started;
    progress.waitingMs = Math.max(0, ...[...waits.values()].map((until) => until - now));
    args.onProgress?.({ ...progress });
  };
  const limiters = new Map<string, AdaptiveConcurrency>();
  const limiterFor = (provider: string): AdaptiveConcurrency => {
    let limiter = limiters.get(provider);
    if (!limiter) {
      limiter = new AdaptiveConcurrency({ initial: args.concurrency, max: args.concurrency });
      limiters.set(provider, limiter);
    }
    return limiter;
  };
  // Trials of one scenario start from the same world: their tools' first listings are rendered once per run.
  const yamlCache = new YamlOutputCache();
  // Every epoch of a cell has the same setup: rendered once per run.
  const setupCache = new TrialSetupCache();
  // …so their conversations can start from the same tool list and opening messages (serialized once per cell).
  const startCache = new ConversationStartCache();
  const wrapFor = (resolved: ResolvedModel) => (model: LanguageModelV3, trial: PlannedTrial): LanguageModelV3 => {
    if (resolved.provider === undefined || resolved.provider === 'reference') return model;
    const retrying = createRetryingModel(model, {
      policy: args.retry ?? DEFAULT_RETRY_POLICY,
      limiter: limiterFor(resolved.provider),
      ...(args.random ? { random: args.random } : {}),
      observer: {
        onRetry: (notice) => {
          progress.retries += 1;
          waits.set(notice, performance.now() + notice.delayMs);
          report();
        },
        onWaitEnd: (notice) => {
          waits.delete(notice);
          report();
        },
      },
    });
    return args.cache ? createCachingModel(retrying, { cache: args.cache, modelRef: resolved.ref, epoch: trial.epoch }) : retrying;
  };
  let buffer: TrialRecord[] = [];
  let lastFlush = performance.now();
  const flushEveryMs = args.flushIntervalMs ?? 200;
  // A failed save keeps its batch in the buffer for the next flush to try again. When saving fails twice in a row
  // (disk full, read-only database) scheduling stops: the trials in flight finish, one last save is tried, and the
  // failure is thrown, naming how many finished trials could not be saved (or, if that last save worked, how many
  // trials were never started). A single failure that the next save recovers from does not stop the run.
  let lastSaveFailure: unknown;
  let failedSavesInARow = 0;
  let stoppedBySaveFailure = false;
  const saveFailed = (error: unknown): void => {
    lastSaveFailure = error;
    failedSavesInARow += 1;
  };
  const saveSucceeded = (): void => {
    failedSavesInARow = 0;
  };
  const saves = new Set<Promise<void>>();
  const flush = (): void => {
    if (buffer.length === 0) return;
    if (args.saver) {
      // A failed batch goes back into the buffer: the next flush (at the latest the last one) tries it again.
      const batch = buffer;
      buffer = [];
      lastFlush = performance.now();
      const saving = args.saver.save(batch).then(saveSucceeded, (error: unknown) => {
        saveFailed(error);
        buffer.unshift(...batch);
      });
      saves.add(saving);
      void saving.then(() => saves.delete(saving));
      return;
    }
    try {
      args.store.saveTrials(buffer);
    } catch (error) {
      saveFailed(error);
      return;
    }
    saveSucceeded();
    buffer = [];
    lastFlush = performance.now();
  };
  let next = 0;
  let interrupted = false;
  let budgetExhausted = false;
  // A finished trial: buffered for saving (flushed in batches) and counted.
  const accept = (record: TrialRecord): void => {
    buffer.push(record);
    progress.done += 1;
    if (record.status === 'error') progress.errors += 1;
    progress.costUsd += record.costUsd ?? 0;
    if (buffer.length >= 200 || performance.now() - lastFlush >= flushEveryMs) flush();
    report();
  };
  // Pipelining: a worker starts its next trial as soon as the current one's model calls are over, and the current
  // one's detectors run a moment later (runTrial's `onAgentDone`), so a burst of replies is turned into next
  // requests before any trial is scored. Each worker has at most one trial waiting to be scored, and waits for it
  // before it starts another. Not with a judge (its calls would overlap the next trial's) or a budget (the cost of
  // a trial still being scored would not be counted yet).
  const pipelined = args.assess === undefined && args.budgetUsd === undefined;
  const worker = async (): Promise<void> => {
    let scoring: Promise<void> | undefined;
    while (next < pending.length) {
      if (failedSavesInARow >= 2) {
        stoppedBySaveFailure = true;
        break;
      }
      if (args.signal?.aborted) {
        interrupted = true;
        break;
      }
      if (args.budgetUsd !== undefined && progress.costUsd >= args.budgetUsd) {
        budgetExhausted = true;
        break;
      }
      const trial = pending[next++]!;
      const model = args.models.get(trial.model);
      if (!model) throw new Error(`no resolved model for ${trial.model}`);
      let agentDone: () => void = () => {};
      const agentOver = new Promise<void>((resolve) => {
        agentDone = resolve;
      });
      const finished = runTrial({
        pack: args.pack,
        trial,
        model,
        runId: args.runId,
        wrapModel: wrapFor(model),
        yamlCache,
        setupCache,
        startCache,
        // The run's signal is not passed on: an interrupt lets trials in flight finish (and be saved).
        ...(args.trialTimeoutMs === undefined ? {} : { trialTimeoutMs: args.trialTimeoutMs }),
        ...(args.realCli === undefined ? {} : { realCli: args.realCli }),
        ...(pipelined ? { onAgentDone: agentDone } : {}),
      }).then(async (record) => {
        accept(args.assess !== undefined && record.status === 'completed' ? await args.assess(record, trial) : record);
      });
      // A rejection of `finished` (a bug: runTrial records failures) is handled here or below, never left unhandled.
      await (pipelined ? Promise.race([agentOver, finished]) : finished);
      if (scoring !== undefined) await scoring;
      scoring = finished;
      // Reference agents resolve synchronously; yield now and then so signals and timers are serviced.
      if (progress.done % 64 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await scoring;
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(args.concurrency, pending.length || 1)) }, worker));
  } finally {
    flush();
    await Promise.all(saves);
    // One last try for batches that failed in the background.
    if (args.saver && buffer.length > 0) {
      flush();
      await Promise.all(saves);
    }
    // The run is over: release the models' keep-alive pools (a later create opens a fresh one).
    await Promise.all([...args.models.values()].map((model) => model.close?.()));
  }
  // The save failure, with what it means for this run (the same code; the message says what is lost or left).
  const saveError = (consequence: string): PeerguardError => {
    const cause = lastSaveFailure ?? new PeerguardError('E_STORE_FULL', 'saving failed');
    const message = cause instanceof Error ? cause.message : String(cause);
    return new PeerguardError(cause instanceof PeerguardError ? cause.code : 'E_STORE_FULL', `${message}; ${consequence}`, { cause });
  };
  if (buffer.length > 0) {
    throw saveError(`${buffer.length} finished trial(s) of this run could not be saved and will run again on resume`);
  }
  if (stoppedBySaveFailure && progress.done + progress.skipped < progress.total) {
    // The last save worked, so nothing finished is lost, but the run stopped early and must not look complete.
    const unstarted = progress.total - progress.skipped - progress.done;
    throw saveError(`saving failed twice in a row, so the run stopped early: every finished trial is saved, ${unstarted} trial(s) not started will run on resume`);
  }
  progress.elapsedMs = performance.now() - started;
  progress.waitingMs = 0;
  if (args.signal?.aborted && progress.done + progress.skipped < progress.total) interrupted = true;
  return { ...progress, interrupted, budgetExhausted };
}
