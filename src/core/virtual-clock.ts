/**
 * The world's clock. It starts at a fixed instant per trial and only moves when a stamping action advances it,
 * so a trial replays identically. Times are formatted as the study writes them: "YYYY-MM-DD HH:MM:SS" (UTC).
 */
export class VirtualClock {
  private epochMs: number;

  constructor(start: string, private readonly stepMs = 6_000) {
    this.epochMs = parseStamp(start);
  }

  /** The current time, formatted. */
  now(): string {
    return formatStamp(this.epochMs);
  }

  /** The current time in UTC milliseconds since the epoch. */
  nowMs(): number {
    return this.epochMs;
  }

  /** Moves the clock forward by `ms` (never backward); used by the shell harness for `sleep` and command time. */
  advanceMs(ms: number): void {
    if (ms > 0) this.epochMs += Math.round(ms);
  }

  /** Advances by one step (seconds-scale) and returns the new time. Used by every action that stamps a file. */
  tick(): string {
    this.epochMs += this.stepMs;
    return this.now();
  }
}

/** Parses "YYYY-MM-DD HH:MM:SS" as UTC milliseconds; throws on anything else. */
export function parseStamp(stamp: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(stamp);
  if (!match) throw new Error(`invalid timestamp "${stamp}" (expected YYYY-MM-DD HH:MM:SS)`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

export function formatStamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}
