import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';
import { cleanEnv, delay, peerguard, startPeerguard } from './cli-child.js';
import { cell, setupFor, tempDir } from './helpers.js';
import { startLoopbackAgentServer, tamperingScript } from './loopback-agent-server.js';

const servers: Array<{ stop: () => Promise<void> }> = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** mulberry32, so the kill moments are the same on every run of the test. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reads what the database holds right now (read-only, so it never checkpoints or repairs anything itself). */
function inspect(db: string): { trials: number; completed: number; distinct: number; withoutFindings: number; withoutRevision: number; integrity: string } {
  const sqlite = new Database(db, { readonly: true });
  try {
    const one = (sql: string): number => sqlite.prepare(sql).pluck().get() as number;
    return {
      trials: one('SELECT COUNT(*) FROM trials'),
      completed: one("SELECT COUNT(*) FROM trials WHERE status = 'completed'"),
      distinct: one('SELECT COUNT(DISTINCT key) FROM trials'),
      withoutFindings: one("SELECT COUNT(*) FROM trials t WHERE t.status = 'completed' AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.trial_key = t.key)"),
      withoutRevision: one('SELECT COUNT(*) FROM trials t WHERE NOT EXISTS (SELECT 1 FROM finding_revisions r WHERE r.trial_key = t.key)'),
      integrity: sqlite.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    sqlite.close();
  }
}

test('SIGKILL at 20 seeded moments of a run against a slow model: every run resumes, every trial is stored once, whole, and the database stays sound', { timeout: 120_000 }, async (t) => {
  const server = await startLoopbackAgentServer({ script: tamperingScript(setupFor(cell({ family: 'tampering' })).truth.sheet ?? 'sheet'), latencyMs: 50 });
  servers.push(server);
  const dir = tempDir('peerguard-crash-');
  const db = join(dir, 'crash.db');
  const env = cleanEnv({ OPENAI_COMPATIBLE_API_KEY: 'sk-crash-test' });
  const args = ['run', '--db', db, '--model', 'openai-compatible:slow', '--base-url', `${server.url}/v1`, '--family', 'tampering', '--epochs', '12', '--concurrency', '2', '--cache'];
  const planned = 7 * 12;
  const random = seeded(20_261_124);
  const stored: number[] = [];
  for (let kill = 0; kill < 20; kill += 1) {
    // Every fourth kill lands 0-700 ms after the start (often during start-up); the others 0-700 ms after the run's
    // first model call, while trials are in flight and being saved.
    const at = Math.floor(random() * 700);
    const requestsBefore = server.stats.requests;
    const run = startPeerguard(args, { cwd: dir, env });
    if (kill % 4 !== 0) {
      const until = performance.now() + 20_000;
      while (server.stats.requests === requestsBefore && performance.now() < until) await delay(5);
    }
    await delay(at);
    run.child.kill('SIGKILL');
    const result = await run.done;
    assert.ok(result.signal === 'SIGKILL' || result.status === 0, `run ${kill} ended by itself with ${result.status}: ${result.stderr}`);
    try {
      const state = inspect(db);
      assert.equal(state.integrity, 'ok', `integrity after kill ${kill}`);
      assert.equal(state.withoutFindings, 0, `a completed trial without findings after kill ${kill}`);
      assert.equal(state.withoutRevision, 0, `a trial without its finding revision after kill ${kill}`);
      assert.equal(state.trials, state.distinct);
      stored.push(state.trials);
    } catch (error) {
      // Killed before the database was first created: nothing to inspect yet.
      if (!(error instanceof Error && /unable to open|no such table/.test(error.message))) throw error;
      stored.push(0);
    }
  }
  for (let i = 1; i < stored.length; i += 1) assert.ok(stored[i]! >= stored[i - 1]!, `stored trials never go down: ${stored.join(' ')}`);
  assert.ok(stored.at(-1)! > 0 && stored.at(-1)! < planned, `the kills interrupted the run part-way (stored after each kill: ${stored.join(' ')})`);

  t.diagnostic(`trials stored after each SIGKILL: ${stored.join(' ')} of ${planned}`);
  const last = await peerguard(args, { cwd: dir, env });
  assert.equal(last.status, 0, last.stderr);
  assert.match(last.stdout, new RegExp(`(\\d+) trials run, ${stored.at(-1)} already stored, 0 errors`));
  const state = inspect(db);
  assert.deepEqual(state, { trials: planned, completed: planned, distinct: planned, withoutFindings: 0, withoutRevision: 0, integrity: 'ok' });
  // Every stored trial reads back whole: its transcript decodes and ends with the agent's stop.
  const store = SqliteResultStore.open(db);
  try {
    for (const summary of store.listTrials()) {
      const record = store.getTrial(summary.key);
      assert.ok(record !== null && record.findings.length > 0, summary.key);
      assert.ok(record.transcript.events.some((e) => e.type === 'trial-stopped'), `trial ${summary.key} has its stop event`);
    }
  } finally {
    store.close();
  }
  // A run again does nothing.
  const again = await peerguard(args, { cwd: dir, env });
  assert.match(again.stdout, new RegExp(`0 trials run, ${planned} already stored`));
});
