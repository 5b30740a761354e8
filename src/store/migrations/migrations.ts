import type { Migration } from '../migration.js';
import { migration001Initial } from './001-initial.js';
import { migration004CellFactors } from './004-cell-factors.js';
import { reservedMigration002, reservedMigration003 } from './reserved-migrations.js';

/** Every schema migration, in order. Append new ones (`002-….ts`); never edit or reorder released ones. */
export const migrations: readonly Migration[] = [migration001Initial, reservedMigration002, reservedMigration003, migration004CellFactors];
