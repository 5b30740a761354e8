import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { cleanEnv, delay, peerguard, startPeerguard, type ChildResult } from './cli-child.js';
import { cell, setupFor, tempDir } from './helpers.js';
import { startLoopbackAgentServer, tamperingScript } from './loopback-agent-server.js';

const servers: Array<{ stop: () => Promise<void> }> = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A file's bytes as text, and, for a SQLite database, every gzip blob in it decoded (transcripts, cached replies). */
function readAll(path: string): string {
  const bytes = readFileSync(path);
  const parts = [bytes.toString('latin1'), bytes.toString('utf8')];
  // gzip members anywhere in the file (database pages, WAL frames): decode what decodes.
  for (let at = bytes.indexOf(Buffer.from([0x1f, 0x8b, 0x08])); at >= 0; at = bytes.indexOf(Buffer.from([0x1f, 0x8b, 0x08]), at + 1)) {
    try {
      parts.push(gunzipSync(bytes.subarray(at), { finishFlush: 2 }).toString('utf8'));
    } catch {
      // not a whole member (split across pages): the decoded transcripts are scanned through `show --json` below
    }
  }
  return parts.join('\n');
}

test('sentinel keys, a secret base-URL path and a server that echoes them: nothing reaches the database (WAL included), transcripts, cache, logs, reports or the judge\'s records', { timeout: 120_000 }, async (t) => {
  const key = 'sk-SENTINEL-agent-3b9f0e';
  const pathSecret = 'SENTINEL-path-c41a77';
  const server = await startLoopbackAgentServer({ script: tamperingScript(setupFor(cell({ family: 'tampering' })).truth.sheet ?? 'sheet'), latencyMs: 20, faultRate: 0.15, faultKinds: ['429', '500'], echoSecrets: true, seed: 5 });
  servers.push(server);
  const dir = tempDir('peerguard-secrets-');
  const db = join(dir, 'secret.db');
  const env = cleanEnv({ OPENAI_COMPATIBLE_API_KEY: key });
  const base = `${server.url}/${pathSecret}/v1`;
  const args = ['run', '--db', db, '--model', 'openai-compatible:agent', '--judge', 'openai-compatible:judge', '--base-url', base, '--family', 'tampering', '--epochs', '2', '--concurrency', '4', '--max-retries', '2', '--cache'];
  const outputs: ChildResult[] = [];

  // A run killed mid-way leaves its WAL behind: keep a copy to scan.
  const killed = startPeerguard(args, { cwd: dir, env });
  while (server.stats.requests < 30) await delay(10);
  killed.child.kill('SIGKILL');
  outputs.push(await killed.done);
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(`${db}${suffix}`)) copyFileSync(`${db}${suffix}`, join(dir, `killed-copy.db${suffix}`));
  assert.ok(existsSync(`${db}-wal`), 'the killed run left a WAL to scan');

  outputs.push(await peerguard(args, { cwd: dir, env }));
  assert.equal(outputs.at(-1)!.status, 0, outputs.at(-1)!.stderr);
  assert.ok([...server.stats.authorizations].includes(`Bearer ${key}`), 'the key was really sent');
  assert.ok([...server.stats.paths].every((p) => p.startsWith(`/${pathSecret}/v1/`)), 'the secret path was really used');

  for (const format of ['table', 'md', 'csv', 'json']) outputs.push(await peerguard(['report', '--db', db, '--format', format], { cwd: dir, env }));
  outputs.push(await peerguard(['report', '--paper', '--db', db], { cwd: dir, env }));
  // The HTML report (scanned as a file below) embeds transcripts as base64 gzip: decode those too.
  const html = join(dir, 'report.html');
  outputs.push(await peerguard(['report', '--db', db, '--html', html], { cwd: dir, env }));
  assert.equal(outputs.at(-1)!.status, 0, outputs.at(-1)!.stderr);
  const embedded = [...readFileSync(html, 'utf8').matchAll(/<script type="application\/x-peerguard-transcript"[^>]*>([^<]*)<\/script>/g)];
  assert.ok(embedded.length > 0, 'the HTML report embeds transcripts');
  for (const [, base64] of embedded) outputs.push({ status: 0, signal: null, stdout: gunzipSync(Buffer.from(base64!, 'base64')).toString('utf8'), stderr: '', ms: 0 });
  outputs.push(await peerguard(['rescore', '--db', db, '--judge', 'openai-compatible:judge', '--base-url', base, '--json'], { cwd: dir, env }));
  const sqlite = new Database(db, { readonly: true });
  const keys = sqlite.prepare('SELECT key FROM trials').pluck().all() as string[];
  const errors = sqlite.prepare('SELECT error FROM trials WHERE error IS NOT NULL').pluck().all() as string[];
  sqlite.close();
  for (const trial of keys) {
    outputs.push(await peerguard(['show', trial, '--db', db, '--json'], { cwd: dir, env }));
    outputs.push(await peerguard(['show', trial, '--db', db], { cwd: dir, env }));
  }
  const everything = [...outputs.flatMap((o) => [o.stdout, o.stderr]), ...filesUnder(dir).map(readAll), ...errors].join('\n');
  assert.ok(server.stats.faults['500'] + server.stats.faults['429'] > 0, 'the server echoed secrets in some replies');
  assert.match(everything, /judge/i, 'the judge ran');
  for (const secret of [key, pathSecret, 'SENTINEL']) assert.equal(everything.includes(secret), false, `${secret} leaked`);
  // The echoes are scrubbed in place ("Bearer [redacted]"), never kept.
  assert.doesNotMatch(everything, /Bearer (?!\[redacted\])/, 'an Authorization value leaked');
  t.diagnostic(`scanned ${filesUnder(dir).length} files and ${outputs.length} outputs; server faults ${JSON.stringify(server.stats.faults)}; scrubbed echoes: ${everything.split('[redacted]').length - 1}`);
});
