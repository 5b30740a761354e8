import type { Migration } from '../migration.js';
import { migration001Initial } from './001-initial.js';
import { migration002ReservedProviders } from './002-reserved-providers.js';
import { migration003FindingRevisions } from './003-finding-revisions.js';

/** Every schema migration, in order. Append new ones (`002-….ts`); never edit or reorder released ones. */
export const migrations: readonly Migration[] = [migration001Initial, migration002ReservedProviders, migration003FindingRevisions];
