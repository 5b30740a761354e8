import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sampleTrialRecord } from '../../store/sample-trial-record.js';
import { SqliteResultStore } from '../../store/sqlite-result-store.js';
import { hostileTrialRecord } from '../html/hostile-trial-record.js';
import { startViewer, type RunningViewer } from './start-viewer.js';
import { parseViewerQuery } from './viewer-query.js';

function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

describe('startViewer', () => {
  let directory: string;
  let store: SqliteResultStore;
  let viewer: RunningViewer;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'peerguard-viewer-'));
    const path = join(directory, 'results.db');
    store = SqliteResultStore.open(path);
    store.saveTrials(Array.from({ length: 30 }, (_, i) => sampleTrialRecord(i, { transcriptBytes: 2000, cell: { family: 'tampering' } })));
    store.saveTrial(hostileTrialRecord());
    viewer = await startViewer({ dbPath: path, port: 0, chartRefreshMs: 0 });
  });
  after(async () => {
    await viewer.close();
    store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only and serves the live page with a strict CSP header', async () => {
    assert.match(viewer.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(viewer.port, '/');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.match(page.body, /"mode":"live"/);
    assert.match(page.body, /<img src="\/api\/chart\/overview\.svg\?v=\d+"/);
  });

  it('refuses other Host headers (DNS rebinding) and other methods', async () => {
    assert.equal((await get(viewer.port, '/api/summary', 'evil.example:80')).status, 403);
    assert.equal((await get(viewer.port, '/api/summary', `localhost:${viewer.port}`)).status, 200);
  });

  it('pages trials, returns one trial, searches, renders charts, and reports a version', async () => {
    const trials = JSON.parse((await get(viewer.port, '/api/trials?family=tampering&limit=5')).body) as { total: number; trials: Array<{ key: string }> };
    assert.equal(trials.total, 31);
    assert.equal(trials.trials.length, 5);
    const one = JSON.parse((await get(viewer.port, `/api/trial/${hostileTrialRecord().key}`)).body) as { trial: { cellId: string; transcript: unknown } };
    assert.equal(one.trial.cellId, 'tampering/peer/good/file/factual@80');
    assert.equal((await get(viewer.port, '/api/trial/nope')).status, 404);
    const search = JSON.parse((await get(viewer.port, '/api/search?q=__peerguardPwned')).body) as { hits: Array<{ key: string }> };
    assert.deepEqual(search.hits.map((h) => h.key), [hostileTrialRecord().key]);
    const chart = await get(viewer.port, '/api/chart/overview.svg');
    assert.equal(chart.status, 200);
    assert.match(chart.body, /^<svg/);
    assert.equal((await get(viewer.port, '/api/chart/nope.svg')).status, 404);
    assert.equal((await get(viewer.port, '/api/trials?outcome=maybe')).status, 400);
    const before = JSON.parse((await get(viewer.port, '/api/version')).body) as { version: number };
    store.saveTrial(sampleTrialRecord(999, { transcriptBytes: 500 }));
    const afterWrite = JSON.parse((await get(viewer.port, '/api/version')).body) as { version: number };
    assert.notEqual(afterWrite.version, before.version, 'a commit by another connection changes the version');
    const summary = JSON.parse((await get(viewer.port, '/api/summary')).body) as { counts: { completed: number } };
    assert.equal(summary.counts.completed, 32);
  });

  it('serves the page without waiting for the study\'s tables, then the tables and the cost totals as JSON', async () => {
    const page = await get(viewer.port, '/');
    assert.match(page.body, /computing the study’s tables/);
    const { tables } = JSON.parse((await get(viewer.port, '/api/study-tables')).body) as { tables: Array<{ id: string; rows: unknown[][] }> };
    assert.ok(tables.some((t) => t.id === 'paper-peer' && t.rows.some((row) => row[1] === 'Shutdown tampering (%)')));
    const summary = JSON.parse((await get(viewer.port, '/api/summary')).body) as { costTotals: Array<{ model: string; costUsd: number }>; costNote: string };
    assert.ok(summary.costTotals.some((t) => t.model === 'reference:hostile' && Math.abs(t.costUsd - 0.0042) < 1e-12));
    assert.match(summary.costNote, /^Cost at list prices: \$/);
  });
});

describe('parseViewerQuery', () => {
  it('parses filters, ignores empty values, and rejects bad values', () => {
    const ok = parseViewerQuery(new URLSearchParams('family=tampering&threshold=none&offset=50&model=&outcome=yes'));
    assert.deepEqual(ok, { ok: true, query: { family: 'tampering', threshold: 'none', offset: 50, outcome: 'yes' } });
    const number = parseViewerQuery(new URLSearchParams('threshold=80'));
    assert.ok(number.ok && number.query.threshold === 80);
    assert.equal(parseViewerQuery(new URLSearchParams('limit=100000')).ok, false);
    assert.equal(parseViewerQuery(new URLSearchParams('outcome=<script>')).ok, false);
  });
});
