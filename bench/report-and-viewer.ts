/**
 * Report and viewer benchmark (not a test): on a store of N synthetic trials (built once, then reused),
 * measures `peerguard report --html` (time, peak RSS, file size) and `peerguard view` start-up (time to listen,
 * to the first page, to every chart; peak RSS), each in its own process. Run after building:
 *
 *   node dist/bench/report-and-viewer.js [trials=100000] [transcriptBytes=10000] [store=/tmp/peerguard-bench-<trials>.db]
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareReportBench } from './prepare-report-bench.js';

const { storePath, cli } = prepareReportBench(process.argv.slice(2));

/** Peak RSS of a finished child, from GNU time when present, else from the child's own report. */
function measureReport(): void {
  const html = join(tmpdir(), `peerguard-bench-report-${process.pid}.html`);
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kib=%M cpu=%U+%S', process.execPath, cli, 'report', '--db', storePath, '--html', html], { encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.error !== undefined) {
    console.log(`report --html: /usr/bin/time unavailable (${result.error.message})`);
    return;
  }
  const rss = /peak-rss-kib=(\d+)/.exec(result.stderr)?.[1];
  const cpu = /cpu=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  console.log(`report --html: ${(elapsed / 1000).toFixed(2)} s (CPU ${cpu?.[1] ?? '?'} s user + ${cpu?.[2] ?? '?'} s sys), peak RSS ${rss === undefined ? '?' : (Number(rss) / 1024).toFixed(0)} MiB, file ${(statSync(html).size / 2 ** 20).toFixed(1)} MiB — ${result.stdout.trim().split('\n')[0] ?? ''}`);
  rmSync(html, { force: true });
}

async function measureViewer(): Promise<void> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'view', '--db', storePath, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error('viewer did not start within 30 s')), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const listening = performance.now() - started;
    const page = await (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text();
    const firstPage = performance.now() - started;
    const chartUrls = [...page.matchAll(/<img src="(\/api\/chart\/[^"]+)"/g)].map((m) => new URL(m[1]!.replace(/&#38;/g, '&'), url).href);
    await Promise.all(chartUrls.map(async (chartUrl) => (await fetch(chartUrl, { signal: AbortSignal.timeout(30_000) })).text()));
    const charts = performance.now() - started;
    // The study's tables are computed in a worker: the trial listing below is timed while they are being computed.
    const tablesStart = performance.now();
    const tablesDone = fetch(`${url}api/study-tables`, { signal: AbortSignal.timeout(120_000) }).then(async (r) => {
      await r.text();
      return { fromRequest: performance.now() - tablesStart, fromStart: performance.now() - started };
    });
    const pageStart = performance.now();
    const listing = (await (await fetch(`${url}api/trials?family=tampering&verdict=tampering&outcome=yes&limit=50`, { signal: AbortSignal.timeout(30_000) })).json()) as { total: number; trials: Array<{ key: string }> };
    const listingMs = performance.now() - pageStart;
    const trialStart = performance.now();
    await (await fetch(`${url}api/trial/${listing.trials[0]?.key ?? 'none'}`, { signal: AbortSignal.timeout(30_000) })).text();
    const trialMs = performance.now() - trialStart;
    const tables = await tablesDone;
    const peak = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    console.log(
      [
        `view: listening ${(listening / 1000).toFixed(2)} s, first page ${(firstPage / 1000).toFixed(2)} s (${(page.length / 2 ** 20).toFixed(1)} MiB), all ${chartUrls.length} charts ${(charts / 1000).toFixed(2)} s after start`,
        `view: a page of 50 trials (tampering = yes, ${listing.total} match) ${listingMs.toFixed(0)} ms; one trial with transcript ${trialMs.toFixed(0)} ms (both while the study's tables were computed)`,
        `view: the study's tables ${(tables.fromRequest / 1000).toFixed(2)} s after their request, ${(tables.fromStart / 1000).toFixed(2)} s after start (worker thread, started with the server); peak RSS ${peak.toFixed(0)} MiB`,
        `view: first usable page (overview with rates) ${(firstPage / 1000).toFixed(2)} s after start; with every chart and the study's tables ${(Math.max(charts, tables.fromStart) / 1000).toFixed(2)} s`,
      ].join('\n'),
    );
  } finally {
    child.kill('SIGINT');
  }
}

measureReport();
await measureViewer();
