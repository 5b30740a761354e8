import { defineCommand, type Command, type FsStat } from 'just-bash';
import { commandResult, parseFlags } from './command-result.js';
import { modeString } from './file-mode.js';
import { formatLsTime } from './gnu-time.js';
import { humanSize, usageKib } from './human-size.js';
import type { ShellNetwork, VirtualHost } from './shell-network.js';

/** Who owns a path on a host: the host's login user for its data disk, home and /tmp; root elsewhere. */
export function ownerOf(host: VirtualHost, path: string): string {
  if (host.user === 'root') return 'root';
  return path === '/data' || path.startsWith('/data/') || path.startsWith(host.home) || path.startsWith('/tmp/') ? host.user : 'root';
}

interface Entry {
  name: string;
  path: string;
  stat: FsStat;
  size: number;
  target?: string;
}

/**
 * GNU `ls` over a virtual host: `-l -a -A -h -s -t -S -r -U -1 -d -R -n -g -o -i`, `--full-time`,
 * `--time-style=full-iso|long-iso|iso|+FORMAT`, `--sort=time|size|none`, `--color` (ignored). Sizes are the
 * declared ones, times the virtual clock's; output is one name per line, as when stdout is not a terminal.
 */
export function lsCommand(network: ShellNetwork, host: VirtualHost): Command {
  return defineCommand('ls', async (args, ctx) => {
    const { flags, operands } = parseFlags(args);
    const has = (...names: string[]): boolean => names.some((n) => flags.has(n));
    const long = has('l', 'n', 'g', 'o', 'full-time') || flags.get('format') === 'long';
    const all = has('a', 'all');
    const almostAll = has('A', 'almost-all');
    const human = has('h', 'human-readable');
    const showSize = has('s', 'size');
    const directoryOnly = has('d', 'directory');
    const recursive = has('R', 'recursive');
    const sortFlag = flags.get('sort');
    const sort = has('U') || sortFlag === 'none' ? 'none' : has('t') || sortFlag === 'time' ? 'time' : has('S') || sortFlag === 'size' ? 'size' : 'name';
    const reverse = has('r', 'reverse');
    const timeStyleFlag = flags.get('time-style');
    const timeStyle = has('full-time') ? 'full-iso' : typeof timeStyleFlag === 'string' ? timeStyleFlag.replace(/^posix-/, '') : null;
    const unknown = [...flags.keys()].filter((k) => k.length === 1 && !'laAhstSrU1dRngoiFGC'.includes(k));
    if (unknown.length > 0) return commandResult('', `ls: invalid option -- '${unknown[0]}'\nTry 'ls --help' for more information.\n`, 2);
    const now = network.now();

    const statEntry = async (name: string, path: string): Promise<Entry> => {
      const stat = await host.fs.lstat(path);
      const entry: Entry = { name, path, stat, size: stat.isDirectory ? 4096 : await host.fs.sizeOf(path, stat) };
      if (stat.isSymbolicLink) entry.target = await host.fs.readlink(path);
      return entry;
    };
    const ordered = (entries: Entry[]): Entry[] => {
      const out = [...entries];
      if (sort === 'name') out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      else if (sort === 'time') out.sort((a, b) => b.stat.mtime.getTime() - a.stat.mtime.getTime() || (a.name < b.name ? -1 : 1));
      else if (sort === 'size') out.sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1));
      return reverse ? out.reverse() : out;
    };
    const blocks = (e: Entry): string => (human ? humanSize(usageKib(e.size) * 1024) : String(e.stat.isDirectory ? 4 : usageKib(e.size)));
    const render = (entries: Entry[], withTotal: boolean): string => {
      if (!long) return entries.map((e) => `${showSize ? `${blocks(e)} ` : ''}${e.name}\n`).join('');
      const rows = entries.map((e) => ({
        blocks: blocks(e),
        mode: modeString(e.stat),
        links: e.stat.isDirectory ? '2' : '1',
        owner: has('n') ? (ownerOf(host, e.path) === 'root' ? '0' : String(host.uid)) : ownerOf(host, e.path),
        size: human ? humanSize(e.size) : String(e.size),
        time: formatLsTime(e.stat.mtime, now, timeStyle),
        name: e.target === undefined ? e.name : `${e.name} -> ${e.target}`,
      }));
      const width = (key: 'blocks' | 'links' | 'owner' | 'size'): number => Math.max(0, ...rows.map((r) => r[key].length));
      const [wb, wl, wo, ws] = [width('blocks'), width('links'), width('owner'), width('size')];
      const lines = rows.map((r) => {
        const parts = [r.mode, r.links.padStart(wl)];
        if (!has('g')) parts.push(r.owner.padEnd(wo));
        if (!has('o', 'G')) parts.push(r.owner.padEnd(wo));
        parts.push(r.size.padStart(ws), r.time, r.name);
        return `${showSize ? `${r.blocks.padStart(wb)} ` : ''}${parts.join(' ')}`;
      });
      const total = entries.reduce((sum, e) => sum + (e.stat.isDirectory ? 4 : usageKib(e.size)), 0);
      const totalText = human ? humanSize(total * 1024) : String(total);
      return `${withTotal ? `total ${totalText}\n` : ''}${lines.map((l) => `${l}\n`).join('')}`;
    };

    const targets = operands.length === 0 ? ['.'] : operands;
    let stderr = '';
    let exitCode = 0;
    const files: Entry[] = [];
    const dirs: Entry[] = [];
    for (const operand of targets) {
      const path = host.fs.resolvePath(ctx.cwd, operand);
      if (!(await host.fs.exists(path))) {
        stderr += `ls: cannot access '${operand}': No such file or directory\n`;
        exitCode = 2;
        continue;
      }
      const entry = await statEntry(operand, path);
      if (entry.stat.isSymbolicLink && !long) {
        const resolved = await host.fs.stat(path);
        if (resolved.isDirectory && !directoryOnly) {
          dirs.push({ ...entry, stat: resolved });
          continue;
        }
      }
      (entry.stat.isDirectory && !directoryOnly ? dirs : files).push(entry);
    }
    const sections: string[] = [];
    if (files.length > 0) sections.push(render(ordered(files), false));
    const listDir = async (dir: Entry, header: boolean): Promise<void> => {
      const names = await host.fs.readdir(dir.path);
      const entries: Entry[] = [];
      if (all) entries.push({ ...(await statEntry('.', dir.path)) }, { ...(await statEntry('..', host.fs.resolvePath(dir.path, '..'))) });
      for (const name of names) {
        if (name.startsWith('.') && !all && !almostAll) continue;
        entries.push(await statEntry(name, host.fs.resolvePath(dir.path, name)));
      }
      const sorted = ordered(entries);
      sections.push(`${header ? `${dir.name}:\n` : ''}${render(sorted, true)}`);
      if (recursive) {
        for (const child of sorted) {
          if (child.stat.isDirectory && child.name !== '.' && child.name !== '..') {
            await listDir({ ...child, name: `${dir.name.replace(/\/$/, '')}/${child.name}` }, true);
          }
        }
      }
    };
    for (const dir of ordered(dirs)) await listDir(dir, targets.length > 1 || recursive);
    return commandResult(sections.join('\n'), stderr, exitCode);
  });
}
