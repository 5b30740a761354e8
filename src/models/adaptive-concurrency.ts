/**
 * An AIMD concurrency limit for one provider: at most `limit` calls in flight; a rate-limit answer halves the
 * limit (multiplicative decrease, never below `min`), each success adds 1/limit (about +1 per round of
 * successful calls, additive increase, never above `max`). Waiters are served first come, first served.
 */
export class AdaptiveConcurrency {
  private current: number;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly options: { initial: number; min?: number; max?: number }) {
    this.current = Math.max(this.min, Math.min(options.initial, this.max));
  }

  private get min(): number {
    return Math.max(1, this.options.min ?? 1);
  }

  private get max(): number {
    return Math.max(this.min, this.options.max ?? this.options.initial);
  }

  /** The current limit, rounded down (what `acquire` enforces). */
  get limit(): number {
    return Math.max(this.min, Math.floor(this.current));
  }

  /** Calls holding a slot now. */
  get inFlight(): number {
    return this.active;
  }

  /**
   * Waits for a slot; resolves to the function that gives it back (call it exactly once).
   * @throws the signal's reason when aborted while waiting.
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.active < this.limit && this.waiting.length === 0) {
      this.active += 1;
    } else {
      // The slot is handed over by `drain`, which counts it as active before waking us.
      await new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const index = this.waiting.indexOf(wake);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        };
        this.waiting.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.drain();
    };
  }

  /** A 429 (or equivalent) came back: halve the limit. */
  onRateLimit(): void {
    this.current = Math.max(this.min, this.current / 2);
  }

  /** A call succeeded: grow by 1/limit. */
  onSuccess(): void {
    this.current = Math.min(this.max, this.current + 1 / Math.max(1, this.current));
    this.drain();
  }

  private drain(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      const wake = this.waiting.shift()!;
      this.active += 1;
      wake();
    }
  }
}
