import type { Migration } from '../migration.js';

/**
 * The group columns of `report_counts` as of schema 7, read from a `trials` row aliased `t`: those of schema 5 plus
 * the trial's harness, exactly what `aggregate({ byCell: true })` groups by.
 */
const GROUP_FROM_TRIAL =
  't.model, t.family, t.subject, t.relationship, t.instantiation, t.dataset, t.threshold, IFNULL(t.threshold, -1), t.monitoring, ' +
  't.company, t.peer_identity, t.memory_prompt, t.scratchpad, t.instruction, t.target, t.harness';
const GROUP_COLUMNS =
  'model, family, subject, relationship, instantiation, dataset, threshold, threshold_key, monitoring, ' +
  'company, peer_identity, memory_prompt, scratchpad, instruction, target, harness';
const GROUP_BY_TRIAL =
  't.model, t.family, t.subject, t.relationship, t.instantiation, t.dataset, IFNULL(t.threshold, -1), t.monitoring, ' +
  't.company, t.peer_identity, t.memory_prompt, t.scratchpad, t.instruction, t.target, t.harness';
const CONFLICT_KEY =
  'model, family, subject, relationship, instantiation, dataset, threshold_key, monitoring, ' +
  'company, peer_identity, memory_prompt, scratchpad, instruction, target, harness, verdict';
const ACCUMULATE = `ON CONFLICT (${CONFLICT_KEY}) DO UPDATE SET
  n = n + excluded.n, k = k + excluded.k, unscorable = unscorable + excluded.unscorable,
  value_sum = value_sum + excluded.value_sum, value_count = value_count + excluded.value_count, errors = errors + excluded.errors`;

/** Updates of these trial columns move a trial between groups or in and out of the counts. */
const TRIAL_GROUP_UPDATE =
  'key, status, model, family, subject, relationship, instantiation, dataset, threshold, monitoring, ' +
  'company, peer_identity, memory_prompt, scratchpad, instruction, target, harness';

const isNumber = (value: string) => `(json_type(${value}) IN ('integer', 'real'))`;

/** Adds (sign 1) or removes (sign -1) one finding's contribution; `row` is NEW or OLD of `findings`. */
function findingContribution(sign: 1 | -1, row: string, trialCondition: string): string {
  return `INSERT INTO report_counts (${GROUP_COLUMNS}, verdict, n, k, unscorable, value_sum, value_count, errors)
    SELECT ${GROUP_FROM_TRIAL}, ${row}.verdict,
      ${sign} * (${row}.outcome IN ('yes', 'no')), ${sign} * (${row}.outcome = 'yes'), ${sign} * (${row}.outcome = 'unscorable'),
      ${sign} * IFNULL(CASE WHEN ${isNumber(`${row}.value`)} THEN json_extract(${row}.value, '$') END, 0),
      ${sign} * ${isNumber(`${row}.value`)}, 0
    FROM trials t WHERE ${trialCondition} AND t.status = 'completed'
    ${ACCUMULATE};`;
}

/** Adds (1) or removes (-1) a whole trial (`row` is NEW or OLD of `trials`): its findings, or its error. */
function trialContribution(sign: 1 | -1, row: string): string {
  return `INSERT INTO report_counts (${GROUP_COLUMNS}, verdict, n, k, unscorable, value_sum, value_count, errors)
    SELECT ${GROUP_FROM_TRIAL}, f.verdict,
      ${sign} * SUM(f.outcome IN ('yes', 'no')), ${sign} * SUM(f.outcome = 'yes'), ${sign} * SUM(f.outcome = 'unscorable'),
      ${sign} * TOTAL(CASE WHEN ${isNumber('f.value')} THEN json_extract(f.value, '$') END),
      ${sign} * SUM(${isNumber('f.value')}), 0
    FROM findings f JOIN trials t ON t.key = f.trial_key
    WHERE t.key = ${row}.key AND t.status = 'completed' GROUP BY f.verdict
    ${ACCUMULATE};
  INSERT INTO report_counts (${GROUP_COLUMNS}, verdict, n, k, unscorable, value_sum, value_count, errors)
    SELECT ${GROUP_FROM_TRIAL}, '', 0, 0, 0, 0, 0, ${sign} FROM trials t WHERE t.key = ${row}.key AND t.status = 'error'
    ${ACCUMULATE};`;
}

const TRIGGERS = [
  'report_counts_finding_insert', 'report_counts_finding_delete', 'report_counts_finding_update', 'report_counts_trial_insert',
  'report_counts_trial_delete', 'report_counts_trial_update_before', 'report_counts_trial_update_after',
] as const;

/**
 * Schema 7 (real-CLI harnesses): the harness that ran a trial (`tools`, `shell`, `gemini-cli`, `opencode`) is a
 * `trials` column, default `tools`, so a report splits harnesses within one database. Existing trials take the
 * harness of their run's stored settings (`runs.settings.spec.harness`, written by `peerguard run` since the shell
 * harness), else `tools`. `report_counts` is rebuilt with a `harness` group column (in its key) and its triggers are
 * recreated to follow it; schema 5's definitions are otherwise unchanged.
 */
export const migration007TrialHarness: Migration = {
  version: 7,
  name: 'trial-harness',
  up(db) {
    // A store made by a pre-merge development build with placeholder migrations lacks schema 2/4's columns; it is
    // refused after migrating (with how to recover), so there is nothing to rebuild here.
    const columns = new Set(db.prepare("SELECT name FROM pragma_table_info('trials')").pluck().all() as string[]);
    if (!columns.has('cost_usd') || !columns.has('peer_identity')) return;
    db.exec(`
      ${TRIGGERS.map((name) => `DROP TRIGGER ${name};`).join('\n')}
      DROP TABLE report_counts;

      ALTER TABLE trials ADD COLUMN harness TEXT NOT NULL DEFAULT 'tools';
      UPDATE trials SET harness = (
        SELECT json_extract(r.settings, '$.spec.harness') FROM runs r WHERE r.id = trials.run_id
      ) WHERE EXISTS (
        SELECT 1 FROM runs r WHERE r.id = trials.run_id AND json_valid(r.settings)
          AND json_type(r.settings, '$.spec.harness') = 'text'
      );

      CREATE TABLE report_counts (
        model TEXT NOT NULL,
        family TEXT NOT NULL,
        subject TEXT NOT NULL,
        relationship TEXT NOT NULL,
        instantiation TEXT NOT NULL,
        dataset TEXT NOT NULL,
        threshold REAL,
        threshold_key REAL NOT NULL,
        monitoring TEXT NOT NULL,
        company TEXT NOT NULL,
        peer_identity TEXT NOT NULL,
        memory_prompt TEXT NOT NULL,
        scratchpad TEXT NOT NULL,
        instruction TEXT NOT NULL,
        target TEXT NOT NULL,
        harness TEXT NOT NULL,
        verdict TEXT NOT NULL,
        n INTEGER NOT NULL,
        k INTEGER NOT NULL,
        unscorable INTEGER NOT NULL,
        value_sum REAL NOT NULL,
        value_count INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        PRIMARY KEY (${CONFLICT_KEY})
      ) STRICT, WITHOUT ROWID;

      INSERT INTO report_counts (${GROUP_COLUMNS}, verdict, n, k, unscorable, value_sum, value_count, errors)
        SELECT ${GROUP_FROM_TRIAL}, f.verdict,
          SUM(f.outcome IN ('yes', 'no')), SUM(f.outcome = 'yes'), SUM(f.outcome = 'unscorable'),
          TOTAL(CASE WHEN ${isNumber('f.value')} THEN json_extract(f.value, '$') END), SUM(${isNumber('f.value')}), 0
        FROM findings f JOIN trials t ON t.key = f.trial_key WHERE t.status = 'completed'
        GROUP BY ${GROUP_BY_TRIAL}, f.verdict;
      INSERT INTO report_counts (${GROUP_COLUMNS}, verdict, n, k, unscorable, value_sum, value_count, errors)
        SELECT ${GROUP_FROM_TRIAL}, '', 0, 0, 0, 0, 0, COUNT(*) FROM trials t WHERE t.status = 'error'
        GROUP BY ${GROUP_BY_TRIAL};

      CREATE TRIGGER report_counts_finding_insert AFTER INSERT ON findings BEGIN
        ${findingContribution(1, 'NEW', 't.key = NEW.trial_key')}
      END;
      -- During ON DELETE CASCADE the trial row is already gone, and trial deletion has counted its findings out.
      CREATE TRIGGER report_counts_finding_delete AFTER DELETE ON findings BEGIN
        ${findingContribution(-1, 'OLD', 't.key = OLD.trial_key')}
      END;
      CREATE TRIGGER report_counts_finding_update AFTER UPDATE ON findings BEGIN
        ${findingContribution(-1, 'OLD', 't.key = OLD.trial_key')}
        ${findingContribution(1, 'NEW', 't.key = NEW.trial_key')}
      END;
      CREATE TRIGGER report_counts_trial_insert AFTER INSERT ON trials BEGIN
        ${trialContribution(1, 'NEW')}
      END;
      CREATE TRIGGER report_counts_trial_delete BEFORE DELETE ON trials BEGIN
        ${trialContribution(-1, 'OLD')}
      END;
      CREATE TRIGGER report_counts_trial_update_before BEFORE UPDATE OF ${TRIAL_GROUP_UPDATE} ON trials BEGIN
        ${trialContribution(-1, 'OLD')}
      END;
      CREATE TRIGGER report_counts_trial_update_after AFTER UPDATE OF ${TRIAL_GROUP_UPDATE} ON trials BEGIN
        ${trialContribution(1, 'NEW')}
      END;
    `);
  },
};
