/**
 * Store throughput benchmark (not a test): saves N synthetic trials (~20 KB transcripts, 8 findings each) in
 * batches into a fresh SQLite result store and prints the time. Run after building:
 *
 *   node dist/src/store/store-throughput.bench.js [trials=27100] [batchSize=100] [transcriptBytes=20000]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TrialRecord } from '../src/records/trial-record.js';
import { sampleTrialRecord } from '../src/store/sample-trial-record.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';

const [trialCount = 27_100, batchSize = 100, transcriptBytes = 20_000] = process.argv.slice(2).map(Number);

const directory = mkdtempSync(join(tmpdir(), 'peerguard-bench-'));
const path = join(directory, 'results.db');
try {
  // Generate up front: the benchmark measures the store, not the generator.
  const generateStart = performance.now();
  const records: TrialRecord[] = [];
  for (let i = 0; i < trialCount; i += 1) {
    records.push(sampleTrialRecord(i, { transcriptBytes, status: i % 50 === 49 ? 'error' : 'completed' }));
  }
  const generateMs = performance.now() - generateStart;

  const store = SqliteResultStore.open(path);
  const saveStart = performance.now();
  for (let offset = 0; offset < records.length; offset += batchSize) {
    store.saveTrials(records.slice(offset, offset + batchSize));
  }
  const saveMs = performance.now() - saveStart;

  const aggregateStart = performance.now();
  const rows = store.aggregate();
  const aggregateMs = performance.now() - aggregateStart;
  const keysStart = performance.now();
  const completed = store.completedKeys().size;
  const keysMs = performance.now() - keysStart;
  store.close();

  const sizeMiB = statSync(path).size / 2 ** 20;
  console.log(
    [
      `trials: ${trialCount} in batches of ${batchSize}, transcripts ~${transcriptBytes} B, 8 findings each`,
      `generate: ${(generateMs / 1000).toFixed(2)} s (not counted)`,
      `save: ${(saveMs / 1000).toFixed(2)} s = ${Math.round(trialCount / (saveMs / 1000))} trials/s`,
      `aggregate: ${aggregateMs.toFixed(0)} ms (${rows.length} rows); completedKeys: ${keysMs.toFixed(0)} ms (${completed} keys)`,
      `database: ${sizeMiB.toFixed(1)} MiB`,
    ].join('\n'),
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}
