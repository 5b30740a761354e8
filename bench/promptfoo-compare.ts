// Benchmark (not a test): promptfoo against the same loopback OpenAI-compatible server (fixed latency, in its own
// process) and a bare undici client, on the same number of calls at each concurrency, so the comparison quoted in
// issue 8 ("promptfoo reached 0.58 / 0.29 / 0.10 of ideal at 16 / 64 / 256") is measured here.
//
// promptfoo is not a dependency of peerguard: install the pinned version into .peerguard/bench/promptfoo first with
//   bash bench/install-promptfoo.sh
// Usage: node dist/bench/promptfoo-compare.js [calls per level=1000] [concurrency list=16,64,256] [latencyMs=200]
//
// promptfoo runs as its own CLI (`promptfoo eval -c <config> --no-cache`), one process per level, with an
// `openai:chat` provider whose apiBaseUrl is the loopback server, `maxConcurrency` = the level, one test case per
// call, and a prompt of the bare client's size (a 4,000-character system message). HOME and PROMPTFOO_CONFIG_DIR
// point into a temporary directory and telemetry and update checks are off, so nothing touches the real home or the
// network. Its rate is calls / the evaluation's own duration (promptfoo's `stats.durationMs`, which leaves out its
// start-up); its CPU is the child's user + system time from /usr/bin/time, whole process, and also net of a run of
// `concurrency` calls (start-up, config load, writing results), per extra call.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BARE_REQUEST_BODY, measureBareClient } from './bare-client.js';
import { spawnLoopbackServer } from './spawn-loopback-server.js';

const calls = Number(process.argv[2] ?? 1000);
const levels = (process.argv[3] ?? '16,64,256').split(',').map(Number);
const latencyMs = Number(process.argv[4] ?? 200);

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const promptfooDir = process.env.PROMPTFOO_DIR ?? join(root, '.peerguard', 'bench', 'promptfoo');
const entry = join(promptfooDir, 'node_modules', 'promptfoo', 'dist', 'src', 'entrypoint.js');
if (!existsSync(entry)) {
  process.stderr.write(`promptfoo is not installed (looked for ${entry}).\nInstall the pinned version (npm registry only, into the ignored .peerguard/bench/promptfoo) with:\n  bash bench/install-promptfoo.sh\n`);
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  process.stderr.write('this benchmark needs /usr/bin/time (GNU time) to measure the promptfoo process\'s CPU\n');
  process.exit(2);
}
const promptfooVersion = (JSON.parse(readFileSync(join(promptfooDir, 'node_modules', 'promptfoo', 'package.json'), 'utf8')) as { version: string }).version;

/** What one `promptfoo eval` run did. */
interface PromptfooRun {
  /** promptfoo's own evaluation time (stats.durationMs), start-up excluded. */
  evalMs: number;
  /** The whole child process: wall, user + system CPU (ms), peak RSS (KB). */
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
}

/** Runs `promptfoo eval` for `n` test cases at `concurrency` and checks that every call reached the server. */
async function runPromptfoo(work: string, baseUrl: string, n: number, concurrency: number): Promise<PromptfooRun> {
  const dir = join(work, `c${concurrency}-n${n}`);
  mkdirSync(join(dir, 'home'), { recursive: true });
  const { messages } = JSON.parse(BARE_REQUEST_BODY) as { messages: Array<{ role: string; content: string }> };
  const prompt = JSON.stringify(messages.map((m) => (m.role === 'user' ? { ...m, content: `${m.content} {{i}}` } : m)));
  const config = {
    description: `peerguard bench: ${n} calls at concurrency ${concurrency}`,
    prompts: [prompt],
    providers: [{ id: 'openai:chat:bench', config: { apiBaseUrl: `${baseUrl}/v1`, apiKey: 'x' } }],
    tests: Array.from({ length: n }, (_, i) => ({ vars: { i: String(i) } })),
    evaluateOptions: { maxConcurrency: concurrency },
  };
  writeFileSync(join(dir, 'promptfooconfig.json'), JSON.stringify(config));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(dir, 'home'),
    PROMPTFOO_CONFIG_DIR: join(dir, 'home', '.promptfoo'),
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    PROMPTFOO_DISABLE_SHARING: '1',
    NO_COLOR: '1',
  };
  const timeFile = join(dir, 'time.txt');
  const args = ['-f', '%e %U %S %M', '-o', timeFile, process.execPath, entry, 'eval', '-c', join(dir, 'promptfooconfig.json'), '--no-cache', '--no-table', '--no-progress-bar', '-o', join(dir, 'results.json')];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('/usr/bin/time', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`promptfoo eval exited with status ${code}:\n${text.slice(-2000)}`))));
  });
  const [wall, user, system, rss] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number, number];
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
    results: { stats: { successes: number; errors: number; durationMs: number; tokenUsage: { numRequests: number } }; results: Array<{ response?: { output?: unknown } }> };
  };
  const { stats } = results.results;
  // Each call must have been answered by the loopback server: its scripted first turn is a `list_files` tool call.
  const answered = results.results.results.filter((r) => JSON.stringify(r.response?.output ?? null).includes('list_files')).length;
  if (stats.errors > 0 || stats.tokenUsage.numRequests !== n || answered !== n) {
    throw new Error(`promptfoo did not make ${n} successful calls to the loopback server: ${stats.errors} errors, ${stats.tokenUsage.numRequests} requests, ${answered} answers from the server\n${output.slice(-2000)}`);
  }
  rmSync(join(dir, 'results.json'));
  return { evalMs: stats.durationMs, wallMs: wall * 1000, cpuMs: (user + system) * 1000, maxRssKb: rss };
}

const server = await spawnLoopbackServer(latencyMs);
const work = mkdtempSync(join(tmpdir(), 'peerguard-promptfoo-'));
try {
  console.log(`promptfoo ${promptfooVersion} (node ${process.version}) vs a bare undici client, loopback OpenAI-compatible server with ${latencyMs} ms per call (own process); ${calls} calls per level; ideal = concurrency / latency`);
  console.log('concurrency  calls   bare calls/s (of ideal)   promptfoo calls/s (of ideal)   promptfoo / bare   promptfoo CPU ms/call (whole process | net of start-up)   promptfoo wall s   RSS MB');
  const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;
  for (const concurrency of levels) {
    const ideal = concurrency / (latencyMs / 1000);
    const bareRate = (await measureBareClient(server.url, concurrency, calls)).rate;
    // A short run of one call per slot: start-up, config load and result writing, to take off the CPU per call.
    const small = await runPromptfoo(work, server.url, concurrency, concurrency);
    const run = await runPromptfoo(work, server.url, calls, concurrency);
    const rate = calls / (run.evalMs / 1000);
    const cpuWhole = run.cpuMs / calls;
    const cpuNet = (run.cpuMs - small.cpuMs) / (calls - concurrency);
    console.log(`${String(concurrency).padStart(11)}  ${String(calls).padStart(5)}   ${bareRate.toFixed(1).padStart(12)} (${pct(bareRate / ideal).padStart(5)})   ${rate.toFixed(1).padStart(17)} (${pct(rate / ideal).padStart(5)})   ${(rate / bareRate).toFixed(3).padStart(16)}   ${cpuWhole.toFixed(2).padStart(27)} | ${cpuNet.toFixed(2).padStart(6)}${' '.repeat(23)}   ${(run.wallMs / 1000).toFixed(1).padStart(16)}   ${(run.maxRssKb / 1024).toFixed(0).padStart(6)}`);
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
