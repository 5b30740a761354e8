// What a finite benchmark run loses at its end: once every call or trial has been started, the slots whose work
// is done sit idle until the slowest finishes. A harness that runs whole multi-call trials idles longer there than
// a client that schedules single calls, whatever its per-call overhead, so the throughput bench reports this share
// beside the ratio.

/**
 * The share of slot-time (`slots` × `totalMs`) spent idle after the last piece of work was started: each slot's
 * idle time runs from its last piece's end to the run's end, and the last `slots` ends are those last pieces (a
 * slot that finished early had no more work to take, so nothing ended after it on that slot).
 * @param endTimesMs when each piece of work (a call, a trial) ended, in ms from the run's start, in any order.
 */
export function endOfRunIdleShare(endTimesMs: readonly number[], totalMs: number, slots: number): number {
  if (totalMs <= 0 || slots <= 0 || endTimesMs.length === 0) return 0;
  const last = [...endTimesMs].sort((a, b) => a - b).slice(-slots);
  const idle = last.reduce((sum, end) => sum + Math.max(0, totalMs - end), 0);
  return idle / (slots * totalMs);
}
