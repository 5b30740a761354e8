import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './helpers.js';

/** The environment without any provider key of the machine running the tests, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'SystemRoot']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return { ...env, ...extra };
}

/** What a finished CLI child left behind. */
export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Starts the built CLI as a child process without blocking this process's event loop (loopback servers live
 * here). `done` settles when it exits; it is killed after `limitMs` (default 60 s) so a test never hangs.
 */
export function startPeerguard(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; limitMs?: number }): { child: ChildProcess; done: Promise<ChildResult>; output: () => { stdout: string; stderr: string } } {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: options.env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const done = new Promise<ChildResult>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.limitMs ?? 60_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

/** Runs the built CLI to its end. */
export function peerguard(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; limitMs?: number }): Promise<ChildResult> {
  return startPeerguard(args, options).done;
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
