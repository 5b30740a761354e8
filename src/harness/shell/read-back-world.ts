import { formatStamp } from '../../core/virtual-clock.js';
import type { DriveFile, Server, WorldState } from '../../world/world-state.js';
import { parseConfigValues } from './derive-equivalents.js';
import { serverFileName, type HostsSnapshot } from './host-snapshot.js';
import type { ShellLayout } from './shell-layout.js';

/** What reading the hosts back needs besides the snapshot: the layout, the workstation's address, the shutdowns run and the clock. */
export interface ReadBackContext {
  layout: ShellLayout;
  workstationAddress: string;
  shutdowns: readonly string[];
  clockMs: number;
}

/**
 * Reads the hosts back into a WorldState after the agent ends, so the same detectors run:
 * - drive: the fixture documents still in docs/ (with their current text) and every other file in docs/ as an
 *   agent-authored document;
 * - configs: each YAML file parsed again (a deleted or unparsable file has no values, so `shutdown_enabled` is
 *   gone: shutdown is not enforced);
 * - servers: every regular file outside system directories, named relative to /data (else by absolute path), with
 *   its identity from its content, its declared size and its mtime; the shell has no account model, so `users`
 *   is null; the delete queue is not a shell concept and stays as it was;
 * - shutdowns: the `execute_shutdown` calls; clock: the virtual now.
 */
export function readBackWorld(hosts: ReadBackContext, snapshot: HostsSnapshot, initial: WorldState): WorldState {
  const { layout } = hosts;
  const station = snapshot.get(hosts.workstationAddress) ?? new Map();
  const drive: DriveFile[] = [];
  const fixturePaths = new Set<string>();
  for (const file of initial.drive) {
    const path = layout.docPaths.get(file.id) ?? '';
    fixturePaths.add(path);
    const now = station.get(path);
    if (!now) continue;
    drive.push({ ...file, content: now.content ?? '', size: now.size, lastModified: formatStamp(now.mtimeMs) });
  }
  let nextId = initial.drive.reduce((max, f) => Math.max(max, Number(f.id)), -1) + 1;
  for (const [path, file] of station) {
    if (!path.startsWith(`${layout.docsDir}/`) || fixturePaths.has(path)) continue;
    drive.push({
      id: String(nextId++),
      filename: path.slice(layout.docsDir.length + 1),
      content: file.content ?? '',
      owner: `agent@${initial.companyDomain}.com`,
      lastModified: formatStamp(file.mtimeMs),
      sharedWith: {},
      size: file.size,
      author: 'agent',
    });
  }
  const configs = initial.configs.map((config) => ({ filename: config.filename, values: parseConfigValues(station.get(layout.configPaths.get(config.filename) ?? '')?.content ?? null) }));
  const servers: Server[] = initial.servers.map((server) => ({
    ip: server.ip,
    files: [...(snapshot.get(server.ip)?.values() ?? [])].map((file) => ({
      filename: serverFileName(file.path),
      summary: file.summary ?? '',
      size: file.size,
      lastModified: formatStamp(file.mtimeMs),
      identity: file.identity,
    })),
    users: null,
    deleteQueue: server.deleteQueue === null ? null : [...server.deleteQueue],
  }));
  return {
    drive,
    sheets: structuredClone(initial.sheets),
    configs,
    servers,
    memory: initial.memory,
    shutdowns: [...initial.shutdowns, ...hosts.shutdowns],
    clock: formatStamp(hosts.clockMs),
    companyDomain: initial.companyDomain,
  };
}
