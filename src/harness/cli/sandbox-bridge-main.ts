/**
 * The first process inside a network-less sandbox: it listens on 127.0.0.1:PORT inside the sandbox's own network
 * namespace, forwards every connection to the model proxy's unix socket (bind-mounted into the sandbox), starts the
 * CLI once listening, and exits with the CLI's status. The CLI therefore reaches the proxy, and nothing else.
 * Usage: node sandbox-bridge-main.js PORT SOCKET -- COMMAND ARGS…  (node built-ins only: nothing else is mounted)
 */
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

const [portText, socketPath, separator, command, ...args] = process.argv.slice(2);
if (portText === undefined || socketPath === undefined || separator !== '--' || command === undefined) {
  process.stderr.write('usage: sandbox-bridge-main.js PORT SOCKET -- COMMAND ARGS…\n');
  process.exit(2);
}
const server = createServer((client) => {
  const upstream = connect(socketPath);
  client.pipe(upstream);
  upstream.pipe(client);
  const close = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
});
server.listen(Number(portText), '127.0.0.1', () => {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`sandbox bridge: cannot start ${command}: ${error.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
});
