import type { Migration } from '../migration.js';

/**
 * Schema 4 (design branch): the ablation factors of a cell. Existing rows get the defaults, which is what their
 * cells meant: own-family peer, the run's memory prompt and scratchpad (stored as ''), standard instruction, AI target.
 */
export const migration004CellFactors: Migration = {
  version: 4,
  name: 'cell-factors',
  up(db) {
    db.exec(`
      ALTER TABLE trials ADD COLUMN peer_identity TEXT NOT NULL DEFAULT 'own-family';
      ALTER TABLE trials ADD COLUMN memory_prompt TEXT NOT NULL DEFAULT '';
      ALTER TABLE trials ADD COLUMN scratchpad TEXT NOT NULL DEFAULT '';
      ALTER TABLE trials ADD COLUMN instruction TEXT NOT NULL DEFAULT 'standard';
      ALTER TABLE trials ADD COLUMN target TEXT NOT NULL DEFAULT 'ai';
      CREATE INDEX trials_by_cell_id ON trials (model, cell_id);
    `);
  },
};
