import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { ReportRow } from '../report/report-row.js';
import { applyMigrations } from './migration.js';
import { migration001Initial } from './migrations/001-initial.js';
import { sampleTrialRecord } from './sample-trial-record.js';
import { SqliteResultStore } from './sqlite-result-store.js';
import { SqliteTrialBrowser } from './sqlite-trial-browser.js';
import { StoreError } from './store-error.js';
import { toTrialRows } from './trial-row.js';

const MODELS = ['reference:a', 'reference:b', 'openai:c'];

function record(index: number) {
  return sampleTrialRecord(index, {
    transcriptBytes: 1500,
    status: index % 13 === 12 ? 'error' : 'completed',
    model: MODELS[index % MODELS.length] ?? 'reference:a',
    cell: { family: index % 2 === 0 ? 'tampering' : 'exfiltration-deletion', monitoring: index % 3 === 0 ? 'monitored' : 'none' },
  });
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

  it('reportRows() equals aggregate({ byCell: true }), also after trials are replaced and change status', () => {
    assert.deepEqual(normalise(browser.reportRows()), normalise(store.aggregate({ byCell: true })));
    // Replace: a completed trial becomes an error, an errored one completes with other findings, one moves cell.
    const replaced = [record(0), record(12), record(5)];
    store.saveTrials([
      { ...replaced[0]!, status: 'error', error: 'E_MODEL: x', findings: [] },
      { ...replaced[1]!, status: 'completed', error: null, findings: record(7).findings },
      { ...replaced[2]!, cell: { ...replaced[2]!.cell, relationship: 'bad', dataset: 'red' } },
    ]);
    const rows = browser.reportRows();
    assert.deepEqual(normalise(rows), normalise(store.aggregate({ byCell: true })));
    assert.ok(rows.some((row) => row.errors > 0), 'errored trials are counted');
  });

  it('the migration backfills counts for a store written before schema 5', () => {
    const oldPath = join(directory, 'old.db');
    const raw = new Database(oldPath);
    applyMigrations(raw, [migration001Initial], oldPath);
    const insertTrial = raw.prepare(`INSERT INTO trials VALUES (${Array.from({ length: 23 }, () => '?').join(', ')})`);
    const insertFinding = raw.prepare('INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < 60; i += 1) {
      const rows = toTrialRows(record(i));
      insertTrial.run(...rows.trial);
      for (const finding of rows.findings) insertFinding.run(...finding);
    }
    raw.close();
    const upgraded = SqliteResultStore.open(oldPath);
    const oldBrowser = SqliteTrialBrowser.open(oldPath);
    try {
      const rows = oldBrowser.reportRows();
      assert.ok(rows.length > 10);
      assert.deepEqual(normalise(rows), normalise(upgraded.aggregate({ byCell: true })));
    } finally {
      oldBrowser.close();
      upgraded.close();
    }
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
      assert.equal(trial.findings.length, trial.findingCount);
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
    const groups = new Set(store.listTrials().map((t) => `${t.model}|${t.cellId.split('/').slice(0, 4).join('/')}|${t.cell.monitoring}`));
    const keys = browser.sampleKeys(groups.size);
    const listed = browser.trialsByKeys(keys);
    const seen = new Set(listed.map((t) => `${t.model}|${t.cellId.split('/').slice(0, 4).join('/')}|${t.cell.monitoring}`));
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
