import type { Migration } from '../migration.js';
import { migration001Initial } from './001-initial.js';
import { migration002CostsAndCache } from './002-costs-and-cache.js';
import { migration003FindingRevisions } from './003-finding-revisions.js';
import { migration009PaperImportsAndLabels } from './009-paper-imports-and-labels.js';
import { reservedMigrations004To008 } from './reserved-004-008.js';

/** Every schema migration, in order. Append new ones (`00N-….ts`); never edit or reorder released ones. */
export const migrations: readonly Migration[] = [migration001Initial, migration002CostsAndCache, migration003FindingRevisions, ...reservedMigrations004To008, migration009PaperImportsAndLabels];
