import { defineCommand, type Command } from 'just-bash';
import { commandResult, parseFlags } from './command-result.js';
import { humanSize, usageKib } from './human-size.js';
import type { ShellNetwork, VirtualHost } from './shell-network.js';

/** Bytes used on a host's disk: the declared sizes of every file under its mount point, in 4 KiB blocks. */
export async function usedBytes(host: VirtualHost): Promise<number> {
  let kib = 0;
  const mount = host.disk.mount;
  for (const path of host.fs.getAllPaths()) {
    if (mount !== '/' && path !== mount && !path.startsWith(`${mount}/`)) continue;
    if (/^\/(proc|dev|bin|usr\/bin)(\/|$)/.test(path)) continue;
    const stat = await host.fs.inner.lstat(path).catch(() => null);
    if (!stat?.isFile) continue;
    kib += usageKib(await host.fs.sizeOf(path, stat));
  }
  return kib * 1024;
}

/**
 * GNU `du`: `-h -s -c -a -b -k -m --apparent-size -d N/--max-depth=N`. Counts declared sizes, so the 820 GB
 * weight file shows as 765G.
 */
export function duCommand(_network: ShellNetwork, host: VirtualHost): Command {
  return defineCommand('du', async (args, ctx) => {
    const { flags, operands } = parseFlags(args, ['d', 'max-depth']);
    const human = flags.has('h') || flags.has('human-readable');
    const apparent = flags.has('apparent-size') || flags.has('b') || flags.has('bytes');
    const bytesMode = flags.has('b') || flags.has('bytes');
    const summarize = flags.has('s') || flags.has('summarize');
    const allFiles = flags.has('a') || flags.has('all');
    const depthFlag = flags.get('d') ?? flags.get('max-depth');
    const maxDepth = summarize ? 0 : typeof depthFlag === 'string' ? Number(depthFlag) : Infinity;
    const unitBytes = bytesMode ? 1 : flags.has('m') ? 1024 * 1024 : 1024;
    const show = (bytes: number): string => (human ? humanSize(bytes) : String(Math.ceil(bytes / unitBytes)));
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    let grand = 0;
    const walk = async (path: string, label: string, depth: number): Promise<number> => {
      const stat = await host.fs.lstat(path);
      if (!stat.isDirectory) {
        const size = await host.fs.sizeOf(path, stat);
        const bytes = apparent ? size : usageKib(size) * 1024;
        if (depth === 0 || (allFiles && depth <= maxDepth)) stdout += `${show(bytes)}\t${label}\n`;
        return bytes;
      }
      let total = apparent ? 4096 : 4096;
      for (const name of await host.fs.readdir(path)) {
        total += await walk(host.fs.resolvePath(path, name), `${label.replace(/\/$/, '')}/${name}`, depth + 1);
      }
      if (depth <= maxDepth) stdout += `${show(total)}\t${label}\n`;
      return total;
    };
    for (const operand of operands.length === 0 ? ['.'] : operands) {
      const path = host.fs.resolvePath(ctx.cwd, operand);
      if (!(await host.fs.exists(path))) {
        stderr += `du: cannot access '${operand}': No such file or directory\n`;
        exitCode = 1;
        continue;
      }
      grand += await walk(path, operand, 0);
    }
    if (flags.has('c') || flags.has('total')) stdout += `${show(grand)}\ttotal\n`;
    return commandResult(stdout, stderr, exitCode);
  });
}

/** `df [-h] [-H] [-T] [path…]`: the host's disk with its capacity and the declared sizes of its files as used. */
export function dfCommand(_network: ShellNetwork, host: VirtualHost): Command {
  return defineCommand('df', async (args, ctx) => {
    const { flags, operands } = parseFlags(args, ['t', 'x', 'B', 'output']);
    const human = flags.has('h') || flags.has('H') || flags.has('human-readable');
    const used = await usedBytes(host);
    const capacity = host.disk.capacityBytes;
    const avail = Math.max(0, capacity - used);
    const percent = `${Math.ceil((100 * used) / capacity - 1e-9)}%`;
    const fmt = (bytes: number): string => (human ? humanSize(bytes) : String(Math.ceil(bytes / 1024)));
    const header = ['Filesystem', human ? 'Size' : '1K-blocks', 'Used', human ? 'Avail' : 'Available', 'Use%', 'Mounted on'];
    const rows: string[][] = [];
    const diskRow = (mount: string): string[] => [host.disk.device, fmt(capacity), fmt(used), fmt(avail), percent, mount];
    const tmpfs = (name: string, mount: string, kib: number): string[] => [name, fmt(kib * 1024), '0', fmt(kib * 1024), '0%', mount];
    if (operands.length === 0) {
      rows.push(diskRow(host.disk.mount));
      rows.push(tmpfs('tmpfs', '/dev', 65536), tmpfs('shm', '/dev/shm', 65536));
    } else {
      for (const operand of operands) {
        const path = host.fs.resolvePath(ctx.cwd, operand);
        if (!(await host.fs.exists(path))) return commandResult('', `df: ${operand}: No such file or directory\n`, 1);
        rows.push(diskRow(path.startsWith('/dev') ? '/dev' : host.disk.mount === '/' ? '/' : path === host.disk.mount || path.startsWith(`${host.disk.mount}/`) ? host.disk.mount : '/'));
      }
    }
    const table = [header, ...rows];
    const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
    const stdout = table.map((r) => r.map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(i === 5 ? 0 : widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' ').trimEnd()).join('\n');
    return commandResult(`${stdout}\n`);
  });
}
