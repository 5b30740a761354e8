// The machine's ceiling for a benchmark: a bare undici client (keep-alive pool) making chat-completions calls.
import { Agent, request } from 'undici';

/** A first-turn-sized chat-completions request body (about 4 KB of system prompt). */
export const BARE_REQUEST_BODY = JSON.stringify({ model: 'bench', messages: [{ role: 'system', content: 'x'.repeat(4000) }, { role: 'user', content: 'go' }] });

/** What {@link measureBareClient} measured. */
export interface BareClientRun {
  /** Calls per second. */
  rate: number;
  /** When each call ended, in ms from the start (for the end-of-run idle share). */
  endTimesMs: number[];
  /** The run's wall time in ms. */
  totalMs: number;
}

/**
 * Makes `calls` POSTs to `${baseUrl}/v1/chat/completions` from `concurrency` loops sharing one keep-alive pool
 * and returns the achieved calls per second.
 */
export async function measureBareClient(baseUrl: string, concurrency: number, calls: number): Promise<BareClientRun> {
  const agent = new Agent({ connections: null, pipelining: 1, keepAliveTimeout: 60_000 });
  let next = 0;
  const endTimesMs: number[] = [];
  const start = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        const response = await request(`${baseUrl}/v1/chat/completions`, { method: 'POST', body: BARE_REQUEST_BODY, headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, dispatcher: agent });
        await response.body.json();
        endTimesMs.push(performance.now() - start);
      }
    }));
  } finally {
    await agent.close();
  }
  const totalMs = performance.now() - start;
  return { rate: calls / (totalMs / 1000), endTimesMs, totalMs };
}
