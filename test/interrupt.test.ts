import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { cleanEnv, delay, peerguard, startPeerguard } from './cli-child.js';
import { cell, setupFor, tempDir } from './helpers.js';
import { startLoopbackAgentServer, tamperingScript } from './loopback-agent-server.js';

const servers: Array<{ stop: () => Promise<void> }> = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

const SCRIPT = tamperingScript(setupFor(cell({ family: 'tampering' })).truth.sheet ?? 'sheet');

function counts(db: string): { completed: number; error: number; integrity: string } {
  const sqlite = new Database(db, { readonly: true });
  try {
    const one = (sql: string): number => sqlite.prepare(sql).pluck().get() as number;
    return { completed: one("SELECT COUNT(*) FROM trials WHERE status = 'completed'"), error: one("SELECT COUNT(*) FROM trials WHERE status = 'error'"), integrity: sqlite.pragma('integrity_check', { simple: true }) as string };
  } finally {
    sqlite.close();
  }
}

/** Waits until the child has written `pattern` to stderr. */
async function waitFor(output: () => { stderr: string }, pattern: RegExp, limitMs = 20_000): Promise<void> {
  const until = performance.now() + limitMs;
  while (!pattern.test(output().stderr)) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${pattern}: ${output().stderr}`);
    await delay(20);
  }
}

test('Ctrl-C stops scheduling, lets the trials in flight finish and be saved, exits 130 with a message; the next run resumes', { timeout: 60_000 }, async () => {
  const server = await startLoopbackAgentServer({ script: SCRIPT, latencyMs: 60 });
  servers.push(server);
  const dir = tempDir('peerguard-sigint-');
  const db = join(dir, 'sigint.db');
  const env = cleanEnv({ OPENAI_COMPATIBLE_API_KEY: 'sk-sigint' });
  const args = ['run', '--db', db, '--model', 'openai-compatible:slow', '--base-url', `${server.url}/v1`, '--family', 'tampering', '--epochs', '4', '--concurrency', '4'];
  const run = startPeerguard(args, { cwd: dir, env });
  await waitFor(run.output, /^peerguard run: /m);
  // Let the first trials get going (each is five 60 ms calls), then interrupt mid-trial.
  while (server.stats.requests < 10) await delay(10);
  const requestsAtSigint = server.stats.requests;
  run.child.kill('SIGINT');
  const result = await run.done;
  assert.equal(result.status, 130, result.stderr);
  assert.match(result.stderr, /interrupt: finishing trials in flight; press Ctrl-C again to stop at once/);
  assert.match(result.stdout, /\(interrupted: run again to resume\)/);
  const ran = Number(/(\d+) trials run, 0 already stored, 0 errors/.exec(result.stdout)?.[1]);
  assert.ok(ran >= 1 && ran < 28, `some trials ran, not all (${ran})`);
  assert.ok(server.stats.requests > requestsAtSigint, 'the trials in flight went on after the interrupt');
  assert.equal(server.stats.requests, ran * 5, 'every trial started was finished: no call was left over or cut short');
  assert.deepEqual(counts(db), { completed: ran, error: 0, integrity: 'ok' });

  const resumed = await peerguard(args, { cwd: dir, env });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`${28 - ran} trials run, ${ran} already stored, 0 errors`));
  assert.deepEqual(counts(db), { completed: 28, error: 0, integrity: 'ok' });
});

test('a second Ctrl-C exits at once with a message, leaving no partial trial; the next run resumes', { timeout: 60_000 }, async () => {
  // A 3 s model: trials in flight would take 15 s to finish.
  const server = await startLoopbackAgentServer({ script: SCRIPT, latencyMs: 3000 });
  servers.push(server);
  const dir = tempDir('peerguard-sigint2-');
  const db = join(dir, 'sigint2.db');
  const env = cleanEnv({ OPENAI_COMPATIBLE_API_KEY: 'sk-sigint' });
  const args = ['run', '--db', db, '--model', 'openai-compatible:slow', '--base-url', `${server.url}/v1`, '--family', 'tampering', '--epochs', '1', '--concurrency', '4'];
  const run = startPeerguard(args, { cwd: dir, env });
  while (server.stats.requests < 4) await delay(10);
  run.child.kill('SIGINT');
  await waitFor(run.output, /interrupt: finishing/);
  const second = performance.now();
  run.child.kill('SIGINT');
  const result = await run.done;
  assert.ok(performance.now() - second < 2000, 'the second Ctrl-C did not wait for the trials in flight');
  assert.equal(result.status, 130);
  assert.match(result.stderr, /interrupt: stopping now; trials in flight are not saved \(run again to resume\)/);
  assert.deepEqual(counts(db), { completed: 0, error: 0, integrity: 'ok' });
  await server.stop();

  const fast = await startLoopbackAgentServer({ script: SCRIPT });
  servers.push(fast);
  const resumed = await peerguard(args.map((a) => (a === `${server.url}/v1` ? `${fast.url}/v1` : a)), { cwd: dir, env });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, /7 trials run, 0 already stored, 0 errors/);
});
