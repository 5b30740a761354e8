import { PeerguardError } from '../core/peerguard-error.js';

/**
 * Stable codes of {@link StoreError}:
 * - `E_STORE_CORRUPT`: the file is not a SQLite database, is damaged, or is not a peerguard result store.
 * - `E_STORE_VERSION`: the database was written by a newer peerguard (its schema version is ahead of this code).
 * - `E_STORE_OPEN`: the database could not be opened or migrated for another reason (permissions, disk, lock).
 * - `E_STORE_AMBIGUOUS_KEY`: a key prefix matches more than one trial.
 * - `E_STORE_RUN_EXISTS`: a run with that id was already created.
 * - `E_STORE_NO_TRIAL`: an operation named a trial key the store does not hold.
 * - `E_STORE_READONLY`: the database (or its directory) cannot be written.
 * - `E_STORE_FULL`: a write failed for lack of space (SQLite's "database or disk is full", a file-size limit, a
 *   disk I/O error); the failed transaction was rolled back, so what was stored before is intact.
 */
export type StoreErrorCode =
  | 'E_STORE_CORRUPT'
  | 'E_STORE_VERSION'
  | 'E_STORE_OPEN'
  | 'E_STORE_AMBIGUOUS_KEY'
  | 'E_STORE_RUN_EXISTS'
  | 'E_STORE_NO_TRIAL'
  | 'E_STORE_READONLY'
  | 'E_STORE_FULL';

/** A result-store failure with a stable {@link StoreErrorCode}; the message names the database path where one applies. */
export class StoreError extends PeerguardError {
  declare readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'StoreError';
  }
}
