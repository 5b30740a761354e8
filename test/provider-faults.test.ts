import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { cleanEnv, peerguard } from './cli-child.js';
import { cell, setupFor, tempDir } from './helpers.js';
import { startLoopbackAgentServer, tamperingScript } from './loopback-agent-server.js';

const servers: Array<{ stop: () => Promise<void> }> = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

const SCRIPT = tamperingScript(setupFor(cell({ family: 'tampering' })).truth.sheet ?? 'sheet');
const RETRYABLE = /^E_MODEL_(RATE_LIMIT|SERVER|TIMEOUT|NETWORK|EMPTY): /;

/** Runs 28 trials through a server that fails 20 % of calls, and reads back what was stored. */
async function faultyRun(maxRetries: number, seed: number) {
  const server = await startLoopbackAgentServer({ script: SCRIPT, latencyMs: 5, faultRate: 0.2, seed });
  servers.push(server);
  const dir = tempDir('peerguard-faults-');
  const db = join(dir, 'faults.db');
  const args = ['run', '--db', db, '--model', 'openai-compatible:flaky', '--base-url', `${server.url}/v1`, '--family', 'tampering', '--epochs', '4', '--concurrency', '8', '--call-timeout', '2', '--max-retries', String(maxRetries)];
  const result = await peerguard(args, { cwd: dir, env: cleanEnv({ OPENAI_COMPATIBLE_API_KEY: 'sk-faults' }), limitMs: 90_000 });
  await server.stop();
  const sqlite = new Database(db, { readonly: true });
  const trials = sqlite.prepare('SELECT key, status, error, model_calls AS calls FROM trials').all() as Array<{ key: string; status: string; error: string | null; calls: number }>;
  sqlite.close();
  const summary = /(\d+) trials run, (\d+) already stored, (\d+) errors, (\d+) retried calls/.exec(result.stdout);
  assert.ok(summary, result.stdout + result.stderr);
  return { result, trials, stats: server.stats, run: Number(summary[1]), errors: Number(summary[3]), retries: Number(summary[4]) };
}

test('a provider failing 20 % of calls (429, 500, hang, cut connection, garbage JSON): retries carry every trial to completion and show in the progress and summary', { timeout: 120_000 }, async (t) => {
  const { result, trials, stats, run, errors, retries } = await faultyRun(6, 7);
  assert.equal(result.status, 0, result.stderr);
  const faults = Object.values(stats.faults).reduce((a, b) => a + b, 0);
  t.diagnostic(`requests ${stats.requests}, answered ${stats.answered}, faults ${JSON.stringify(stats.faults)}, retries ${retries}, errors ${errors}`);
  for (const kind of ['429', '500', 'hang', 'cut', 'garbage'] as const) assert.ok(stats.faults[kind] > 0, `the server produced ${kind}`);
  assert.equal(run, 28);
  assert.equal(errors, 0);
  assert.equal(trials.length, 28);
  assert.ok(trials.every((trial) => trial.status === 'completed'));
  // Every failed attempt was retried, and every answered call is a model call of some trial.
  assert.equal(retries, faults);
  assert.equal(trials.reduce((sum, trial) => sum + trial.calls, 0), stats.answered);
  assert.equal(stats.requests, stats.answered + faults);
  assert.match(result.stderr, /retries \d+/, 'the progress line shows retries');
});

test('with one retry, trials that still fail end as errors with their reason; completed + errors = planned and the counts add up', { timeout: 120_000 }, async (t) => {
  const { result, trials, stats, run, errors, retries } = await faultyRun(1, 11);
  assert.equal(result.status, 0, result.stderr);
  const faults = Object.values(stats.faults).reduce((a, b) => a + b, 0);
  t.diagnostic(`requests ${stats.requests}, answered ${stats.answered}, faults ${JSON.stringify(stats.faults)}, retries ${retries}, errors ${errors}`);
  assert.equal(run, 28);
  assert.equal(trials.length, 28);
  const errored = trials.filter((trial) => trial.status === 'error');
  assert.equal(errored.length, errors);
  assert.ok(errors > 0, 'some trials ran out of retries');
  assert.equal(trials.filter((trial) => trial.status === 'completed').length + errors, 28);
  for (const trial of errored) assert.match(trial.error ?? '', RETRYABLE, `trial ${trial.key} names its reason`);
  // Each failed attempt was either retried or was the one that ended its trial.
  assert.equal(faults, retries + errors);
  assert.equal(stats.requests, stats.answered + faults);
  // Errors are never verdicts: the report counts them apart.
  assert.match(result.stdout, /errors/);
});
