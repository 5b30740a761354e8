import type { Migration } from '../migration.js';
import { migration001Initial } from './001-initial.js';
import { migration005ReportCounts } from './005-report-counts.js';

/**
 * Versions 2–4 are assigned to other branches (providers, judge, design); until they are merged these
 * placeholders keep the numbering 1…N. At merge, replace each placeholder with the real migration.
 */
const reserved = (version: number, owner: string): Migration => ({ version, name: `reserved-for-${owner}`, up() {} });

/** Every schema migration, in order. Append new ones (`002-….ts`); never edit or reorder released ones. */
export const migrations: readonly Migration[] = [
  migration001Initial,
  reserved(2, 'providers'),
  reserved(3, 'judge'),
  reserved(4, 'design'),
  migration005ReportCounts,
];
