import { fileURLToPath } from 'node:url';

/** The repository's `models/` data folder (roster and prices); code runs from `dist/src/models/`. */
export function modelsDataDir(): string {
  return fileURLToPath(new URL('../../../models/', import.meta.url));
}
