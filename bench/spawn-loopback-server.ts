// Starts bench/loopback-server-main.js in its own process (so its CPU is not charged to the client being measured)
// and resolves with its URL and a stop function.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A loopback OpenAI-compatible agent server running in a child process. */
export interface SpawnedLoopbackServer {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  stop(): Promise<void>;
}

/** Spawns the loopback server with a fixed latency per call (milliseconds). */
export async function spawnLoopbackServer(latencyMs: number): Promise<SpawnedLoopbackServer> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./loopback-server-main.js', import.meta.url)), String(latencyMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`loopback server exited early (status ${code})`)));
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin.end();
      await exited;
    },
  };
}
