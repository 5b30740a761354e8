import { createHash } from 'node:crypto';

/**
 * The sampling seed one trial sends to providers that accept seeds: derived from the run's base seed
 * (`--seed N`) and the trial key, so a trial replays with the same seed while epochs and cells stay independent.
 * A non-negative 31-bit integer (every provider's seed field accepts that range).
 */
export function trialSeed(baseSeed: number, trialKey: string): number {
  return createHash('sha256').update(`${baseSeed}:${trialKey}`).digest().readUInt32BE(0) & 0x7fffffff;
}
