// Benchmark (not a test): model calls per second through the whole harness (runExperiment: trials of five calls,
// retries, adaptive concurrency, SQLite saves) against a loopback OpenAI-compatible server with a fixed latency,
// beside a bare undici client making the same number of calls at the same concurrency in the same process.
// Usage: node dist/bench/throughput.js [latencyMs=200] [concurrency list=1,16,64,256] [seconds per level=8] [calls per level] [pairs=1]
// With a calls count (e.g. 10240) every level makes that many calls (rounded up to whole five-call trials)
// instead of `seconds` × ideal rate. With pairs > 1 each level is measured that many times (bare, then harness, one
// line each time) and a summary line gives the median, lowest and highest harness/bare ratio: on this shared 2-core
// machine one pair varies by a few points from the next, mostly in the bare client's rate. Each line also prints CPU ms per call (the harness's includes its trial-saving
// thread), the harness event loop's busy ms per call (main thread only), the bare client's CPU, the load average, and
// each client's end-of-run idle share: the slot-time spent idle after the last call (bare) or trial (harness) was
// started. A harness of five-call trials idles longer there than a client of single calls, so on short runs part of
// the gap to the bare client is that tail, not per-call overhead; the last column divides it out of both rates.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureBareClient } from './bare-client.js';
import { endOfRunIdleShare } from './end-of-run-idle.js';
import { spawnLoopbackServer } from './spawn-loopback-server.js';
import { BackgroundTrialSaver } from '../src/experiment/background-trial-saver.js';
import { buildExperiment } from '../src/experiment/build-experiment.js';
import { runExperiment, type ExperimentProgress } from '../src/experiment/run-experiment.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';

const latencyMs = Number(process.argv[2] ?? 200);
const levels = (process.argv[3] ?? '1,16,64,256').split(',').map(Number);
const seconds = Number(process.argv[4] ?? 8);
const fixedCalls = process.argv[5] === undefined || process.argv[5] === '0' ? undefined : Number(process.argv[5]);
const pairs = Math.max(1, Number(process.argv[6] ?? 1));
const CALLS_PER_TRIAL = 5;

// The server runs in its own process, so its CPU is not charged to either client.
const server = await spawnLoopbackServer(latencyMs);
const dir = mkdtempSync(join(tmpdir(), 'peerguard-throughput-'));
try {
  console.log(`loopback OpenAI-compatible server, ${latencyMs} ms per call; ideal = concurrency / latency`);
  console.log('concurrency  calls   bare calls/s (of ideal)   harness calls/s (of ideal)   harness / bare   harness CPU ms/call   loop busy ms/call   bare CPU ms/call   load 1 min   end idle bare | harness   ratio without end idle');
  for (const concurrency of levels) {
    const ratios: number[] = [];
    for (let pair = 1; pair <= pairs; pair += 1) ratios.push(await measurePair(concurrency, pair));
    if (pairs > 1) {
      const sorted = [...ratios].sort((a, b) => a - b);
      const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
      console.log(`${String(concurrency).padStart(11)}  harness / bare over ${pairs} pairs: median ${median.toFixed(3)}, lowest ${sorted[0]!.toFixed(3)}, highest ${sorted.at(-1)!.toFixed(3)}`);
    }
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** One bare run and one harness run of the same number of calls at `concurrency`; prints a line, returns harness / bare. */
async function measurePair(concurrency: number, pair: number): Promise<number> {
  {
    const ideal = concurrency / (latencyMs / 1000);
    const trials = fixedCalls === undefined ? Math.max(1, Math.round((ideal * seconds) / CALLS_PER_TRIAL)) : Math.max(1, Math.ceil(fixedCalls / CALLS_PER_TRIAL));
    const calls = trials * CALLS_PER_TRIAL;

    // Bare client: the same requests (a full first-turn body), `concurrency` loops, keep-alive pool.
    const bareCpu0 = process.cpuUsage();
    const bare = await measureBareClient(server.url, concurrency, calls);
    const bareRate = bare.rate;
    const bareCpu = process.cpuUsage(bareCpu0);
    const bareIdle = endOfRunIdleShare(bare.endTimesMs, bare.totalMs, concurrency);

    // The harness: `trials` five-call tampering trials through runExperiment with an openai-compatible model.
    const experiment = buildExperiment({ models: ['openai-compatible:bench'], preset: 'quick', epochs: Math.ceil(trials / 7) + 1, filter: { family: ['tampering'] } }, { env: { OPENAI_COMPATIBLE_API_KEY: 'x' }, baseUrl: `${server.url}/v1` });
    const planned = experiment.trials.slice(0, trials);
    const store = SqliteResultStore.open(join(dir, `c${concurrency}-${pair}.db`));
    store.createRun({ id: 'bench', settings: {} });
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const start = performance.now();
    // As `peerguard run` does: trials are saved by a worker thread on its own connection.
    const saver = BackgroundTrialSaver.open(join(dir, `c${concurrency}-${pair}.db`));
    // When each trial ended (progress is reported once per finished trial, and on retries).
    const trialEnds: number[] = [];
    const onProgress = (progress: ExperimentProgress): void => {
      while (trialEnds.length < progress.done) trialEnds.push(progress.elapsedMs);
    };
    const result = await runExperiment({ pack: experiment.pack, trials: planned, models: experiment.models, store, runId: 'bench', concurrency, saver, onProgress });
    await saver.close();
    const elapsed = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const harnessIdle = endOfRunIdleShare(trialEnds, result.elapsedMs, concurrency);
    const loopBusyMsPerCall = performance.eventLoopUtilization(elu0).active / (result.done * CALLS_PER_TRIAL);
    store.close();
    const made = result.done * CALLS_PER_TRIAL;
    const rate = made / elapsed;
    const cpuMsPerCall = (cpu.user + cpu.system) / 1000 / made;
    const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)} %`;
    console.log(`${String(concurrency).padStart(11)}  ${String(made).padStart(5)}   ${bareRate.toFixed(1).padStart(12)} (${pct(bareRate / ideal).padStart(5)})   ${rate.toFixed(1).padStart(15)} (${pct(rate / ideal).padStart(5)})   ${(rate / bareRate).toFixed(3).padStart(14)}   ${cpuMsPerCall.toFixed(2).padStart(19)}   ${loopBusyMsPerCall.toFixed(2).padStart(17)}   ${((bareCpu.user + bareCpu.system) / 1000 / calls).toFixed(2).padStart(16)}   ${loadavg()[0]!.toFixed(2).padStart(10)}   ${pct(bareIdle).padStart(13)} | ${pct(harnessIdle).padStart(7)}   ${((rate / (1 - harnessIdle)) / (bareRate / (1 - bareIdle))).toFixed(3).padStart(22)}${result.errors > 0 ? `  (${result.errors} errored trials)` : ''}`);
    return rate / bareRate;
  }
}
