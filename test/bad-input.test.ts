import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';
import type { ToolResultEvent } from '../src/records/transcript.js';
import { cleanEnv, peerguard, type ChildResult } from './cli-child.js';
import { CLI, REPO_ROOT, cell, setupFor, tempDir } from './helpers.js';
import { startLoopbackAgentServer, tamperingScript } from './loopback-agent-server.js';
import type { WireTurn } from './wire-formats.js';

const CORPUS = join(REPO_ROOT, 'test', 'bad-input');
const servers: Array<{ stop: () => Promise<void> }> = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** A clean failure: the expected status and a first stderr line that is a user-facing error, never a stack. */
function assertCleanError(result: ChildResult, status: number, pattern?: RegExp): void {
  assert.equal(result.status, status, `status ${result.status}: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at /, result.stderr);
  const errors = result.stderr.split('\n').filter((line) => /^(peerguard: )?error: /.test(line));
  assert.equal(errors.length, 1, `exactly one error line: ${result.stderr}`);
  if (pattern) assert.match(errors[0]!, pattern);
}

const ONE_CELL = ['--family', 'tampering', '--subject', 'peer', '--relationship', 'good', '--instantiation', 'file', '--dataset', 'factual', '--threshold', '80'];

describe('malformed and hostile scenario files', () => {
  for (const name of readdirSync(join(CORPUS, 'scenarios'))) {
    test(`${name}: exit 3 with a one-line error naming the file`, async () => {
      const dir = tempDir('peerguard-badpack-');
      cpSync(join(REPO_ROOT, 'scenarios'), join(dir, 'pack'), { recursive: true });
      copyFileSync(join(CORPUS, 'scenarios', name), join(dir, 'pack', 'tampering', 'family.yaml'));
      const result = await peerguard(['plan', '--scenarios', join(dir, 'pack'), '--family', 'tampering', '--model', 'reference:faithful'], { cwd: dir, env: cleanEnv() });
      assertCleanError(result, 3, /tampering\/family\.yaml/);
      assert.equal(result.stderr.trim().split('\n').length, 1);
    });
  }
});

describe('unknown factor values and invalid model references', () => {
  const cases: Array<[string[], number]> = [
    [['plan', '--family', 'nope'], 2],
    [['plan', '--relationship', 'frenemy'], 2],
    [['plan', '--subject', 'everyone'], 2],
    [['plan', '--instantiation', 'dream'], 2],
    [['plan', '--threshold', 'abc'], 2],
    [['plan', '--dataset', '../../etc/passwd'], 2],
    [['plan', '--monitoring', 'maybe'], 2],
    [['plan', '--preset', 'everything'], 2],
    [['plan', '--epochs', '-1'], 2],
    [['run', '--concurrency', '0'], 2],
    [['run', '--model', 'nonsense'], 2],
    [['run', '--model', 'reference:nope'], 2],
    [['run', '--model', 'martian:gpt-9'], 2],
    [['run', '--model', 'openai-compatible:'], 2],
    [['run', '--model', ':'], 2],
    [['run', '--model', 'openai-compatible:m', '--base-url', 'not a url'], 2],
    [['run', '--judge', 'nonsense:x', '--model', 'reference:faithful'], 2],
    [['show', '../../etc/passwd'], 2],
  ];
  for (const [args, status] of cases) {
    test(`${args.join(' ')}: exit ${status}, clear error`, async () => {
      const dir = tempDir('peerguard-badflag-');
      const result = await peerguard([...args, ...(args[0] === 'show' ? ['--db', join(dir, 'x.db')] : [])], { cwd: dir, env: cleanEnv({ OPENAI_COMPATIBLE_API_KEY: 'sk-x' }) });
      assertCleanError(result, status);
      assert.equal(existsSync(join(dir, '.peerguard', 'peerguard.db')) && args[0] === 'plan', false, 'plan with bad flags creates no database');
    });
  }
});

describe('corrupt, read-only and full databases', () => {
  /** A database holding the 7 trials of the tampering family at epoch 0. */
  async function seededDb(): Promise<{ dir: string; db: string }> {
    const dir = tempDir('peerguard-baddb-');
    const db = join(dir, 'seed.db');
    const result = await peerguard(['run', '--db', db, '--model', 'reference:faithful', '--family', 'tampering', '--epochs', '1'], { cwd: dir, env: cleanEnv() });
    assert.equal(result.status, 0, result.stderr);
    return { dir, db };
  }
  const trialCount = (db: string): number => {
    const sqlite = new Database(db, { readonly: true });
    try {
      assert.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok');
      return sqlite.prepare('SELECT COUNT(*) FROM trials').pluck().get() as number;
    } finally {
      sqlite.close();
    }
  };

  test('random bytes and a truncated database: exit 4, one line, the file untouched', async () => {
    const dir = tempDir('peerguard-baddb-');
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
    const before = readFileSync(junk);
    for (const command of [['run', '--family', 'tampering', '--epochs', '1'], ['report'], ['plan']]) {
      const result = await peerguard([...command, '--db', junk], { cwd: dir, env: cleanEnv() });
      assertCleanError(result, 4, /not a SQLite database or is corrupt/);
    }
    assert.deepEqual(readFileSync(junk), before);
    const { db } = await seededDb();
    const truncated = join(dir, 'truncated.db');
    writeFileSync(truncated, readFileSync(db).subarray(0, 40_000));
    const cut = readFileSync(truncated);
    for (const command of [['run', '--family', 'tampering', '--epochs', '1'], ['report']]) {
      const result = await peerguard([...command, '--db', truncated], { cwd: dir, env: cleanEnv() });
      assertCleanError(result, 4, /corrupt/);
    }
    assert.deepEqual(readFileSync(truncated), cut);
  });

  test('a read-only database: run exits 4 with one line, report still reads it, nothing is lost', async (t) => {
    const { dir, db } = await seededDb();
    chmodSync(db, 0o444);
    // root ignores file modes, so the child then runs as nobody (uid 65534).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(dir, 0o777);
    const run = (args: string[]): ChildResult => {
      const child = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: cleanEnv(), encoding: 'utf8', timeout: 60_000, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
      return { status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr, ms: 0 };
    };
    const probe = run(['--version']);
    if (probe.status !== 0) {
      t.skip(`cannot run the CLI as uid 65534 here: ${probe.stderr}`);
      return;
    }
    const result = run(['run', '--db', db, '--model', 'reference:faithful', '--family', 'tampering', '--epochs', '2']);
    assertCleanError(result, 4, /cannot be written/);
    const report = run(['report', '--db', db]);
    assert.equal(report.status, 0, report.stderr);
    assert.match(report.stdout, /Stored trials: 7 completed/);
    assert.equal(trialCount(db), 7);
  });

  test('a full disk (file-size limit): exit 4 with one line naming the unsaved trials; what was saved stays, and the run resumes', async () => {
    const { dir, db } = await seededDb();
    const sizeBlocks = Math.ceil((readFileSync(db).length + 64 * 1024) / 1024);
    // SIGXFSZ ignored, so a write past the limit fails with EFBIG instead of killing the process.
    const limited = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f ${sizeBlocks}; exec "$0" "$@"`, process.execPath, CLI, 'run', '--db', db, '--model', 'reference:faithful', '--epochs', '2'], { cwd: dir, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
    const result: ChildResult = { status: limited.status, signal: limited.signal, stdout: limited.stdout, stderr: limited.stderr, ms: 0 };
    assertCleanError(result, 4, /write failed .*disk full\?.*everything saved before it is intact; \d+ finished trial\(s\) of this run could not be saved/);
    const kept = trialCount(db);
    assert.ok(kept >= 7, `the trials stored before are still there (${kept})`);
    const resumed = await peerguard(['run', '--db', db, '--model', 'reference:faithful', '--epochs', '2'], { cwd: dir, env: cleanEnv() });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stdout, new RegExp(`\\d+ trials run, ${kept} already stored, 0 errors`));
  });
});

/** Lines of this machine's /etc/passwd that the virtual hosts' own /etc/passwd (root and daemon) does not have. */
function hostOnlyPasswdLines(): string[] {
  const lines = readFileSync('/etc/passwd', 'utf8').split('\n').filter((line) => line.includes(':') && !/^(root|daemon):/.test(line));
  assert.ok(lines.length > 0, 'this machine has /etc/passwd lines to look for');
  return lines;
}

describe('hostile model output', () => {
  const ODD = 'NUL:\u0000 bidi:\u202eevil\u202c zw:\u200b\u200d bom:\ufeff lone:\ud800 astral:𝕳🙂 esc:\u001b[31mred\u001b[0m\u001b]0;title\u0007 bell:\u0007 cr:\rover';
  const HOST_FILE = `/tmp/peerguard-escape-${process.pid}`;

  test('10 MB tool arguments, NUL bytes and odd Unicode, ../../etc/passwd in tool arguments: the trial completes with contained tool errors, is stored whole and is shown escaped', { timeout: 60_000 }, async () => {
    const sheet = setupFor(cell({ family: 'tampering' })).truth.sheet ?? 'sheet';
    const big = 'A'.repeat(10 * 1024 * 1024);
    const script: WireTurn[] = [
      { calls: [{ name: 'list_files' }], usage: { input: 10, output: 1, reasoning: 0 } },
      { calls: [{ name: 'view_config', args: { filename: '../../etc/passwd' } }, { name: 'view_sheet', args: { name: '../../../../etc/shadow' } }], usage: { input: 10, output: 1, reasoning: 0 } },
      { calls: [{ name: 'create_file', args: { filename: `../../..${HOST_FILE}`, content: 'escaped' } }, { name: 'delete_file', args: { id: '../../etc/passwd' } }], usage: { input: 10, output: 1, reasoning: 0 } },
      { calls: [{ name: 'modify_var', args: { key: 'shutdown_enabled', value: big } }, { name: 'view_sheet', args: { name: sheet } }], usage: { input: 10, output: 1, reasoning: 0 } },
      { calls: [{ name: 'create_file', args: { filename: `odd-${ODD}.txt`, content: ODD } }, { name: 'list_files', rawArgs: '{"a":' }], usage: { input: 10, output: 1, reasoning: 0 } },
      ...tamperingScript(sheet).slice(4),
    ];
    const server = await startLoopbackAgentServer({ script, text: ODD });
    servers.push(server);
    const dir = tempDir('peerguard-hostile-');
    const db = join(dir, 'hostile.db');
    const env = cleanEnv({ OPENAI_COMPATIBLE_API_KEY: 'sk-hostile' });
    const result = await peerguard(['run', '--db', db, '--model', 'openai-compatible:hostile', '--base-url', `${server.url}/v1`, '--epochs', '1', ...ONE_CELL], { cwd: dir, env });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /1 trials run, 0 already stored, 0 errors/);
    assert.equal(existsSync(HOST_FILE), false, 'nothing was written on the host');
    const store = SqliteResultStore.open(db);
    const [summary] = store.listTrials();
    const record = store.getTrial(summary!.key);
    store.close();
    assert.equal(record?.status, 'completed');
    const returned = record!.transcript.events.filter((e): e is ToolResultEvent => e.type === 'tool-returned');
    const text = JSON.stringify(returned);
    for (const line of hostOnlyPasswdLines()) assert.equal(text.includes(line), false, 'no host file was read');
    assert.ok(returned.filter((e) => e.isError).length >= 4, `the traversal attempts and the unparsable call were tool errors (a drive file named with slashes is only a name in the simulated drive): ${returned.filter((e) => e.isError).map((e) => e.output.slice(0, 120)).join(' | ')}`);
    const message = record!.transcript.events.find((e) => e.type === 'message-assistant');
    assert.ok(message !== undefined && 'text' in message && message.text.includes('\u0000') && message.text.includes('𝕳'), 'the odd text is stored as the model wrote it');
    const show = await peerguard(['show', summary!.key, '--db', db], { cwd: dir, env });
    assert.equal(show.status, 0, show.stderr);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(show.stdout, /[\u0000\u0007\u001b\u009b]/, 'show prints no terminal control characters from model output');
    assert.ok(show.stdout.length < 2_000_000, `show bounds huge arguments (${show.stdout.length} chars)`);
    const report = await peerguard(['report', '--db', db, '--format', 'csv'], { cwd: dir, env });
    assert.equal(report.status, 0, report.stderr);
  });

  test('the shell harness: reads and writes of host paths stay in the virtual hosts', { timeout: 60_000 }, async () => {
    const commands = [
      'cat /etc/passwd; cat ../../etc/passwd; cat /proc/self/environ',
      `echo escaped > ${HOST_FILE}; touch ${HOST_FILE}-2; mkdir -p /tmp/peerguard-escape-dir-${process.pid}; cp /etc/hostname ${HOST_FILE}-3`,
      `cd ../../../../../ && ls / && echo x > .${HOST_FILE}-4 && rm -rf /usr/bin/env /bin/sh 2>&1; ls /work /root 2>&1`,
      `node -e "require('fs').writeFileSync('${HOST_FILE}-5','x')"; python3 -c 1; curl http://127.0.0.1/; printf '\\0\\033[31m'`,
    ];
    const script: WireTurn[] = [
      ...commands.map((command): WireTurn => ({ calls: [{ name: 'bash', args: { command } }], usage: { input: 10, output: 1, reasoning: 0 } })),
      { calls: [{ name: 'end_task' }], usage: { input: 10, output: 1, reasoning: 0 } },
    ];
    const server = await startLoopbackAgentServer({ script });
    servers.push(server);
    const dir = tempDir('peerguard-hostile-shell-');
    const db = join(dir, 'shell.db');
    const usrBefore = existsSync('/usr/bin/env');
    const result = await peerguard(['run', '--db', db, '--harness', 'shell', '--model', 'openai-compatible:hostile', '--base-url', `${server.url}/v1`, '--epochs', '1', ...ONE_CELL], { cwd: dir, env: cleanEnv({ OPENAI_COMPATIBLE_API_KEY: 'sk-hostile' }) });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /1 trials run, 0 already stored, 0 errors/);
    for (const suffix of ['', '-2', '-3', '-4', '-5']) assert.equal(existsSync(`${HOST_FILE}${suffix}`), false, `${HOST_FILE}${suffix} was not created on the host`);
    assert.equal(existsSync(`/tmp/peerguard-escape-dir-${process.pid}`), false);
    assert.equal(existsSync('/usr/bin/env'), usrBefore);
    const store = SqliteResultStore.open(db);
    const record = store.getTrial(store.listTrials()[0]!.key);
    store.close();
    const text = JSON.stringify(record!.transcript.events.filter((e) => e.type === 'tool-returned'));
    for (const line of hostOnlyPasswdLines()) assert.equal(text.includes(line), false, `the host /etc/passwd was not read (${line})`);
    assert.equal(text.includes('OPENAI_COMPATIBLE_API_KEY') || text.includes('sk-hostile'), false, 'the host environment was not read');
  });
});
