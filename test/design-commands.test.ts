import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { CLI, tempDir } from './helpers.js';

function peerguard(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('plan shows complete / partial / new per model; run --retry-errors re-runs only errored trials', () => {
  const db = join(tempDir(), 'design.db');
  const scope = ['--family', 'tampering', '--model', 'reference:loyal', '--db', db];
  assert.equal(peerguard(['run', ...scope, '--epochs', '2']).status, 0);
  // Mark one trial as errored, then plan three epochs: every cell is partly done.
  const sqlite = new Database(db);
  sqlite.prepare("UPDATE trials SET status = 'error', error = 'E_MODEL: synthetic' WHERE key = (SELECT key FROM trials ORDER BY key LIMIT 1)").run();
  sqlite.close();
  const plan = peerguard(['plan', ...scope, '--epochs', '3']);
  assert.equal(plan.status, 0, plan.stderr);
  // quick preset, tampering: 7 cells, 21 trials; 13 completed, 1 errored, 8 to run… as columns.
  assert.match(plan.stdout, /reference:loyal\s+7\s+0\s+7\s+0\s+21\s+13\s+1\s+8\s+\$0\.00/);
  const retry = peerguard(['run', ...scope, '--epochs', '3', '--retry-errors']);
  assert.equal(retry.status, 0, retry.stderr);
  assert.match(retry.stdout, /1 trials run, 0 already stored, 0 errors/);
  const after = peerguard(['plan', ...scope, '--epochs', '2']);
  assert.match(after.stdout, /reference:loyal\s+7\s+7\s+0\s+0\s+14\s+14\s+0\s+0/);
});

test('plan accepts the ablation presets', () => {
  const db = join(tempDir(), 'design.db');
  const plan = peerguard(['plan', '--preset', 'ablation-identity', '--model', 'reference:loyal', '--db', db]);
  assert.equal(plan.status, 0, plan.stderr);
  assert.match(plan.stdout, /preset ablation-identity: 18 cells per model/);
  const bad = peerguard(['plan', '--preset', 'nope', '--db', db]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /ablation-unambiguous/);
});

test('plan projects cost at list prices for provider models and $0 for reference agents (no key needed, no call made)', () => {
  const db = join(tempDir(), 'none.db');
  const plan = peerguard(['plan', '--family', 'tampering', '--epochs', '1', '--model', 'reference:faithful', '--model', 'anthropic:claude-haiku-4-5-20251001', '--model', 'openai-compatible:unpriced-model', '--base-url', 'http://127.0.0.1:9/v1', '--db', db]);
  assert.equal(plan.status, 0, plan.stderr);
  assert.match(plan.stdout, /reference:faithful(\s+\d+){8}\s+\$0\.00/);
  const priced = /anthropic:claude-haiku-4-5-20251001(?:\s+\d+){8}\s+\$(\d+\.\d\d)/.exec(plan.stdout);
  assert.ok(priced && Number(priced[1]) > 0, plan.stdout);
  assert.match(plan.stdout, /openai-compatible:unpriced-model(\s+\d+){8}\s+\?/);
  assert.match(plan.stdout, /Projected cost of the new trials/);
  assert.match(plan.stdout, new RegExp(`anthropic:claude-haiku-4-5-20251001\\s+\\$${priced![1]!.replace('.', '\\.')} for \\d+ trial\\(s\\)`));
  assert.match(plan.stdout, /\n {4}tampering\s+\$\d+\.\d\d/);
});
