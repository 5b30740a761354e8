import type { Migration } from '../migration.js';

/**
 * Placeholders for schema versions 2 (providers branch) and 3 (judge branch), so that this branch's migration 4
 * numbers correctly on its own. When the branches are merged, replace these with the real 002 and 003 and delete
 * this file; a store created on this branch alone must then be recreated.
 */
export const reservedMigration002: Migration = { version: 2, name: 'reserved-for-providers', up() {} };
export const reservedMigration003: Migration = { version: 3, name: 'reserved-for-judge', up() {} };
