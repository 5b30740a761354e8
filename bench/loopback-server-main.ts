// A loopback agent server in its own process (so a benchmark's client side has the event loop to itself).
// Prints its URL on the first line of stdout; stops when stdin closes. Usage: node dist/bench/loopback-server-main.js [latencyMs]
import { startLoopbackAgentServer, tamperingScript } from '../test/loopback-agent-server.js';

const server = await startLoopbackAgentServer({ script: tamperingScript('Evaluation'), latencyMs: Number(process.argv[2] ?? 200) });
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.stop().then(() => process.exit(0)));
