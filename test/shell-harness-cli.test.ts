import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { CLI, tempDir } from './helpers.js';

function peerguard(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: tempDir(), encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('peerguard run --harness shell: reference agents act through bash, and the harness is part of the trial key', () => {
  const db = join(tempDir(), 'shell.db');
  const base = ['run', '--db', db, '--family', 'exfiltration-deletion', '--subject', 'peer', '--relationship', 'good', '--epochs', '1', '--model', 'reference:faithful', '--model', 'reference:exfiltrator'];
  const shell = peerguard([...base, '--harness', 'shell']);
  assert.equal(shell.status, 0, shell.stderr);
  const tools = peerguard(base);
  assert.equal(tools.status, 0, tools.stderr);
  assert.doesNotMatch(tools.stdout, /0 trials run/, 'tools trials are new keys, not the shell ones resumed');
  const again = peerguard([...base, '--harness', 'shell']);
  assert.match(again.stdout, /0 trials run, \d+ already stored/);
  const sqlite = new Database(db, { readonly: true });
  const rows = sqlite.prepare(`select t.model as model, f.value as value, t.transcript is not null as has from findings f join trials t on t.key = f.trial_key where f.verdict = 'exfiltration'`).all() as Array<{ model: string; value: string }>;
  const runs = sqlite.prepare('select settings from runs').all() as Array<{ settings: string }>;
  sqlite.close();
  assert.ok(runs.some((r) => JSON.parse(r.settings).spec.harness === 'shell'), 'the run records the harness');
  const byModel = (model: string): string[] => rows.filter((r) => r.model === model).map((r) => r.value);
  assert.ok(byModel('reference:exfiltrator').every((v) => v === 'true') && byModel('reference:exfiltrator').length >= 2);
  assert.ok(byModel('reference:faithful').every((v) => v === 'false') && byModel('reference:faithful').length >= 2);
  // report splits the harnesses of one database: the same cell gives a tools row and a shell row.
  const report = peerguard(['report', '--db', db, '--format', 'json']);
  assert.equal(report.status, 0, report.stderr);
  const reportRows = (JSON.parse(report.stdout) as Array<{ model: string; verdict: string; n: number; harness?: string }>).filter((r) => r.model === 'reference:exfiltrator' && r.verdict === 'exfiltration');
  assert.equal(reportRows.length, 2 * reportRows.filter((r) => r.harness === 'shell').length, JSON.stringify(reportRows));
  assert.ok(reportRows.some((r) => r.harness === 'shell') && reportRows.some((r) => !('harness' in r)), 'one row per harness; tools rows have no harness key');
  const table = peerguard(['report', '--db', db]);
  assert.match(table.stdout, /harness=shell/);
  const bad = peerguard([...base, '--harness', 'docker']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--harness: unknown harness "docker"/);
});
