import { Worker } from 'node:worker_threads';
import { PeerguardError } from '../core/peerguard-error.js';
import type { TrialRecord } from '../records/trial-record.js';
import type { SaveReply, SaveRequest } from './trial-saver-worker.js';

/** Saves finished trials somewhere other than the event loop; `save` settles when the batch is committed. */
export interface TrialSaver {
  /** Resolves once the whole batch is committed (one transaction); rejects, saving none of it, otherwise. */
  save(records: readonly TrialRecord[]): Promise<void>;
}

/**
 * Saves trial batches in a worker thread with its own connection to the SQLite result store (WAL: the run's own
 * connection keeps reading and, for `--cache`, writing beside it), so transcript gzip and the inserts of trials
 * and findings leave the event loop that drives the model calls. Each batch is one transaction, as with
 * `SqliteResultStore.saveTrials`: a crash (even SIGKILL) loses only batches not yet committed, whose trials run
 * again on resume; no trial is ever half stored. Batches commit in the order they were sent.
 *
 * Opened per run and closed by its owner ({@link close} waits for every batch sent). Only for file databases
 * (`:memory:` is private to its connection).
 */
export class BackgroundTrialSaver implements TrialSaver {
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: SaveReply) => {
      const pending = this.waiting.get(reply.id);
      if (pending === undefined) return;
      this.waiting.delete(reply.id);
      if (reply.error === undefined) pending.resolve();
      else pending.reject(new PeerguardError(reply.error.code, reply.error.message));
    });
    // A worker that dies (it should not) fails every batch not yet answered, and every later one.
    const fail = (error: Error): void => {
      this.failure = new PeerguardError('E_STORE_FULL', `the trial-saving thread stopped: ${error.message}`, { cause: error });
      for (const pending of this.waiting.values()) pending.reject(this.failure);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.waiting.size > 0 || !this.closed) fail(new Error(`exit status ${code}`));
    });
  }

  /** Starts the saving thread for the result store at `dbPath` (already created and migrated by the caller). */
  static open(dbPath: string): BackgroundTrialSaver {
    if (dbPath === ':memory:') throw new PeerguardError('E_INTERNAL', 'an in-memory result store cannot be saved to from another thread');
    return new BackgroundTrialSaver(new Worker(new URL('./trial-saver-worker.js', import.meta.url), { workerData: { dbPath } }));
  }

  save(records: readonly TrialRecord[]): Promise<void> {
    if (this.closed) return Promise.reject(new PeerguardError('E_INTERNAL', 'the trial saver is closed'));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    const saved = new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: SaveRequest = { id, records: records as TrialRecord[] };
      this.worker.postMessage(request);
    });
    this.inFlight.add(saved);
    const settle = (): void => void this.inFlight.delete(saved);
    saved.then(settle, settle);
    return saved;
  }

  /** Waits for every batch sent, then stops the thread (its connection closes). Failed batches stay failed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    await exited;
  }
}
