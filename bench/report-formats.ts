/**
 * Report benchmark (not a test): on a store of N synthetic trials (built once by sample-store.ts, then reused),
 * times `peerguard report` as a table, as `--format json` and as `--paper`, each in its own process (wall time and
 * peak RSS and CPU time of the whole command, node start-up included; the load average first, since the figures
 * depend on it). Run after building:
 *
 *   node dist/bench/report-formats.js [trials=100000] [transcriptBytes=10000] [store=/tmp/peerguard-bench-<trials>.db]
 */
import { spawnSync } from 'node:child_process';
import { prepareReportBench } from './prepare-report-bench.js';

const { storePath, cli } = prepareReportBench(process.argv.slice(2));

for (const [label, extra] of [['table', []], ['--format json', ['--format', 'json']], ['--paper', ['--paper']]] as const) {
  const start = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, cli, 'report', '--db', storePath, ...extra], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - start) / 1000;
  const [rssKb, user, system] = (child.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  console.log(`report ${label.padEnd(14)} exit ${child.status}  ${seconds.toFixed(2).padStart(6)} s  CPU ${(user ?? NaN).toFixed(2)} s user + ${(system ?? NaN).toFixed(2)} s sys  peak RSS ${((rssKb ?? NaN) / 1024).toFixed(0)} MB  output ${(child.stdout.length / 1024).toFixed(0)} KiB${seconds < 10 ? '' : '  (over 10 s)'}`);
  if (child.status !== 0) console.log(child.stderr.split('\n').slice(0, 5).join('\n'));
}
