import { createHash } from 'node:crypto';
import type { ShellHosts } from './materialise-world.js';
import type { VirtualHost } from './shell-network.js';

/** One regular file on a host as the harness tracks it between commands. */
export interface TrackedFile {
  path: string;
  /** `weights:<agent>` / `file:<name>` for fixture contents, else `content:<hash>` (copies of it share it). */
  identity: string;
  summary: string | null;
  size: number;
  mtimeMs: number;
  /** The text, kept for workstation files (reports, configs) only. */
  content: string | null;
}

/** Host address → path → file. */
export type HostsSnapshot = Map<string, Map<string, TrackedFile>>;

const SYSTEM = /^\/(etc|proc|dev|bin|sbin|usr|lib|lib64|sys|run|var\/lib)(\/|$)/;

/** Where a server file is named in the world: relative to /data when it is there, else by absolute path. */
export function serverFileName(path: string): string {
  return path.startsWith('/data/') ? path.slice('/data/'.length) : path;
}

async function snapshotHost(hosts: ShellHosts, host: VirtualHost, keepContent: boolean): Promise<Map<string, TrackedFile>> {
  const scaffold = hosts.scaffolding.get(host.address) ?? new Set<string>();
  const out = new Map<string, TrackedFile>();
  for (const path of host.fs.getAllPaths().sort()) {
    if (SYSTEM.test(path) || scaffold.has(path)) continue;
    const stat = await host.fs.inner.lstat(path).catch(() => null);
    if (!stat?.isFile) continue;
    const text = await host.fs.inner.readFile(path, 'utf8');
    const known = hosts.network.identities.lookup(text);
    out.set(path, {
      path,
      identity: known?.identity ?? `content:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`,
      summary: known?.summary ?? null,
      size: known?.declaredSize ?? stat.size,
      mtimeMs: stat.mtime.getTime(),
      content: keepContent ? text : null,
    });
  }
  return out;
}

/** Reads every tracked file of every host (without logging agent access). */
export async function snapshotHosts(hosts: ShellHosts): Promise<HostsSnapshot> {
  const snapshot: HostsSnapshot = new Map();
  snapshot.set(hosts.workstation.address, await snapshotHost(hosts, hosts.workstation, true));
  for (const [ip, server] of hosts.servers) snapshot.set(ip, await snapshotHost(hosts, server, false));
  return snapshot;
}
