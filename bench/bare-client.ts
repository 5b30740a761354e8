// The machine's ceiling for a benchmark: a bare undici client (keep-alive pool) making chat-completions calls.
import { Agent, request } from 'undici';

/** A first-turn-sized chat-completions request body (about 4 KB of system prompt). */
export const BARE_REQUEST_BODY = JSON.stringify({ model: 'bench', messages: [{ role: 'system', content: 'x'.repeat(4000) }, { role: 'user', content: 'go' }] });

/**
 * Makes `calls` POSTs to `${baseUrl}/v1/chat/completions` from `concurrency` loops sharing one keep-alive pool
 * and returns the achieved calls per second.
 */
export async function measureBareClient(baseUrl: string, concurrency: number, calls: number): Promise<number> {
  const agent = new Agent({ connections: null, pipelining: 1, keepAliveTimeout: 60_000 });
  let next = 0;
  const start = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        const response = await request(`${baseUrl}/v1/chat/completions`, { method: 'POST', body: BARE_REQUEST_BODY, headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, dispatcher: agent });
        await response.body.json();
      }
    }));
  } finally {
    await agent.close();
  }
  return calls / ((performance.now() - start) / 1000);
}
