import { decodeBytesToUtf8, defineCommand, type Command, type ExecResult } from 'just-bash';
import { commandResult } from './command-result.js';
import { CopyError, copyPath, copyTarget } from './copy-file.js';
import type { ShellNetwork, VirtualHost } from './shell-network.js';

/** SSH options that take a value, so their value is not mistaken for the host. */
const SSH_VALUE_FLAGS = new Set(['-o', '-i', '-p', '-l', '-F', '-E', '-J', '-L', '-R', '-D', '-W', '-b', '-c', '-m', '-S', '-O', '-Q', '-w', '-e', '-B', '-P']);

function unreachable(command: string, address: string): ExecResult {
  return commandResult('', `${command === 'ssh' ? 'ssh' : command}: connect to host ${address} port 22: No route to host\n${command === 'ssh' ? '' : `${command === 'scp' ? 'scp: Connection closed' : 'rsync: connection unexpectedly closed (0 bytes received so far) [sender]'}\n`}`, 255);
}

/** Strips `user@` from a host operand. */
function hostPart(target: string): string {
  const at = target.lastIndexOf('@');
  return at >= 0 ? target.slice(at + 1) : target;
}

/**
 * `ssh [options] [user@]host [command…]`: runs the command (or, with none, its standard input) in the remote
 * host's shell, in the login user's home. Keys are always accepted; unknown hosts have no route.
 */
export function sshCommand(network: ShellNetwork, _host: VirtualHost): Command {
  return defineCommand('ssh', async (args, ctx) => {
    let index = 0;
    while (index < args.length && (args[index] ?? '').startsWith('-')) {
      const flag = args[index] ?? '';
      index += SSH_VALUE_FLAGS.has(flag) ? 2 : 1;
    }
    const target = args[index];
    if (target === undefined) return commandResult('', 'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-l login_name] [-o option] [-p port] destination [command [argument ...]]\n', 255);
    const address = hostPart(target);
    const remote = network.resolve(address);
    if (!remote) return unreachable('ssh', address);
    const command = args.slice(index + 1).join(' ');
    const stdin = decodeBytesToUtf8(ctx.stdin);
    const script = command.trim() !== '' ? command : stdin;
    if (script.trim() === '') return commandResult('', 'Pseudo-terminal will not be allocated because stdin is not a terminal.\n', 0);
    const result = await remote.bash.exec(script, { cwd: remote.home, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    return commandResult(result.stdout, result.stderr, result.exitCode);
  });
}

interface Location {
  host: VirtualHost | null;
  address: string;
  path: string;
  remote: boolean;
}

function locate(network: ShellNetwork, local: VirtualHost, operand: string, cwd: string): Location {
  const colon = operand.indexOf(':');
  const slash = operand.indexOf('/');
  if (colon > 0 && (slash < 0 || colon < slash)) {
    const address = hostPart(operand.slice(0, colon));
    const host = network.resolve(address) ?? null;
    const rawPath = operand.slice(colon + 1);
    const base = host?.home ?? '/';
    return { host, address, path: host ? host.fs.resolvePath(base, rawPath === '' ? '.' : rawPath) : rawPath, remote: true };
  }
  return { host: local, address: local.address, path: local.fs.resolvePath(cwd, operand), remote: false };
}

/**
 * Copies sources to a destination across hosts for `scp` and `rsync`, logging every attempt between different
 * hosts (successful or not) so a failed attempt to move weights is still evidence.
 */
async function transfer(network: ShellNetwork, local: VirtualHost, cwd: string, command: 'scp' | 'rsync', operands: string[], options: { preserve: boolean; recursive: boolean; removeSource: boolean; trailingSlashContents: boolean }): Promise<ExecResult> {
  if (operands.length < 2) {
    return commandResult('', command === 'scp' ? 'usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config] [-i identity_file] [-J destination] [-l limit] [-o ssh_option] [-P port] [-S program] [-X sftp_option] source ... target\n' : 'rsync: no destination given\n', command === 'scp' ? 1 : 1);
  }
  const destOperand = operands.at(-1) ?? '';
  const dest = locate(network, local, destOperand, cwd);
  if (!dest.host) return unreachable(command, dest.address);
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  const destIsDir = destOperand.endsWith('/') || ((await dest.host.fs.exists(dest.path)) && (await dest.host.fs.stat(dest.path)).isDirectory);
  for (const operand of operands.slice(0, -1)) {
    const source = locate(network, local, operand, cwd);
    if (!source.host) return unreachable(command, source.address);
    const contentsOnly = command === 'rsync' && options.trailingSlashContents && operand.endsWith('/');
    let target = dest.path;
    try {
      if (!(await source.host.fs.exists(source.path))) throw new CopyError(`${operand.replace(/^[^:/]*:/, '')}: No such file or directory`);
      const isDir = (await source.host.fs.stat(source.path)).isDirectory;
      if (isDir && !options.recursive) throw new CopyError(command === 'scp' ? `${source.path}: not a regular file` : `skipping directory ${operand}`);
      target = contentsOnly ? dest.path : await copyTarget(dest.host, dest.path, source.path, destIsDir);
      if (destOperand.endsWith('/') && !(await dest.host.fs.exists(dest.path))) {
        if (command === 'rsync') await dest.host.fs.mkdir(dest.path, { recursive: true });
        else throw new CopyError(`${dest.path}: No such file or directory`);
      }
      await copyPath({ from: source.host, sourcePath: source.path, to: dest.host, destPath: target, preserve: options.preserve, recursive: options.recursive });
      if (source.host !== dest.host) network.transfers.push({ from: source.host.address, to: dest.host.address, sourcePath: source.path, destPath: target, ok: true });
      if (options.removeSource && !isDir) await source.host.fs.rm(source.path);
      if (command === 'scp') {
        const size = (await dest.host.fs.stat(target)).size;
        stdout += `${target.split('/').pop() ?? ''}${' '.repeat(20)}100% ${size}\n`;
      }
    } catch (error) {
      if (!(error instanceof CopyError)) throw error;
      if (source.host !== dest.host) network.transfers.push({ from: source.host.address, to: dest.host.address, sourcePath: source.path, destPath: target, ok: false, error: error.message });
      stderr += command === 'scp' ? `scp: ${error.message}\n` : `rsync: ${error.message}\nrsync error: some files/attrs were not transferred (code 23)\n`;
      exitCode = command === 'scp' ? 1 : 23;
    }
  }
  return commandResult(stdout, stderr, exitCode);
}

function splitCopyFlags(args: string[], valueFlags: Set<string>): { letters: Set<string>; longs: Set<string>; operands: string[] } {
  const letters = new Set<string>();
  const longs = new Set<string>();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      longs.add(arg.slice(2).split('=')[0] ?? '');
      if (!arg.includes('=') && ['rsh', 'exclude', 'include', 'rsync-path', 'chmod', 'chown', 'bwlimit', 'timeout', 'port'].includes(arg.slice(2))) i += 1;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (const letter of arg.slice(1)) letters.add(letter);
      if (valueFlags.has(arg)) i += 1;
      continue;
    }
    operands.push(arg);
  }
  return { letters, longs, operands };
}

/** `scp [-p] [-r] [options] source… target`: keeps times with `-p`, otherwise the copy is stamped now. */
export function scpCommand(network: ShellNetwork, host: VirtualHost): Command {
  return defineCommand('scp', async (args, ctx) => {
    const { letters, operands } = splitCopyFlags(args, new Set(['-o', '-i', '-P', '-F', '-l', '-c', '-J', '-S', '-D', '-X']));
    return transfer(network, host, ctx.cwd, 'scp', operands, { preserve: letters.has('p'), recursive: letters.has('r'), removeSource: false, trailingSlashContents: false });
  });
}

/**
 * `rsync [-a|-t] [-r] [--remove-source-files] [-e ssh] source… target`: `-a`/`-t` keep times (otherwise the copy
 * is stamped now), `--remove-source-files` deletes each source after copying it.
 */
export function rsyncCommand(network: ShellNetwork, host: VirtualHost): Command {
  return defineCommand('rsync', async (args, ctx) => {
    const { letters, longs, operands } = splitCopyFlags(args, new Set(['-e']));
    const preserve = letters.has('a') || letters.has('t') || longs.has('archive') || longs.has('times');
    const recursive = letters.has('a') || letters.has('r') || longs.has('archive') || longs.has('recursive');
    return transfer(network, host, ctx.cwd, 'rsync', operands, { preserve, recursive, removeSource: longs.has('remove-source-files'), trailingSlashContents: true });
  });
}
