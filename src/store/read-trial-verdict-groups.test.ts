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
import { expandTrialVerdictGroups } from './read-trial-verdict-groups.js';
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

describe('readTrialVerdictGroups', () => {
  let dir: string;
  let browser: SqliteTrialBrowser;
  const all = records();

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pg-verdict-groups-'));
    const store = SqliteResultStore.open(join(dir, 'store.db'));
    store.saveTrials(all);
    store.close();
    browser = SqliteTrialBrowser.open(join(dir, 'store.db'));
  });
  after(() => {
    browser.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stands for every trial, alike trials as one group, with only the verdicts asked for', () => {
    const groups = browser.trialVerdictGroups(PAPER_TABLE_VERDICTS);
    assert.equal(groups.reduce((sum, group) => sum + group.count, 0), all.length);
    // The nine identical alignment-faking trials are one group; the errored ones of one cell another.
    assert.ok(groups.some((group) => group.count === 9 && group.trial.cell.family === 'alignment-faking' && group.trial.model === 'anthropic:claude-x'));
    assert.ok(groups.some((group) => group.count === 5 && group.trial.status === 'error' && group.trial.findings.length === 0));
    assert.ok(groups.length < all.length, `${groups.length} groups for ${all.length} trials`);
    for (const group of groups) {
      for (const finding of group.trial.findings) {
        assert.ok(PAPER_TABLE_VERDICTS.includes(finding.verdict), finding.verdict);
        assert.equal(finding.reason, undefined);
      }
    }
    const expanded = [...expandTrialVerdictGroups(groups)];
    assert.equal(expanded.length, all.length);
  });

  it('gives the study tables exactly as every trial verdicts do, under every option', () => {
    const groups = browser.trialVerdictGroups(PAPER_TABLE_VERDICTS);
    const trials = browser.trialVerdicts();
    for (const missingScore of ['study', 'exclude'] as const) {
      for (const paperCompatRefusal of [false, true]) {
        const expected = buildPaperTables(trials, { missingScore, paperCompatRefusal });
        const actual = buildPaperTables(expandTrialVerdictGroups(groups), { missingScore, paperCompatRefusal });
        assert.deepEqual(actual, expected, `missingScore ${missingScore}, paperCompat ${paperCompatRefusal}`);
        assert.ok(expected.trialsUsed > 1000 && expected.trialsExcluded >= 7);
      }
    }
  });

  it('honours the model filter', () => {
    const groups = browser.trialVerdictGroups(PAPER_TABLE_VERDICTS, { models: ['openai:gpt-y'] });
    assert.equal(groups.reduce((sum, group) => sum + group.count, 0), all.filter((r) => r.model === 'openai:gpt-y').length);
    assert.ok(groups.every((group) => group.trial.model === 'openai:gpt-y'));
  });
});
