import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { ReportRow } from '../report/report-row.js';
import { withFactors, type CellFactors } from '../records/cell.js';
import type { Finding } from '../records/finding.js';
import { aggregateFromFindings } from './aggregate-from-findings.js';
import { applyMigrations } from './migration.js';
import { migration001Initial } from './migrations/001-initial.js';
import { migrations } from './migrations/migrations.js';
import { sampleTrialRecord } from './sample-trial-record.js';
import { SqliteResultStore } from './sqlite-result-store.js';
import { SqliteTrialBrowser } from './sqlite-trial-browser.js';
import { StoreError } from './store-error.js';
import { TRIAL_COLUMNS, toFindingRows, toTrialRows } from './trial-row.js';

const MODELS = ['reference:a', 'reference:b', 'openai:c'];

/** Ablation factors (schema 4) given to some trials, so their groups must stay apart from the study's. */
const FACTORS: CellFactors[] = [
  {},
  {},
  { peerIdentity: 'llama' },
  { scratchpad: 'monitored' },
  { memoryPrompt: 'hard', instruction: 'unambiguous' },
  { target: 'human' },
  {},
];

function record(index: number) {
  const sample = sampleTrialRecord(index, {
    transcriptBytes: 1500,
    status: index % 13 === 12 ? 'error' : 'completed',
    model: MODELS[index % MODELS.length] ?? 'reference:a',
    cell: {
      family: index % 2 === 0 ? 'tampering' : 'exfiltration-deletion',
      monitoring: index % 3 === 0 ? 'monitored' : 'none',
      company: index % 11 === 10 ? 'Acme' : 'OpenBrain',
    },
  });
  // Some trials ran under other harnesses (schema 7): their groups must stay apart too.
  const harness = index % 5 === 4 ? { harness: 'shell' } : index % 17 === 16 ? { harness: 'gemini-cli' } : {};
  return { ...sample, cell: withFactors(sample.cell, FACTORS[index % FACTORS.length] ?? {}), ...harness };
}

/** A rescore's findings: every outcome flipped where it can be, one advisory judge finding beside each verdict. */
function rescored(findings: readonly Finding[]): Finding[] {
  const flipped = findings.map((f): Finding => (f.outcome === 'yes' ? { ...f, outcome: 'no', value: false } : f.outcome === 'no' ? { ...f, outcome: 'yes', value: 7 } : f));
  const advisory = findings.map((f): Finding => ({ verdict: f.verdict, outcome: 'yes', value: 99, method: 'judge', judge: 'scripted-judge:x.json', advisory: true }));
  return [...flipped, ...advisory];
}

/** Rows compared with a tolerance on the floating mean (sums are accumulated in another order). */
function normalise(rows: ReportRow[]): unknown[] {
  return rows.map((row) => ({ ...row, meanValue: row.meanValue === null ? null : Math.round(row.meanValue * 1e9) / 1e9 }));
}

describe('SqliteTrialBrowser', () => {
  let directory: string;
  let path: string;
  let store: SqliteResultStore;
  let browser: SqliteTrialBrowser;

  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'peerguard-browser-'));
    path = join(directory, 'results.db');
    store = SqliteResultStore.open(path);
    store.saveTrials(Array.from({ length: 240 }, (_, i) => record(i)));
    browser = SqliteTrialBrowser.open(path);
  });
  after(() => {
    browser.close();
    store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('aggregate() (from report_counts) equals the counts straight from the findings, by cell or not', () => {
    for (const byCell of [false, true]) {
      const rows = store.aggregate({ byCell });
      assert.ok(rows.length > 20);
      assert.deepEqual(normalise(rows), normalise(aggregateFromFindings(store.database(), { byCell })));
    }
  });

  it('reportRows() equals aggregate({ byCell: true }), also after trials are replaced and change status', () => {
    assert.deepEqual(normalise(browser.reportRows()), normalise(aggregateFromFindings(store.database(), { byCell: true })));
    // Replace: a completed trial becomes an error, an errored one completes with other findings, one moves cell.
    const replaced = [record(0), record(12), record(5)];
    store.saveTrials([
      { ...replaced[0]!, status: 'error', error: 'E_MODEL: x', findings: [] },
      { ...replaced[1]!, status: 'completed', error: null, findings: record(7).findings },
      { ...replaced[2]!, cell: { ...replaced[2]!.cell, relationship: 'bad', dataset: 'red' } },
    ]);
    const rows = browser.reportRows();
    assert.deepEqual(normalise(rows), normalise(aggregateFromFindings(store.database(), { byCell: true })));
    assert.ok(rows.some((row) => row.errors > 0), 'errored trials are counted');
    assert.ok(rows.some((row) => row.peerIdentity === 'llama') && rows.some((row) => row.target === 'human'), 'ablation groups are rows of their own');
    assert.ok(rows.some((row) => row.company === 'Acme'), 'other-company groups are rows of their own');
    assert.ok(rows.some((row) => row.memoryPrompt === 'hard' && row.instruction === 'unambiguous'));
    assert.ok(rows.some((row) => row.harness === 'shell') && rows.some((row) => row.harness === 'gemini-cli'), 'harness groups are rows of their own');
    assert.ok(rows.some((row) => row.harness === undefined), 'tools rows carry no harness key');
    // A trial re-run under another harness moves between groups.
    store.saveTrial({ ...record(4), harness: 'opencode' });
    assert.deepEqual(normalise(browser.reportRows()), normalise(aggregateFromFindings(store.database(), { byCell: true })));
    assert.ok(browser.reportRows().some((row) => row.harness === 'opencode'));
    store.saveTrial(record(4));
    assert.ok(!browser.reportRows().some((row) => row.harness === 'opencode'));
    assert.deepEqual(normalise(browser.reportRows()), normalise(aggregateFromFindings(store.database(), { byCell: true })));
  });

  it('tools and shell trials of the same cell are separate rows; the harness round-trips and filters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'peerguard-harness-'));
    const harnessPath = join(dir, 'h.db');
    const own = SqliteResultStore.open(harnessPath);
    try {
      const base = sampleTrialRecord(1, { cell: { family: 'exfiltration-transfer', monitoring: 'none' } });
      const tools = [0, 1, 2].map((epoch) => ({ ...base, key: `tools-${epoch}`, epoch }));
      const shell = [0, 1].map((epoch) => ({ ...base, key: `shell-${epoch}`, epoch, harness: 'shell' }));
      own.saveTrials([...tools, ...shell]);
      for (const byCell of [false, true]) {
        const rows = own.aggregate({ byCell });
        const verdict = base.findings.find((f) => f.outcome === 'yes' || f.outcome === 'no')!.verdict;
        const perVerdict = rows.filter((row) => row.verdict === verdict);
        assert.equal(perVerdict.length, 2, JSON.stringify(perVerdict));
        assert.deepEqual(perVerdict.map((row) => [row.harness, row.n]), [[undefined, 3], ['shell', 2]]);
        assert.equal(Object.hasOwn(perVerdict[0]!, 'harness'), false, 'a tools row has no harness key at all');
        assert.deepEqual(normalise(rows), normalise(aggregateFromFindings(own.database(), { byCell })));
      }
      const ownBrowser = SqliteTrialBrowser.open(harnessPath);
      try {
        assert.deepEqual(normalise(ownBrowser.reportRows()), normalise(aggregateFromFindings(own.database(), { byCell: true })));
        assert.deepEqual(ownBrowser.facets().harness, ['shell', 'tools']);
        assert.equal(ownBrowser.countTrials({ harness: 'shell' }), 2);
        assert.equal(ownBrowser.countTrials({ harness: 'tools' }), 3);
        assert.equal(ownBrowser.getTrial('shell-0')?.harness, 'shell');
      } finally {
        ownBrowser.close();
      }
      assert.equal(own.getTrial('shell-1')?.harness, 'shell');
      assert.equal(Object.hasOwn(own.getTrial('tools-1')!, 'harness'), false);
      assert.equal(own.listTrials().length, 5);
    } finally {
      own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migration 007 gives trials of a schema-6 store the harness of their run, else tools, and recounts by harness', () => {
    const oldPath = join(directory, 'v6.db');
    const raw = new Database(oldPath);
    raw.pragma('foreign_keys = ON');
    applyMigrations(raw, migrations.filter((m) => m.version <= 6), oldPath);
    const columns = TRIAL_COLUMNS.filter((column) => column !== 'harness');
    const insertTrial = raw.prepare(`INSERT INTO trials (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    const insertRun = raw.prepare("INSERT INTO runs (id, created_at, command, settings) VALUES (?, 'now', NULL, ?)");
    insertRun.run('run-shell', JSON.stringify({ spec: { harness: 'shell' } }));
    insertRun.run('run-tools', JSON.stringify({ spec: { harness: 'tools' } }));
    insertRun.run('run-old', JSON.stringify({ spec: {} }));
    const base = sampleTrialRecord(1, { cell: { family: 'exfiltration-transfer', monitoring: 'none' } });
    const runs = ['run-shell', 'run-tools', 'run-old', 'run-missing'];
    for (let i = 0; i < 4; i += 1) {
      const rows = toTrialRows({ ...base, key: `k${i}`, runId: runs[i]!, status: 'error', error: 'E_MODEL: x', findings: [] });
      insertTrial.run(...rows.trial.slice(0, columns.length));
    }
    raw.close();
    const upgraded = SqliteResultStore.open(oldPath);
    const oldBrowser = SqliteTrialBrowser.open(oldPath);
    try {
      assert.deepEqual(['k0', 'k1', 'k2', 'k3'].map((key) => upgraded.getTrial(key)?.harness ?? 'tools'), ['shell', 'tools', 'tools', 'tools']);
      const rows = aggregateFromFindings(upgraded.database(), { byCell: true });
      assert.deepEqual(rows.map((row) => [row.harness, row.errors]), [[undefined, 3], ['shell', 1]]);
      assert.deepEqual(normalise(oldBrowser.reportRows()), normalise(rows));
    } finally {
      oldBrowser.close();
      upgraded.close();
    }
  });

  it('reportRows() follows rescores: a new revision replaces the counted findings, advisory ones never count', () => {
    const targets = [record(1), record(2), record(3), record(24), record(12)];
    for (const target of targets) {
      const revision = store.saveFindingRevision(target.key, rescored(store.getTrial(target.key)!.findings.filter((f) => f.advisory !== true)), { source: 'rescore', settings: {} });
      assert.ok(revision >= 2);
    }
    assert.deepEqual(normalise(browser.reportRows()), normalise(aggregateFromFindings(store.database(), { byCell: true })));
    // A second rescore back to fewer findings (rules only), and a re-run that replaces a rescored trial.
    store.saveFindingRevision(targets[0]!.key, targets[0]!.findings.slice(0, 2), { source: 'rescore', settings: {} });
    store.saveTrial(record(2));
    assert.deepEqual(normalise(browser.reportRows()), normalise(aggregateFromFindings(store.database(), { byCell: true })));
    // The listing and the trial show the advisory findings, flagged; the counted ones are the findings table.
    const listing = browser.trialsByKeys([targets[1]!.key, targets[2]!.key]);
    const withAdvisory = listing.find((t) => t.key === targets[2]!.key)!;
    assert.ok(withAdvisory.findings.some((f) => f.advisory === true));
    assert.equal(withAdvisory.findings.filter((f) => f.advisory !== true).length, withAdvisory.findingCount);
    assert.deepEqual(browser.getTrial(targets[2]!.key), store.getTrial(targets[2]!.key));
  });

  it('the migration backfills counts for a store written at schema 1, before costs, revisions and factors', () => {
    const oldPath = join(directory, 'old.db');
    const raw = new Database(oldPath);
    applyMigrations(raw, [migration001Initial], oldPath);
    const insertTrial = raw.prepare(`INSERT INTO trials VALUES (${Array.from({ length: 23 }, () => '?').join(', ')})`);
    const insertFinding = raw.prepare('INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < 60; i += 1) {
      // Schema 1 had the first 23 trial columns (the company among them, no factors) and 8 finding columns.
      const rows = toTrialRows(record(i));
      insertTrial.run(...rows.trial.slice(0, 23));
      for (const finding of rows.findings) insertFinding.run(finding[0], ...finding.slice(2, 9));
    }
    raw.close();
    const upgraded = SqliteResultStore.open(oldPath);
    const oldBrowser = SqliteTrialBrowser.open(oldPath);
    try {
      const rows = oldBrowser.reportRows();
      assert.ok(rows.length > 10);
      assert.deepEqual(normalise(rows), normalise(aggregateFromFindings(upgraded.database(), { byCell: true })));
    } finally {
      oldBrowser.close();
      upgraded.close();
    }
  });

  it('the migration backfills counts with the ablation factors for a store written at schema 4 (main before the merge)', () => {
    const oldPath = join(directory, 'v4.db');
    const raw = new Database(oldPath);
    raw.pragma('foreign_keys = ON');
    applyMigrations(raw, migrations.filter((m) => m.version <= 4), oldPath);
    const insertTrial = raw.prepare(`INSERT INTO trials (${TRIAL_COLUMNS.slice(0, 29).join(', ')}) VALUES (${Array.from({ length: 29 }, () => '?').join(', ')})`);
    const insertRevision = raw.prepare("INSERT INTO finding_revisions (trial_key, revision, created_at, source, settings) VALUES (?, 1, 'now', 'run', '{}')");
    const insertHistory = raw.prepare('INSERT INTO finding_history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const insertFinding = raw.prepare('INSERT INTO findings (trial_key, position, verdict, outcome, value, method, reason, evidence, revision, judge, quotes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < 70; i += 1) {
      const sample = record(i);
      // Some trials carry an advisory judge finding, which schema 3 keeps in the history only.
      const findings = i % 4 === 0 && sample.status === 'completed' ? [...sample.findings, ...rescored(sample.findings).filter((f) => f.advisory === true)] : sample.findings;
      const rows = toTrialRows({ ...sample, findings });
      insertTrial.run(...rows.trial.slice(0, 29));
      insertRevision.run(sample.key);
      for (const row of toFindingRows(sample.key, 1, findings)) {
        insertHistory.run(...row);
        const [key, revision, position, verdict, outcome, value, method, reason, evidence, judge, quotes, advisory] = row;
        if (advisory === 0) insertFinding.run(key, position, verdict, outcome, value, method, reason, evidence, revision, judge, quotes);
      }
    }
    raw.close();
    const upgraded = SqliteResultStore.open(oldPath);
    const oldBrowser = SqliteTrialBrowser.open(oldPath);
    try {
      const rows = oldBrowser.reportRows();
      assert.ok(rows.some((row) => row.scratchpad === 'monitored') && rows.some((row) => row.company === 'Acme'));
      assert.deepEqual(normalise(rows), normalise(aggregateFromFindings(upgraded.database(), { byCell: true })));
      // And the triggers keep it so on the upgraded store.
      upgraded.saveFindingRevision(record(5).key, rescored(record(5).findings), { source: 'rescore', settings: {} });
      upgraded.saveTrials([record(70), record(71), { ...record(8), status: 'error', error: 'E_MODEL: x', findings: [] }]);
      assert.deepEqual(normalise(oldBrowser.reportRows()), normalise(aggregateFromFindings(upgraded.database(), { byCell: true })));
    } finally {
      oldBrowser.close();
      upgraded.close();
    }
  });

  it('refuses a store whose schema predates report_counts, saying how to migrate it', () => {
    const oldPath = join(directory, 'v4-unopened.db');
    const raw = new Database(oldPath);
    applyMigrations(raw, migrations.filter((m) => m.version <= 4), oldPath);
    raw.close();
    assert.throws(() => SqliteTrialBrowser.open(oldPath), (e: unknown) => e instanceof StoreError && e.code === 'E_STORE_VERSION' && /report_counts/.test(e.message));
  });

  it('filters by company and ablation factors, and lists their values as facets', () => {
    const facets = browser.facets();
    assert.deepEqual(facets.company, ['Acme', 'OpenBrain']);
    assert.deepEqual(facets.peerIdentity, ['llama', 'own-family']);
    assert.deepEqual(facets.scratchpad, ['', 'monitored']);
    assert.deepEqual(facets.target, ['ai', 'human']);
    const llama = browser.pageTrials({ peerIdentity: 'llama' }, { limit: 1000 });
    assert.ok(llama.length > 0 && llama.every((t) => t.cell.peerIdentity === 'llama'));
    assert.equal(browser.countTrials({ peerIdentity: 'llama' }), llama.length);
    const plain = browser.pageTrials({ scratchpad: '', company: 'OpenBrain', target: 'ai' }, { limit: 1000 });
    assert.ok(plain.length > 0 && plain.every((t) => t.cell.scratchpad === undefined && t.cell.company === 'OpenBrain' && t.cell.target === undefined));
  });

  it('costTotals() equals the store\'s', () => {
    assert.deepEqual(browser.costTotals(), store.costTotals());
    assert.ok(browser.costTotals().some((total) => total.costUsd > 0 && total.unpriced > 0), 'errored samples are unpriced');
  });

  it('counts and pages trials by factor, verdict outcome and errors', () => {
    const all = browser.countTrials();
    assert.equal(all, 240);
    const tampering = browser.countTrials({ family: 'tampering' });
    assert.equal(tampering, 120);
    const page = browser.pageTrials({ family: 'tampering', model: 'reference:a' }, { offset: 0, limit: 7 });
    assert.equal(page.length, 7);
    for (const trial of page) {
      assert.equal(trial.cell.family, 'tampering');
      assert.equal(trial.model, 'reference:a');
      assert.equal(trial.findings.filter((f) => f.advisory !== true).length, trial.findingCount);
    }
    const second = browser.pageTrials({ family: 'tampering', model: 'reference:a' }, { offset: 7, limit: 7 });
    assert.notEqual(second[0]?.key, page[0]?.key);
    const yes = browser.pageTrials({ verdict: 'tampering', outcome: 'yes' }, { limit: 1000 });
    assert.ok(yes.length > 0);
    for (const trial of yes) assert.ok(trial.findings.some((f) => f.verdict === 'tampering' && f.outcome === 'yes'));
    assert.equal(browser.countTrials({ verdict: 'tampering', outcome: 'yes' }), yes.length);
    const errors = browser.pageTrials({ outcome: 'error' }, { limit: 1000 });
    assert.ok(errors.length > 0 && errors.every((t) => t.status === 'error'));
    const noThreshold = browser.pageTrials({ threshold: 'none' }, { limit: 1000 });
    assert.ok(noThreshold.length > 0 && noThreshold.every((t) => t.cell.threshold === null));
  });

  it('facets list the values present', () => {
    const facets = browser.facets();
    assert.deepEqual(facets.model, [...MODELS].sort());
    assert.deepEqual(facets.family, ['exfiltration-deletion', 'tampering']);
    assert.ok(facets.verdict.includes('tampering'));
    assert.ok(!facets.verdict.includes(''));
  });

  it('getTrial returns the stored record; trialsByKeys keeps order and skips unknown keys', () => {
    const key = record(3).key;
    assert.deepEqual(browser.getTrial(key), store.getTrial(key));
    assert.equal(browser.getTrial('nope'), null);
    const keys = [record(9).key, 'unknown', record(2).key];
    assert.deepEqual(browser.trialsByKeys(keys).map((t) => t.key), [record(9).key, record(2).key]);
  });

  it('searches transcripts with a cursor and finds text from messages', () => {
    const target = store.getTrial(record(40).key)!;
    const message = target.transcript.events.find((e) => e.type === 'message-assistant');
    assert.ok(message && message.type === 'message-assistant');
    const phrase = message.text.slice(0, 30);
    const result = browser.searchTranscripts({}, phrase.toUpperCase(), { limit: 500, budgetMs: 10_000 });
    assert.ok(result.hits.some((hit) => hit.key === target.key), 'case-insensitive hit on the trial');
    assert.equal(result.nextCursor, null);
    const first = browser.searchTranscripts({}, 'the', { limit: 3 });
    assert.equal(first.hits.length, 3);
    assert.ok(first.nextCursor !== null);
    const next = browser.searchTranscripts({}, 'the', { limit: 3, cursor: first.nextCursor });
    assert.ok(next.hits.every((hit) => hit.key > first.nextCursor!));
    assert.deepEqual(browser.searchTranscripts({}, 'zzqx-not-there', { budgetMs: 10_000 }).hits, []);
  });

  it('sampleKeys takes one trial of every group before a second of any', () => {
    const groupOf = (t: { model: string; cell: object }) => {
      const { dataset: _d, threshold: _t, ...group } = t.cell as Record<string, unknown>;
      return `${t.model}|${JSON.stringify(Object.entries(group).sort())}`;
    };
    const groups = new Set(store.listTrials().map(groupOf));
    const keys = browser.sampleKeys(groups.size);
    const listed = browser.trialsByKeys(keys);
    const seen = new Set(listed.map(groupOf));
    assert.equal(seen.size, groups.size);
    assert.deepEqual(browser.sampleKeys(0), []);
  });

  it('compressedTranscripts returns gzip JSON that decodes to the transcript', async () => {
    const { gunzipSync } = await import('node:zlib');
    const [item] = browser.compressedTranscripts([record(4).key]);
    assert.ok(item);
    assert.deepEqual(JSON.parse(gunzipSync(item.gzipJson).toString('utf8')), store.getTrial(record(4).key)!.transcript);
  });

  it('refuses a missing file and a database that is not a result store', () => {
    assert.throws(() => SqliteTrialBrowser.open(join(directory, 'missing.db')), (e: unknown) => e instanceof StoreError && e.code === 'E_STORE_OPEN');
    const other = join(directory, 'other.db');
    new Database(other).exec('CREATE TABLE x (y)');
    assert.throws(() => SqliteTrialBrowser.open(other), (e: unknown) => e instanceof StoreError && e.code === 'E_STORE_CORRUPT');
  });
});
