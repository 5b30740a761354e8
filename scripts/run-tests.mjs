// Runs every compiled test file (dist/{src,test,bench}/**/*.test.js) with node's test runner, prints the spec output, and ends
// with the line "N passed, N failed" that CI reads. Node 20's --test has no glob support, so we list files here.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.test.js')) files.push(path);
  }
};
for (const dir of ['dist/src', 'dist/test', 'dist/bench']) {
  try { walk(join(root, dir)); } catch { /* folder may not exist */ }
}
files.sort();
const filter = process.argv[2];
const selected = filter ? files.filter((f) => f.includes(filter)) : files;
if (selected.length === 0) {
  console.error('no test files found under dist/ (did the build run?)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'peerguard-tests-'));
const tap = join(scratch, 'report.tap');
const child = spawn(process.execPath, [
  '--test', '--test-concurrency=2',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`,
  ...selected,
], { stdio: ['ignore', 'inherit', 'inherit'], cwd: root });
child.on('exit', (code) => {
  let passed = 0;
  let failed = 0;
  try {
    const text = readFileSync(tap, 'utf8');
    passed = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
    failed = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  } catch {
    failed = 1;
  }
  rmSync(scratch, { recursive: true, force: true });
  if (code !== 0 && failed === 0) failed = 1;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? 1);
});
