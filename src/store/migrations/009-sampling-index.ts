import type { Migration } from '../migration.js';

/**
 * Schema 9: a covering index for choosing which trials a static report embeds (`SqliteTrialBrowser.sampleKeys`),
 * whose window partitions trials by model, family, subject, relationship, instantiation, monitoring, company and the
 * ablation factors and orders them by status and start time. Without it that read walked every `trials` row, and so
 * every transcript page: on a 100,000-trial store (950 MiB) `report --html` read about 700 MB from a cold cache.
 * With it the read is index-only (1.5 s → 0.6 s warm).
 *
 * It supersedes schema 1's `trials_by_model_family (model, family)`, its prefix, which is dropped. Only indexes
 * change, so the `report_counts` triggers stay in place.
 */
export const migration009SamplingIndex: Migration = {
  version: 9,
  name: 'sampling-index',
  up(db) {
    // As in schemas 7 and 8: a store from a pre-merge development build lacks the factor columns and is refused later.
    const columns = new Set(db.prepare("SELECT name FROM pragma_table_info('trials')").pluck().all() as string[]);
    if (!columns.has('peer_identity') || !columns.has('company')) return;
    db.exec(`
      CREATE INDEX trials_sampling ON trials (model, family, subject, relationship, instantiation, monitoring, company,
        peer_identity, memory_prompt, scratchpad, instruction, target, status, started_at, key);
      DROP INDEX IF EXISTS trials_by_model_family;
    `);
  },
};
