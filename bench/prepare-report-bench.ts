// The set-up both report benchmarks share: arguments, the sample store (built once, then reused), one opening so
// pending migrations are applied before anything is timed, and the load average the figures depend on.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSampleStore } from './sample-store.js';

/** What a report benchmark measures against. */
export interface ReportBench {
  storePath: string;
  /** The CLI to time: PEERGUARD_BENCH_CLI (another build's `dist/src/cli/main.js`, for before/after runs) or ours. */
  cli: string;
}

/** Reads `[trials=100000] [transcriptBytes=10000] [store=/tmp/peerguard-bench-<trials>.db]`, prepares the store, prints it. */
export function prepareReportBench(args: readonly string[]): ReportBench {
  const [trialArg, bytesArg, storeArg] = args;
  const trialCount = Number(trialArg ?? 100_000);
  const transcriptBytes = Number(bytesArg ?? 10_000);
  const storePath = storeArg ?? join(tmpdir(), `peerguard-bench-${trialCount}.db`);
  const cli = process.env.PEERGUARD_BENCH_CLI ?? fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const buildStart = performance.now();
  ensureSampleStore(storePath, trialCount, transcriptBytes);
  console.log(`store: ${storePath} (${trialCount} trials, ~${transcriptBytes} B transcripts, ${(statSync(storePath).size / 2 ** 20).toFixed(0)} MiB; ready in ${((performance.now() - buildStart) / 1000).toFixed(1)} s)`);
  // Opening once applies pending migrations, so no measurement includes a one-time upgrade.
  spawnSync(process.execPath, [cli, 'report', '--db', storePath, '--format', 'json'], { stdio: 'ignore' });
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min)`);
  return { storePath, cli };
}
