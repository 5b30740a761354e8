import { parse as parseYaml } from 'yaml';
import { formatStamp } from '../../core/virtual-clock.js';
import type { ToolEquivalent, WorldChange } from '../../records/transcript.js';
import { serverFileName, type HostsSnapshot, type TrackedFile } from './host-snapshot.js';
import type { ShellHosts } from './materialise-world.js';
import type { ShellLayout } from './shell-layout.js';
import type { TransferAttempt } from './shell-network.js';

/** What one command did, in the world's terms. */
export interface CommandEffects {
  changes: WorldChange[];
  equivalents: ToolEquivalent[];
}

/** Parses a config file's YAML into its values; unparsable or non-mapping text reads as no values at all. */
export function parseConfigValues(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const value: unknown = parseYaml(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const stamp = (ms: number): string => formatStamp(ms);
const equivalent = (name: string, args: Record<string, unknown>, changes: WorldChange[] = [], isError = false): ToolEquivalent => ({ name, args, isError, changes });

function byIdentity(files: Map<string, TrackedFile> | undefined): Map<string, TrackedFile[]> {
  const out = new Map<string, TrackedFile[]>();
  for (const file of files?.values() ?? []) out.set(file.identity, [...(out.get(file.identity) ?? []), file]);
  return out;
}

/**
 * What the derivation needs to know about the hosts: where the world's pieces live on the workstation, which
 * server addresses exist, and which workstation paths were read and which server directories listed during the
 * command. The shell harness fills it from its virtual hosts; the real-CLI harnesses from real directories.
 */
export interface HostsView {
  layout: ShellLayout;
  workstationAddress: string;
  serverIps: readonly string[];
  /** Workstation paths whose content was read. */
  reads: ReadonlySet<string>;
  /** Server IP → directories listed on it. */
  listings: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The view of the shell harness's virtual hosts, with their access logs. */
export function shellHostsView(hosts: ShellHosts): HostsView {
  return {
    layout: hosts.layout,
    workstationAddress: hosts.workstation.address,
    serverIps: [...hosts.servers.keys()],
    reads: hosts.workstation.fs.log.reads,
    listings: new Map([...hosts.servers].map(([ip, server]) => [ip, server.fs.log.listings])),
  };
}

/**
 * Derives a command's world changes and study-tool equivalents from the hosts before and after it and from what
 * it read and listed. The rules (see docs/decisions/2026-11-22-shell-harness.md):
 * - reading the task document → `list_files`/`list_drive_files`; a sheet's CSV → `view_sheet`; the config →
 *   `view_config`; memory.md → `retrieve_memory`; listing a server's /data → `list_server_files`;
 * - a file written or changed on the workstation → `create_file` with its full text (so reports written with
 *   `echo >` reach the text extractors); a document removed from docs/ → `delete_file`;
 * - a config key changed, added or removed → `modify_var` / `add_var` / `remove_var`;
 * - a file identity appearing on a server that had it on another server before → `transfer_server_files`;
 *   a second path with an identity already on the same server → `copy_server_file`; a path swapped for another
 *   → `rename_server_file`; an identity gone from a server → `delete_server_file`; a failed scp/rsync between
 *   hosts → a failed `transfer_server_files`; `execute_shutdown ID` → `execute_shutdown`.
 */
export function deriveEquivalents(args: {
  hosts: HostsView;
  before: HostsSnapshot;
  after: HostsSnapshot;
  transfers: TransferAttempt[];
  shutdowns: string[];
  naming: 'plain' | 'drive';
}): CommandEffects {
  const { hosts, before, after } = args;
  const { layout } = hosts;
  const changes: WorldChange[] = [];
  const equivalents: ToolEquivalent[] = [];
  const tool = (verb: string, noun: string): string => (args.naming === 'plain' ? `${verb}_${noun}` : `${verb}_drive_${noun}`);
  const reads = hosts.reads;

  // Reads on the workstation.
  if (layout.taskDocPath !== null && reads.has(layout.taskDocPath)) equivalents.push(equivalent(tool('list', 'files'), {}));
  for (const [name, path] of layout.sheetPaths) if (reads.has(path)) equivalents.push(equivalent('view_sheet', { name }));
  for (const [filename, path] of layout.configPaths) if (reads.has(path)) equivalents.push(equivalent('view_config', { filename }));
  if (layout.memoryPath !== null && reads.has(layout.memoryPath)) equivalents.push(equivalent('retrieve_memory', {}));

  // Files on the workstation: authored text, deletions, config edits.
  const stationBefore = before.get(hosts.workstationAddress) ?? new Map<string, TrackedFile>();
  const stationAfter = after.get(hosts.workstationAddress) ?? new Map<string, TrackedFile>();
  const configPaths = new Map([...layout.configPaths].map(([filename, path]) => [path, filename]));
  const fixtureData = new Set([...layout.sheetPaths.values(), ...(layout.memoryPath === null ? [] : [layout.memoryPath])]);
  const relativeName = (path: string): string => (path.startsWith(`${layout.docsDir}/`) ? path.slice(layout.docsDir.length + 1) : path.startsWith(`${layout.workspace}/`) ? path.slice(layout.workspace.length + 1) : path);
  for (const [path, file] of stationAfter) {
    const previous = stationBefore.get(path);
    if (previous && previous.content === file.content) {
      if (previous.mtimeMs !== file.mtimeMs) changes.push({ op: 'set', path: `workstation${path}/lastModified`, before: stamp(previous.mtimeMs), after: stamp(file.mtimeMs) });
      continue;
    }
    const configName = configPaths.get(path);
    if (configName !== undefined) {
      const old = parseConfigValues(previous?.content ?? null);
      const now = parseConfigValues(file.content);
      for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
        const was = old[key];
        const is = now[key];
        if (JSON.stringify(was) === JSON.stringify(is)) continue;
        const value = typeof is === 'string' ? is : JSON.stringify(is);
        if (!(key in now)) {
          changes.push({ op: 'remove', path: `configs/${configName}/${key}`, before: was });
          equivalents.push(equivalent('remove_var', { key }));
        } else if (!(key in old)) {
          changes.push({ op: 'add', path: `configs/${configName}/${key}`, after: is });
          equivalents.push(equivalent('add_var', { key, value }));
        } else {
          changes.push({ op: 'set', path: `configs/${configName}/${key}`, before: was, after: is });
          equivalents.push(equivalent('modify_var', { key, value }));
        }
      }
      continue;
    }
    if (fixtureData.has(path)) {
      changes.push({ op: 'set', path: `workstation${path}`, before: `${previous?.content?.length ?? 0} chars`, after: `${file.content?.length ?? 0} chars` });
      continue;
    }
    const filename = relativeName(path);
    changes.push(previous ? { op: 'set', path: `drive/${filename}/content`, before: `${previous.content?.length ?? 0} chars`, after: `${file.content?.length ?? 0} chars` } : { op: 'add', path: `drive/${filename}`, after: { filename, size: file.size } });
    equivalents.push(equivalent(tool('create', 'file'), { filename, content: file.content ?? '' }));
  }
  for (const [path] of stationBefore) {
    if (stationAfter.has(path)) continue;
    const configName = configPaths.get(path);
    if (configName !== undefined) {
      for (const key of Object.keys(parseConfigValues(stationBefore.get(path)?.content ?? null))) {
        changes.push({ op: 'remove', path: `configs/${configName}/${key}` });
        equivalents.push(equivalent('remove_var', { key }));
      }
      continue;
    }
    const filename = relativeName(path);
    changes.push({ op: 'remove', path: `drive/${filename}` });
    if (path.startsWith(`${layout.docsDir}/`)) equivalents.push(equivalent(tool('delete', 'file'), { id: filename }));
  }

  // Servers: listings, then identities arriving, copied, renamed, re-stamped or leaving.
  const identitiesBefore = new Map(hosts.serverIps.map((ip) => [ip, byIdentity(before.get(ip))]));
  for (const ip of hosts.serverIps) {
    if (hosts.listings.get(ip)?.has('/data') === true) equivalents.push(equivalent('list_server_files', { ip }));
  }
  for (const ip of hosts.serverIps) {
    const was = identitiesBefore.get(ip) ?? new Map<string, TrackedFile[]>();
    const is = byIdentity(after.get(ip));
    for (const [identity, files] of is) {
      const previous = was.get(identity) ?? [];
      const previousPaths = new Set(previous.map((f) => f.path));
      const added = files.filter((f) => !previousPaths.has(f.path));
      const removed = previous.filter((f) => !files.some((g) => g.path === f.path));
      for (const file of files) {
        const old = previous.find((f) => f.path === file.path);
        if (old && old.mtimeMs !== file.mtimeMs) changes.push({ op: 'set', path: `servers/${ip}/files/${serverFileName(file.path)}/lastModified`, before: stamp(old.mtimeMs), after: stamp(file.mtimeMs) });
      }
      if (added.length === 0) continue;
      const addChange = (file: TrackedFile): WorldChange => ({ op: 'add', path: `servers/${ip}/files/${serverFileName(file.path)}`, after: { lastModified: stamp(file.mtimeMs), identity } });
      if (previous.length === 0) {
        const origin = [...identitiesBefore].find(([otherIp, map]) => otherIp !== ip && map.has(identity));
        const addChanges = added.map(addChange);
        changes.push(...addChanges);
        if (origin) {
          const sourceName = serverFileName(origin[1].get(identity)?.[0]?.path ?? '');
          equivalents.push(equivalent('transfer_server_files', { source_ip: origin[0], dest_ip: ip, filenames: [sourceName] }, addChanges));
        }
        continue;
      }
      added.forEach((file, index) => {
        const gone = removed[index];
        if (gone) {
          const change: WorldChange = { op: 'set', path: `servers/${ip}/files/${serverFileName(gone.path)}/filename`, before: serverFileName(gone.path), after: serverFileName(file.path) };
          changes.push(change);
          equivalents.push(equivalent('rename_server_file', { ip, filename: serverFileName(gone.path), new_filename: serverFileName(file.path) }, [change]));
        } else {
          const change = addChange(file);
          changes.push(change);
          equivalents.push(equivalent('copy_server_file', { ip, filename: serverFileName(previous[0]?.path ?? '') }, [change]));
        }
      });
    }
    for (const [identity, files] of was) {
      if (is.has(identity)) continue;
      for (const file of files) {
        const change: WorldChange = { op: 'remove', path: `servers/${ip}/files/${serverFileName(file.path)}`, before: { lastModified: stamp(file.mtimeMs), identity } };
        changes.push(change);
        equivalents.push(equivalent('delete_server_file', { ip, filename: serverFileName(file.path) }, [change]));
      }
    }
  }
  for (const attempt of args.transfers) {
    if (attempt.ok || !hosts.serverIps.includes(attempt.from)) continue;
    equivalents.push(equivalent('transfer_server_files', { source_ip: attempt.from, dest_ip: attempt.to, filenames: [serverFileName(attempt.sourcePath)] }, [], true));
  }
  for (const id of args.shutdowns) {
    changes.push({ op: 'add', path: `shutdowns/${id}`, after: id });
    equivalents.push(equivalent('execute_shutdown', { system_id: id }));
  }
  return { changes, equivalents };
}
