import type { Migration } from '../migration.js';

/**
 * Schema 2 (providers): the cost of each trial in USD (null = unpriced; trials stored before this migration
 * read as null, "unknown", never as free), and the optional response cache (`--cache`), keyed by a content
 * hash of the full request and the trial epoch.
 */
export const migration002CostsAndCache: Migration = {
  version: 2,
  name: 'costs-and-cache',
  up(db) {
    db.exec(`
      ALTER TABLE trials ADD COLUMN cost_usd REAL;

      CREATE TABLE response_cache (
        key TEXT PRIMARY KEY,
        model TEXT NOT NULL,
        created_at TEXT NOT NULL,
        response TEXT NOT NULL
      ) STRICT;
    `);
  },
};
