import type { Migration } from '../migration.js';

/**
 * Schema 8 (store performance): covering indexes, so that the reads of every trial that a report makes never touch
 * a `trials` row, whose transcript blob shares its pages (and whose later columns, `cost_usd` and the factors, lie
 * behind that blob's overflow pages).
 *
 * - `trials_by_model_cell (model, cell_id, status, cost_usd, epoch, key)`: the cost totals (`GROUP BY model`, index
 *   order, no sort) and the scan of trials behind the study's tables (model, cell, status, key; consecutive trials
 *   share their cell). It supersedes schema 4's `trials_by_cell_id (model, cell_id)`, its prefix, which is dropped.
 * - `findings_by_trial_verdict (trial_key, position, verdict, outcome, value, method)`: a trial's findings in
 *   detector order without their reason and evidence (the join behind the study's tables).
 *
 * Only indexes are created and dropped: no table is rebuilt, so schema 7's `report_counts` triggers stay in place.
 * On a 100,000-trial store (870 MiB) the upgrade takes a few seconds once (it reads every trial row and finding;
 * docs/performance.md) and adds about 100 MiB.
 */
export const migration008ReportIndexes: Migration = {
  version: 8,
  name: 'report-indexes',
  up(db) {
    // A store made by a pre-merge development build with placeholder migrations lacks schema 2/4's columns; it is
    // refused after migrating (with how to recover), so there is nothing to index here (as in schema 7).
    const columns = new Set(db.prepare("SELECT name FROM pragma_table_info('trials')").pluck().all() as string[]);
    if (!columns.has('cost_usd') || !columns.has('peer_identity')) return;
    db.exec(`
      CREATE INDEX trials_by_model_cell ON trials (model, cell_id, status, cost_usd, epoch, key);
      DROP INDEX IF EXISTS trials_by_cell_id;
      CREATE INDEX findings_by_trial_verdict ON findings (trial_key, position, verdict, outcome, value, method);
    `);
  },
};
