import type { Migration } from '../migration.js';

/**
 * PLACEHOLDER for the providers branch's migration 002 (migration numbers are assigned per branch: providers 002,
 * judge 003). It exists only so that this branch's 003 is numbered correctly on its own. When the branches are
 * merged, replace this entry with the providers' real 002 and delete this file. A development database created on
 * this branch alone reports version 3 without the providers' changes; recreate it after the merge.
 */
export const migration002ReservedProviders: Migration = {
  version: 2,
  name: 'reserved-providers',
  up() {
    // Intentionally empty: see above.
  },
};
