/**
 * Builds (or reuses) a synthetic result store for the report and viewer benchmarks: `trialCount` trials from
 * {@link sampleTrialRecord} over the paper preset's cells (271 per model) and four models, 2 % errored.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { presetCells } from '../src/scenarios/expand-cells.js';
import { loadScenarioPack } from '../src/scenarios/scenario-pack.js';
import type { TrialRecord } from '../src/records/trial-record.js';
import { sampleTrialRecord } from '../src/store/sample-trial-record.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';

const MODELS = ['reference:sample-a', 'reference:sample-b', 'openai:sample-c', 'anthropic:sample-d'];

/**
 * Returns `path`, creating the store there first unless a complete one already exists (a store is written to
 * `path.partial` and renamed when done, so an interrupted build is never reused).
 */
export function ensureSampleStore(path: string, trialCount: number, transcriptBytes: number): string {
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  const cells = presetCells(loadScenarioPack(), 'paper');
  const store = SqliteResultStore.open(partial);
  try {
    const batchSize = 500;
    for (let offset = 0; offset < trialCount; offset += batchSize) {
      const batch: TrialRecord[] = [];
      for (let i = offset; i < Math.min(trialCount, offset + batchSize); i += 1) {
        batch.push(
          sampleTrialRecord(i, {
            transcriptBytes,
            status: i % 50 === 49 ? 'error' : 'completed',
            model: MODELS[i % MODELS.length] ?? 'reference:sample-a',
            cell: cells[Math.floor(i / MODELS.length) % cells.length] ?? {},
          }),
        );
      }
      store.saveTrials(batch);
    }
  } finally {
    store.close();
  }
  renameSync(partial, path);
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  return path;
}
