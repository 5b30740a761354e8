import type { Migration } from '../migration.js';

/**
 * The group columns of `report_counts`, as read from a `trials` row aliased `t`: exactly what
 * `aggregate({ byCell: true })` groups by — the study's factors, the cell settings, and the company and ablation
 * factors of schema 4 (stored with their defaults, so the study's rows keep one group each).
 */
const GROUP_FROM_TRIAL =
  't.model, t.family, t.subject, t.relationship, t.instantiation, t.dataset, t.threshold, IFNULL(t.threshold, -1), t.monitoring, ' +
  't.company, t.peer_identity, t.memory_prompt, t.scratchpad, t.instruction, t.target';
const GROUP_COLUMNS =
  'model, family, subject, relationship, instantiation, dataset, threshold, threshold_key, monitoring, ' +
  'company, peer_identity, memory_prompt, scratchpad, instruction, target';
const GROUP_BY_TRIAL =
  't.model, t.family, t.subject, t.relationship, t.instantiation, t.dataset, IFNULL(t.threshold, -1), t.monitoring, ' +
  't.company, t.peer_identity, t.memory_prompt, t.scratchpad, t.instruction, t.target';
const CONFLICT_KEY =
  'model, family, subject, relationship, instantiation, dataset, threshold_key, monitoring, ' +
  'company, peer_identity, memory_prompt, scratchpad, instruction, target, verdict';
const ACCUMULATE = `ON CONFLICT (${CONFLICT_KEY}) DO UPDATE SET
  n = n + excluded.n, k = k + excluded.k, unscorable = unscorable + excluded.unscorable,
  value_sum = value_sum + excluded.value_sum, value_count = value_count + excluded.value_count, errors = errors + excluded.errors`;

/** Updates of these trial columns move a trial between groups or in and out of the counts. */
const TRIAL_GROUP_UPDATE =
  'key, status, model, family, subject, relationship, instantiation, dataset, threshold, monitoring, ' +
  'company, peer_identity, memory_prompt, scratchpad, instruction, target';

const isNumber = (value: string) => `(json_type(${value}) IN ('integer', 'real'))`;

/** Adds (sign 1) or removes (sign -1) one finding's contribution; `row` is NEW or OLD of `findings`, `f` in bulk. */
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

/**
 * Schema 5 (report and viewer): `report_counts`, the finding and error counts per cell group and verdict that
 * `aggregate({ byCell: true })` computes (groups include the company and the ablation factors of schema 4), kept
 * current by triggers on every insert, update and delete of trials and findings, so that a report or the viewer
 * reads a few thousand rows instead of grouping every finding (100,000 trials: ~2 s → a few ms). Rows with verdict
 * `''` carry a group's errored-trial count. Since schema 3, `findings` holds only the current revision's counted
 * (non-advisory) findings, and a rescore replaces them by delete + insert, so the finding triggers follow rescores;
 * `finding_history` is never counted. Also covering indexes for the viewer's paged listings by factor and by verdict
 * outcome (100,000 trials: ~200–900 ms → tens of ms).
 */
export const migration005ReportCounts: Migration = {
  version: 5,
  name: 'report-counts',
  up(db) {
    db.exec(`
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

      CREATE INDEX trials_listing ON trials (family, model, subject, relationship, instantiation, monitoring, dataset, threshold, status, started_at, key);
      CREATE INDEX findings_by_verdict_outcome ON findings (verdict, outcome, trial_key);
    `);
  },
};
