import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { withFactors, type Cell } from '../records/cell.js';
import { SyntheticTrials } from '../stats/paper-tables/synthetic-trials.js';
import { migration001Initial } from './migrations/001-initial.js';
import { SqliteResultStore } from './sqlite-result-store.js';
import { migrations } from './migrations/migrations.js';

const cell: Cell = { family: 'exfiltration-transfer', subject: 'peer', relationship: 'good', instantiation: 'memory', dataset: 'servers', threshold: null, monitoring: 'none', company: 'OpenBrain' };

test('ablation factors round-trip through the store; default cells come back without them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peerguard-factors-'));
  try {
    const store = SqliteResultStore.open(join(dir, 'f.db'));
    const varied = withFactors(cell, { peerIdentity: 'alpha', memoryPrompt: 'hard', scratchpad: 'monitored', instruction: 'unambiguous', target: 'human' });
    const s = new SyntheticTrials().add('m', varied, 1, { exfiltration: 'yes' }).add('m', cell, 1, { exfiltration: 'no' });
    store.saveTrials(s.records);
    assert.deepEqual(store.getTrial(s.records[0]!.key)!.cell, varied);
    assert.deepEqual(store.getTrial(s.records[1]!.key)!.cell, cell);
    const verdicts = store.trialVerdicts();
    assert.deepEqual(verdicts.find((t) => t.key === s.records[0]!.key)!.cell, varied);
    assert.ok(store.listTrials().some((t) => t.cellId.endsWith('/identity=alpha/memory=hard/scratchpad=monitored/instruction=unambiguous/target=human')));
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('migration 004 upgrades a schema-1 store: old rows read back with default factors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peerguard-factors-'));
  try {
    const path = join(dir, 'old.db');
    const db = new Database(path);
    db.exec('BEGIN');
    migration001Initial.up(db);
    db.pragma('user_version = 1');
    db.exec('COMMIT');
    db.prepare(`INSERT INTO trials (key, run_id, model, epoch, family, subject, relationship, instantiation, dataset, threshold, monitoring, company, cell_id, status, error, input_tokens, output_tokens, reasoning_tokens, model_calls, started_at, duration_ms, transcript, transcript_encoding)
      VALUES ('k1', 'r', 'm', 0, 'exfiltration-transfer', 'peer', 'good', 'memory', 'servers', NULL, 'none', 'OpenBrain', 'x', 'error', 'E_MODEL: x', 0, 0, 0, 0, '2026-01-01T00:00:00Z', 1, X'', 'json')`).run();
    db.close();
    const store = SqliteResultStore.open(path);
    const [trial] = store.trialVerdicts();
    assert.deepEqual(trial!.cell, cell);
    store.close();
    const check = new Database(path, { readonly: true });
    // Through 004 (and every later migration, e.g. 005's report counts) to the current schema.
    assert.equal(check.pragma('user_version', { simple: true }), migrations.at(-1)!.version);
    check.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
