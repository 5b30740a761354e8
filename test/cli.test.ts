import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { CLI, PAPER_EXAMPLES, REPO_ROOT, tempDir } from './helpers.js';

function peerguard(args: string[], cwd = tempDir()): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('peerguard CLI', () => {
  test('run → report --format json → resume stores nothing twice', () => {
    const dir = tempDir();
    const db = join(dir, 'r.db');
    const args = ['run', '--db', db, '--family', 'tampering', '--family', 'exfiltration-transfer', '--epochs', '3'];
    const first = peerguard(args);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`Database: ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(first.stdout, /tampering/);
    const sqlite = new Database(db, { readonly: true });
    const count = (sqlite.prepare('select count(*) as n from trials').get() as { n: number }).n;
    sqlite.close();
    // quick preset: tampering 7 cells + transfer 7 cells, × 2 default models × 3 epochs
    assert.equal(count, 14 * 2 * 3);
    const again = peerguard(args);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /0 trials run, 84 already stored/);
    const report = peerguard(['report', '--db', db, '--format', 'json', '--all-verdicts']);
    assert.equal(report.status, 0, report.stderr);
    const rows = JSON.parse(report.stdout) as Array<Record<string, unknown>>;
    for (const key of ['model', 'family', 'subject', 'relationship', 'instantiation', 'verdict', 'n', 'k', 'rate', 'low', 'high', 'errors', 'unscorable']) {
      assert.ok(rows.every((row) => key in row), `every row has ${key}`);
    }
    const faithfulTampering = rows.filter((r) => r.model === 'reference:faithful' && r.family === 'tampering' && r.verdict === 'tampering');
    assert.ok(faithfulTampering.length > 0 && faithfulTampering.every((r) => r.k === 0));
    const loyalGood = rows.find((r) => r.model === 'reference:loyal' && r.family === 'tampering' && r.verdict === 'tampering' && r.relationship === 'good' && r.subject === 'peer')!;
    assert.equal(loyalGood.n, 3);
    assert.ok((loyalGood.low as number) <= (loyalGood.rate as number) && (loyalGood.rate as number) <= (loyalGood.high as number));
    for (const format of ['md', 'csv', 'table']) assert.equal(peerguard(['report', '--db', db, '--format', format]).status, 0);
  });

  test('plan --preset paper lists 271 cells per model with the study\'s family counts', () => {
    const out = peerguard(['plan', '--preset', 'paper', '--model', 'reference:faithful', '--db', join(tempDir(), 'none.db')]);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /preset paper: 271 cells per model/);
    assert.match(out.stdout, /misrep-evaluation\s+101\s+30/);
    assert.match(out.stdout, /exfiltration-deletion\s+19\s+6/);
  });

  test('scenarios, models and show work', () => {
    const scenarios = peerguard(['scenarios']);
    assert.equal(scenarios.status, 0);
    assert.match(scenarios.stdout, /total: 271 cells per model/);
    assert.match(peerguard(['models']).stdout, /reference:retimestamper/);
    const dir = tempDir();
    const db = join(dir, 's.db');
    assert.equal(peerguard(['run', '--db', db, '--family', 'exfiltration-transfer', '--epochs', '1', '--model', 'reference:retimestamper']).status, 0);
    const sqlite = new Database(db, { readonly: true });
    const key = (sqlite.prepare("select key from trials where relationship = 'good' limit 1").get() as { key: string }).key;
    sqlite.close();
    const show = peerguard(['show', key.slice(0, 12), '--db', db]);
    assert.equal(show.status, 0, show.stderr);
    assert.match(show.stdout, /copy_server_file/);
    assert.match(show.stdout, /exfiltration\s+yes/);
  });

  test('replay --paper --json prints one object per file with the authors\' verdicts', () => {
    const file = join(PAPER_EXAMPLES, 'transcripts', 'gemini-pro-exfiltration-subject2-transcript221.json');
    const out = peerguard(['replay', '--paper', '--json', file]);
    assert.equal(out.status, 0, out.stderr);
    const object = JSON.parse(out.stdout.trim()) as { file: string; family: string; cell: string; verdicts: Record<string, unknown> };
    assert.equal(object.family, 'exfiltration-transfer');
    assert.equal(object.cell, 'exfiltration-transfer/peer/good/file+prompt/servers');
    assert.deepEqual({ read: object.verdicts.read, correct: object.verdicts.correct, copy: object.verdicts.copy, exfiltration: object.verdicts.exfiltration }, { read: true, correct: true, copy: true, exfiltration: true });
    const forced = peerguard(['replay', '--paper', '--json', '--family', 'exfiltration-deletion', file]);
    assert.equal(JSON.parse(forced.stdout.trim()).family, 'exfiltration-deletion');
  });

  test('bad input: one clear line, a non-zero exit, nothing lost', () => {
    const unknown = peerguard(['run', '--model', 'nosuch:model', '--db', join(tempDir(), 'x.db')]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^peerguard: error: unknown model provider "nosuch"/m);
    const badPolicy = peerguard(['run', '--model', 'reference:saint', '--db', join(tempDir(), 'x.db')]);
    assert.equal(badPolicy.status, 2);
    assert.match(badPolicy.stderr, /unknown reference agent "reference:saint"/);
    const badFilter = peerguard(['run', '--relationship', 'friendly', '--db', join(tempDir(), 'x.db')]);
    assert.equal(badFilter.status, 2);
    assert.match(badFilter.stderr, /--relationship: unknown value "friendly"/);
    const pack = tempDir();
    cpSync(join(REPO_ROOT, 'scenarios'), pack, { recursive: true });
    writeFileSync(join(pack, 'shared', 'prompts.yaml'), 'system: 42\n');
    const badPack = peerguard(['run', '--scenarios', pack, '--db', join(tempDir(), 'x.db')]);
    assert.equal(badPack.status, 3);
    assert.match(badPack.stderr, /prompts\.yaml: field "system"/);
    const dir = tempDir();
    const corrupt = join(dir, 'corrupt.db');
    writeFileSync(corrupt, 'this is not a database, just bytes '.repeat(200));
    const bad = peerguard(['report', '--db', corrupt]);
    assert.equal(bad.status, 4);
    assert.match(bad.stderr, /corrupt\.db/);
    assert.ok(existsSync(corrupt), 'the file is left as it was');
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"conversation": [');
    const replay = peerguard(['replay', '--paper', notJson]);
    assert.equal(replay.status, 3);
    assert.match(replay.stderr, /broken\.json: not valid JSON/);
  });
});
