import type { ExperimentProgress } from '../experiment/run-experiment.js';

/** Formats the one-line progress display: done/total, errors, elapsed and ETA. */
export function formatProgress(progress: ExperimentProgress): string {
  const todo = progress.total - progress.skipped;
  const rate = progress.done / Math.max(progress.elapsedMs, 1);
  const etaMs = rate > 0 ? (todo - progress.done) / rate : 0;
  const skipped = progress.skipped > 0 ? ` (${progress.skipped} already stored)` : '';
  return `trials ${progress.done}/${todo}${skipped} · errors ${progress.errors} · ${(progress.elapsedMs / 1000).toFixed(1)}s · ETA ${(etaMs / 1000).toFixed(1)}s`;
}

/** Writes progress to a stream: rewriting one line on a terminal, a line every `intervalMs` otherwise. */
export function createProgressReporter(stream: NodeJS.WriteStream, intervalMs = 2000): { update(p: ExperimentProgress): void; finish(p: ExperimentProgress): void } {
  let last = 0;
  const tty = stream.isTTY === true;
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < (tty ? 100 : intervalMs)) return;
      last = now;
      stream.write(tty ? `\r\x1b[2K${formatProgress(progress)}` : `${formatProgress(progress)}\n`);
    },
    finish(progress) {
      stream.write(tty ? `\r\x1b[2K${formatProgress(progress)}\n` : `${formatProgress(progress)}\n`);
    },
  };
}
