// Benchmark: trials per second with a reference agent over the paper preset, stored in SQLite, and peak memory.
// Usage: npm run bench -- [epochs] [model]   (default: 100 epochs of reference:loyal = 27,100 trials)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExperiment } from '../src/experiment/build-experiment.js';
import { runExperiment } from '../src/experiment/run-experiment.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';

const epochs = Number(process.argv[2] ?? 100);
const model = process.argv[3] ?? 'reference:loyal';
const dir = mkdtempSync(join(tmpdir(), 'peerguard-bench-'));
const dbPath = join(dir, 'bench.db');
try {
  const experiment = buildExperiment({ models: [model], preset: 'paper', epochs, filter: {} });
  const store = SqliteResultStore.open(dbPath);
  store.createRun({ id: 'bench', settings: { epochs, model } });
  const started = performance.now();
  const result = await runExperiment({ pack: experiment.pack, trials: experiment.trials, models: experiment.models, store, runId: 'bench', concurrency: 8 });
  const seconds = (performance.now() - started) / 1000;
  const counts = store.countByStatus();
  store.close();
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const dbMb = statSync(dbPath).size / 1024 / 1024;
  console.log(`cells ${experiment.cells.length} × epochs ${epochs} × ${model} = ${experiment.trials.length} trials`);
  console.log(`stored ${counts.completed} completed, ${counts.error} errors in ${seconds.toFixed(2)} s → ${(result.done / seconds).toFixed(0)} trials/s`);
  console.log(`peak RSS ${peakMb.toFixed(0)} MB; database ${dbMb.toFixed(1)} MB (plus WAL)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
