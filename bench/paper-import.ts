// Benchmark of `import paper` on a large dataset file: generates a JSONL file of study transcripts in the released
// dataset's row shape (transcript_json + merged_data.csv fields, a unique transcript_id per row), then imports it into
// a fresh SQLite store and reports rows/s and the process's peak RSS, sampled as the import goes — memory must stay
// flat as the file grows. Usage: node dist/bench/paper-import.js [megabytes=256] [dir=os tmpdir]
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPaper } from '../src/importer/import-paper.js';
import { loadScenarioPack } from '../src/scenarios/scenario-pack.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';

const megabytes = Number(process.argv[2] ?? 256);
const dir = mkdtempSync(join(process.argv[3] ?? tmpdir(), 'peerguard-import-bench-'));
const examples = fileURLToPath(new URL('../../../shared/paper-examples/', import.meta.url));
const sources = ['transcripts', 'scratchpad'].flatMap((sub) => readdirSync(join(examples, sub)).filter((n) => n.endsWith('.json') && !n.startsWith('coding-')).map((n) => readFileSync(join(examples, sub, n), 'utf8')));
const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;
const peakMb = (): number => process.resourceUsage().maxRSS / 1024;

const file = join(dir, 'dataset.jsonl');
const out = createWriteStream(file);
let rows = 0;
let bytes = 0;
while (bytes < megabytes * 2 ** 20) {
  const transcript = sources[rows % sources.length]!;
  const meta = (JSON.parse(transcript) as { experiment_metadata: Record<string, unknown> }).experiment_metadata;
  const line = `${JSON.stringify({ transcript_id: `bench-${rows}`, group: 'main', agent_model: meta.agent_model, subject: meta.subject, dataset: meta.dataset, threshold: meta.threshold, transcript_json: transcript })}\n`;
  bytes += Buffer.byteLength(line);
  rows += 1;
  if (!out.write(line)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
console.log(`generated ${rows} rows, ${(statSync(file).size / 2 ** 20).toFixed(0)} MB (${file}); RSS after generation ${rssMb().toFixed(0)} MB, peak ${peakMb().toFixed(0)} MB`);

const store = SqliteResultStore.open(join(dir, 'bench.db'));
const pack = loadScenarioPack();
const started = performance.now();
const samples: string[] = [];
let nextSample = 0.1;
const summary = await importPaper({
  store, pack, paths: [file], runId: 'bench',
  onProgress: (s) => {
    if (s.imported / rows >= nextSample) {
      samples.push(`${Math.round(100 * nextSample)}%: RSS ${rssMb().toFixed(0)} MB`);
      nextSample += 0.1;
    }
  },
});
const seconds = (performance.now() - started) / 1000;
store.close();
console.log(`imported ${summary.imported}, skipped ${summary.skipped}, duplicates ${summary.duplicates} in ${seconds.toFixed(1)} s: ${(summary.imported / seconds).toFixed(0)} rows/s, ${(megabytes / seconds).toFixed(1)} MB/s`);
console.log(`RSS during the import: ${samples.join(', ')}`);
console.log(`peak RSS of the process: ${peakMb().toFixed(0)} MB; database ${(statSync(join(dir, 'bench.db')).size / 2 ** 20).toFixed(0)} MB`);
rmSync(dir, { recursive: true, force: true });
