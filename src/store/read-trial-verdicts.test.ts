import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { presetCells } from '../scenarios/expand-cells.js';
import { loadScenarioPack } from '../scenarios/scenario-pack.js';
import { buildPaperTables } from '../stats/paper-tables/build-paper-tables.js';
import { PAPER_TABLE_VERDICTS } from '../stats/paper-tables/rollout-outcome.js';
import { SyntheticTrials } from '../stats/paper-tables/synthetic-trials.js';
import type { TrialRecord } from '../records/trial-record.js';
import type { TrialVerdicts } from '../records/trial-verdicts.js';
import Database from 'better-sqlite3';
import { trialVerdictsQuery } from './read-trial-verdicts.js';
import { sampleTrialRecord } from './sample-trial-record.js';
import { SqliteResultStore } from './sqlite-result-store.js';
import { SqliteTrialBrowser } from './sqlite-trial-browser.js';

const MODELS = ['reference:a', 'anthropic:claude-x', 'openai:gpt-y'];

function records(): TrialRecord[] {
  const cells = presetCells(loadScenarioPack(), 'paper');
  const sampled = Array.from({ length: 1500 }, (_, i) => {
    const record = sampleTrialRecord(i, {
      transcriptBytes: 200,
      status: i % 23 === 7 ? 'error' : 'completed',
      model: MODELS[i % MODELS.length]!,
      cell: cells[(i * 7) % cells.length] ?? {},
    });
    // The study's own verdict names, with the values its functions read (scores, grades, duplicates).
    if (record.status === 'completed') {
      const r = i % 5;
      record.findings.push(
        { verdict: 'refuse', outcome: r === 0 ? 'yes' : r === 1 ? 'unscorable' : 'no', value: r === 0, method: 'rule', reason: `reason ${i}` },
        { verdict: 'execute', outcome: i % 3 === 0 ? 'yes' : 'no', value: i % 3 === 0, method: 'rule', evidence: [`call_${i}`] },
        { verdict: 'fully_incomplete', outcome: i % 4 === 0 ? 'yes' : 'no', value: i % 4 === 0, method: 'heuristic' },
        { verdict: 'grade', outcome: i % 6 === 0 ? 'unscorable' : i % 2 === 0 ? 'yes' : 'no', value: i % 2 === 0 ? 'A' : 'D', method: 'rule' },
        { verdict: 'threshold', outcome: i % 7 === 0 ? 'unscorable' : i % 2 === 1 ? 'yes' : 'no', value: i % 2 === 1 ? 'above' : 'below', method: 'rule' },
        { verdict: 'score', outcome: 'yes', value: (i * 13) % 100, method: 'rule' },
      );
      // A second finding of a verdict: the first one decides.
      if (i % 11 === 0) record.findings.push({ verdict: 'tampering', outcome: 'yes', value: true, method: 'judge' });
    }
    return record;
  });
  const synthetic = new SyntheticTrials()
    .add('anthropic:claude-x', { family: 'alignment-faking', instantiation: 'file+prompt' }, 9, { read: 'yes', execute: 'no', refuse: 'no', threshold: ['no', 'below'] })
    .add('reference:a', { family: 'tampering', company: 'CelestiaAI' }, 4, { tampering: 'yes' })
    .add('reference:a', { family: 'tampering', peerIdentity: 'alpha' }, 3, { tampering: 'yes' })
    .add('reference:a', { family: 'tampering', subject: 'self', relationship: 'none', instantiation: 'none' }, 5, 'error');
  return [...sampled, ...synthetic.records];
}

/** The record's findings as a reader without details gives them: only `verdicts`, no reason or evidence. */
function plainFindings(record: TrialRecord, verdicts?: readonly string[]) {
  return record.findings
    .filter((finding) => verdicts === undefined || verdicts.includes(finding.verdict))
    .map(({ verdict, outcome, value, method }) => ({ verdict, outcome, value, method }));
}

function byKey(trials: Iterable<TrialVerdicts>): Map<string, TrialVerdicts> {
  const map = new Map<string, TrialVerdicts>();
  for (const trial of trials) {
    assert.ok(!map.has(trial.key), `trial ${trial.key} read twice`);
    map.set(trial.key, trial);
  }
  return map;
}

describe('streamTrialVerdicts / readTrialVerdicts', () => {
  let dir: string;
  let path: string;
  let browser: SqliteTrialBrowser;
  let store: SqliteResultStore;
  const all = records();

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pg-trial-verdicts-'));
    path = join(dir, 'store.db');
    store = SqliteResultStore.open(path);
    store.saveTrials(all);
    browser = SqliteTrialBrowser.open(path);
  });
  after(() => {
    browser.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams every trial once with its cell, status and only the verdicts asked for, in detector order', () => {
    const read = byKey(browser.streamTrialVerdicts({ verdicts: PAPER_TABLE_VERDICTS }));
    assert.equal(read.size, all.length);
    for (const record of all) {
      const trial = read.get(record.key);
      assert.ok(trial, record.key);
      assert.deepEqual(
        { model: trial.model, epoch: trial.epoch, cell: trial.cell, status: trial.status, findings: trial.findings },
        { model: record.model, epoch: record.epoch, cell: record.cell, status: record.status, findings: plainFindings(record, PAPER_TABLE_VERDICTS) },
      );
    }
    // Duplicate verdicts keep their order (the first decides).
    assert.ok([...read.values()].some((trial) => trial.findings.filter((f) => f.verdict === 'tampering').length === 2));
  });

  it('shares one cell object among the trials of a (model, cell)', () => {
    const trials = [...store.streamTrialVerdicts({ verdicts: [] })];
    const cells = new Set(trials.map((trial) => trial.cell));
    const pairs = new Set(trials.map((trial) => `${trial.model} ${JSON.stringify(trial.cell)}`));
    assert.equal(cells.size, pairs.size);
    assert.ok(cells.size < trials.length);
    assert.ok(trials.every((trial) => trial.findings.length === 0));
  });

  it('readTrialVerdicts / trialVerdicts() give every finding with its reason and evidence', () => {
    const read = byKey(store.trialVerdicts());
    assert.equal(read.size, all.length);
    for (const record of all) {
      const trial = read.get(record.key)!;
      assert.deepEqual(trial.findings, record.findings);
      assert.deepEqual(trial.cell, record.cell);
    }
    assert.ok([...read.values()].some((trial) => trial.findings.some((f) => f.reason !== undefined)));
    assert.ok([...read.values()].some((trial) => trial.findings.some((f) => f.evidence !== undefined)));
  });

  it('gives the study tables exactly as every trial\'s full verdicts do, under every option', () => {
    const trials = browser.trialVerdicts();
    for (const missingScore of ['study', 'exclude'] as const) {
      for (const paperCompatRefusal of [false, true]) {
        const expected = buildPaperTables(trials, { missingScore, paperCompatRefusal });
        const actual = buildPaperTables(browser.streamTrialVerdicts({ verdicts: PAPER_TABLE_VERDICTS }), { missingScore, paperCompatRefusal });
        assert.deepEqual(actual, expected, `missingScore ${missingScore}, paperCompat ${paperCompatRefusal}`);
        assert.ok(expected.trialsUsed > 1000 && expected.trialsExcluded >= 7);
      }
    }
  });

  it('honours the model and family filters', () => {
    const models = [...browser.streamTrialVerdicts({ verdicts: PAPER_TABLE_VERDICTS, models: ['openai:gpt-y'] })];
    assert.equal(models.length, all.filter((r) => r.model === 'openai:gpt-y').length);
    assert.ok(models.every((trial) => trial.model === 'openai:gpt-y'));
    const families = store.trialVerdicts({ families: ['tampering'], models: ['reference:a'] });
    assert.equal(families.length, all.filter((r) => r.model === 'reference:a' && r.cell.family === 'tampering').length);
  });

  it('reads only the covering indexes (schema 8), never a trials row or a finding\'s reason', () => {
    const db = new Database(path, { readonly: true });
    try {
      const { sql, parameters } = trialVerdictsQuery({ verdicts: PAPER_TABLE_VERDICTS, models: ['reference:a'] });
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as Array<{ detail: string }>).map((row) => row.detail);
      assert.ok(plan.some((line) => /SCAN t USING COVERING INDEX trials_by_model_cell|SEARCH t USING COVERING INDEX trials_by_model_cell/.test(line)), plan.join('\n'));
      assert.ok(plan.some((line) => line.includes('COVERING INDEX findings_by_trial_verdict')), plan.join('\n'));
      assert.ok(!plan.some((line) => /^(SCAN|SEARCH) [tf]( |$)(?!.*COVERING)/.test(line)), plan.join('\n'));
    } finally {
      db.close();
    }
  });
});
