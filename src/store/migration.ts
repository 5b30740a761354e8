import type { Database } from 'better-sqlite3';
import { StoreError } from './store-error.js';

/** One numbered schema change. Versions are 1, 2, 3, … in list order; a migration never changes once released. */
export interface Migration {
  version: number;
  name: string;
  /** Applies the change; runs inside the migration transaction, so it must not commit or change `journal_mode`. */
  up(db: Database): void;
}

/**
 * Brings `db` to the newest schema: applies, in order and inside one immediate transaction, every migration
 * whose version is above `PRAGMA user_version`, then sets `user_version` to the last one. A no-op when current.
 * Errors propagate unchanged (the transaction rolls back); nothing is swallowed.
 *
 * @param path - the database path, named in error messages.
 * @throws StoreError `E_STORE_VERSION` when the database is newer than the newest migration.
 * @throws Error when `migrations` is not numbered 1…N in order (a programming error).
 */
export function applyMigrations(db: Database, migrations: readonly Migration[], path: string): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
  const latest = migrations.length;
  const checkVersion = (): number => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new StoreError(
        'E_STORE_VERSION',
        `result store ${path} has schema version ${current}, newer than this peerguard supports (${latest}); upgrade peerguard`,
      );
    }
    return current;
  };
  // An up-to-date store needs no write lock, so opening it never waits for a busy writer.
  if (checkVersion() === latest) return;
  const migrate = db.transaction(() => {
    // Read again inside the write transaction so that two processes opening a new file cannot both migrate.
    const current = checkVersion();
    for (const migration of migrations.slice(current)) migration.up(db);
    if (current < latest) db.pragma(`user_version = ${latest}`);
  });
  migrate.immediate();
}
