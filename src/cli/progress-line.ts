import type { ExperimentProgress } from '../experiment/run-experiment.js';

/** Formats the one-line progress display: done/total, errors, retries and waits, spend, elapsed and ETA. */
export function formatProgress(progress: ExperimentProgress): string {
  const todo = progress.total - progress.skipped;
  const rate = progress.done / Math.max(progress.elapsedMs, 1);
  const etaMs = rate > 0 ? (todo - progress.done) / rate : 0;
  const skipped = progress.skipped > 0 ? ` (${progress.skipped} already stored)` : '';
  const retries = progress.retries > 0 ? ` · retries ${progress.retries}` : '';
  const waiting = progress.waitingMs > 0 ? ` · waiting ${(progress.waitingMs / 1000).toFixed(1)}s to retry` : '';
  const cost = progress.costUsd > 0 ? ` · $${progress.costUsd.toFixed(4)}` : '';
  return `trials ${progress.done}/${todo}${skipped} · errors ${progress.errors}${retries}${waiting}${cost} · ${(progress.elapsedMs / 1000).toFixed(1)}s · ETA ${(etaMs / 1000).toFixed(1)}s`;
}

/** Writes progress to a stream: rewriting one line on a terminal, a line every `intervalMs` otherwise. */
export function createProgressReporter(stream: NodeJS.WriteStream, intervalMs = 2000): { update(p: ExperimentProgress): void; finish(p: ExperimentProgress): void } {
  let last = 0;
  let lastRetries = 0;
  const tty = stream.isTTY === true;
  return {
    update(progress) {
      const now = Date.now();
      // A new retry is always shown at once, so a run that waits never looks stuck.
      const retried = progress.retries > lastRetries;
      lastRetries = progress.retries;
      if (!retried && now - last < (tty ? 100 : intervalMs)) return;
      last = now;
      stream.write(tty ? `\r\x1b[2K${formatProgress(progress)}` : `${formatProgress(progress)}\n`);
    },
    finish(progress) {
      stream.write(tty ? `\r\x1b[2K${formatProgress(progress)}\n` : `${formatProgress(progress)}\n`);
    },
  };
}
