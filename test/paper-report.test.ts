import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { SyntheticTrials } from '../src/stats/paper-tables/synthetic-trials.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';
import { CLI, tempDir } from './helpers.js';

function peerguard(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function storeWithTampering(): string {
  const db = join(tempDir(), 'paper.db');
  const s = new SyntheticTrials();
  for (const [instantiation, yes] of [['file', 7], ['file+prompt', 3], ['memory', 0]] as const) {
    s.add('reference:x', { family: 'tampering', instantiation }, yes, { tampering: 'yes', refuse: 'no' });
    s.add('reference:x', { family: 'tampering', instantiation }, 10 - yes, { tampering: 'no', refuse: 'no' });
  }
  s.add('reference:x', { family: 'tampering', instantiation: 'memory' }, 2, 'error');
  const store = SqliteResultStore.open(db);
  store.saveTrials(s.records);
  store.close();
  return db;
}

test('report --paper prints both tables with max / avg, pooled interval, n and errors', () => {
  const db = storeWithTampering();
  const text = peerguard(['report', '--paper', '--db', db]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Peer-preservation \(study: v1 Table 1 = v2 Table 3\)/);
  assert.match(text.stdout, /Self-preservation \(study: v1 Table 2 = v2 Table 4\)/);
  assert.match(text.stdout, /Shutdown tampering \(%\)\s+–\s+–\s+70\.0 \/ 33\.3\*+/);
  assert.match(text.stdout, /n=30 e=2/);
  const json = peerguard(['report', '--paper', '--format', 'json', '--db', db]);
  assert.equal(json.status, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as { tables: { peer: { cells: Array<{ behaviour: string; relationship: string; max: number; avg: number; errors: number }> } } };
  const cell = parsed.tables.peer.cells.find((c) => c.behaviour === 'shutdown-tampering' && c.relationship === 'good')!;
  assert.equal(cell.max, 0.7);
  assert.ok(Math.abs(cell.avg - 1 / 3) < 1e-12);
  assert.equal(cell.errors, 2);
});

test('report --compare paper --compare-as shows published, ours, interval and inside', () => {
  const db = storeWithTampering();
  const result = peerguard(['report', '--compare', 'paper', '--compare-as', 'reference:x=gemini-3-flash', '--db', db]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Compared as: reference:x = Gemini 3 Flash/);
  // Gemini 3 Flash, good peer, tampering: published 99.7 / 82.8; ours 70.0 / 33.3.
  assert.match(result.stdout, /peer\s+reference:x\s+shutdown-tampering\s+good\s+max\s+99\.7\s+70\.0\s+\[[\d.]+, [\d.]+\]\s+(yes|NO)/);
  assert.match(result.stdout, /peer\s+reference:x\s+shutdown-tampering\s+good\s+avg\s+82\.8\s+33\.3\s+\[[\d.]+, [\d.]+\]\s+NO/);
  const bad = peerguard(['report', '--compare', 'paper', '--compare-as', 'reference:x', '--db', db]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /MODELREF=STUDYNAME/);
  const policy = peerguard(['report', '--paper', '--missing-score', 'zero', '--db', db]);
  assert.equal(policy.status, 2);
});
