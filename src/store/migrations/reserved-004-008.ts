import type { Migration } from '../migration.js';

/**
 * Placeholders for the schema versions assigned to other branches (design 004, report 005, shell 006, 007 unused,
 * clis 008), so that this branch's migration 009 is numbered correctly alone (`applyMigrations` requires 1…N in
 * order). Each does nothing. At merge, replace each entry by the branch's real migration (or keep it where a
 * branch had none), and delete this file when all are replaced. The same device as the judge branch's reserved 002.
 */
function reserved(version: number, owner: string): Migration {
  return { version, name: `reserved-${owner}`, up: () => undefined };
}

/** Versions 4…8, empty. */
export const reservedMigrations004To008: readonly Migration[] = [
  reserved(4, 'design'),
  reserved(5, 'report'),
  reserved(6, 'shell'),
  reserved(7, 'unassigned'),
  reserved(8, 'clis'),
];
