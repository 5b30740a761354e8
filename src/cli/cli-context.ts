import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { SqliteResultStore } from '../store/sqlite-result-store.js';

/** The database used when `--db` is not given: `.peerguard/peerguard.db` under the working directory. */
export function defaultDbPath(cwd: string = process.cwd()): string {
  return join(cwd, '.peerguard', 'peerguard.db');
}

export function openStore(path: string | undefined): { store: SqliteResultStore; path: string } {
  const resolved = path ?? defaultDbPath();
  return { store: SqliteResultStore.open(resolved), path: resolved };
}

/** Commander collector for repeatable flags. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

export function positiveInteger(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got "${value}"`);
    return parsed;
  };
}

export function nonNegativeInteger(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError(`${flag} must be a whole number ≥ 0, got "${value}"`);
    return parsed;
  };
}

/** Commander parser for a number > 0 (USD amounts, seconds). */
export function positiveNumber(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError(`${flag} must be a number > 0, got "${value}"`);
    return parsed;
  };
}
