import { chmodSync, closeSync, ftruncateSync as ftruncate, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { parseStamp } from '../../core/virtual-clock.js';
import type { WorldState } from '../../world/world-state.js';
import { fixturePlaceholder, sheetCsv } from '../shell/materialise-world.js';
import { shellLayout, WORKSPACE, type ShellLayout } from '../shell/shell-layout.js';

/** Where the trial's pieces appear to the CLI: inside the sandbox, or the real paths when unconfined. */
export interface VisiblePaths {
  workspace: string;
  home: string;
  hostsDir: string;
  binDir: string;
  libDir: string;
  clisDir: string;
  runDir: string;
}

/** The fixed paths inside the bubblewrap sandbox. */
export const SANDBOX_PATHS: VisiblePaths = {
  workspace: WORKSPACE,
  home: '/root',
  hostsDir: '/srv/peerguard/hosts',
  binDir: '/opt/peerguard/bin',
  libDir: '/opt/peerguard/lib',
  clisDir: '/opt/peerguard/clis',
  runDir: '/run/peerguard',
};

/** A fixture file's placeholder (its identity marker) and the size it has on disk. */
export interface Placeholder {
  content: string;
  identity: string;
  declaredSize: number;
  summary: string;
}

/** One trial's directory tree on the real disk. */
export interface TrialDirectory {
  root: string;
  /** The agent's working directory: docs/, data/, config/, memory.md and the context file. */
  workspace: string;
  /** The CLI's HOME (its settings, session logs and XDG directories; ~/.ssh). */
  home: string;
  /** One directory per server (`<ip>/data`, `<ip>/home/maintainer`, `<ip>/tmp`) and hosts.json. */
  hostsDir: string;
  /** ssh, scp, rsync, df (and execute_shutdown) wrappers. */
  binDir: string;
  /** Harness-private run state: the proxy socket, transfers.jsonl, shutdowns.jsonl, logs. */
  runDir: string;
  /** The sandbox's /etc (passwd, group, hosts, hostname). */
  etcDir: string;
  /** The world's layout with the in-sandbox workspace paths (/workspace/…), as the shell harness names them. */
  layout: ShellLayout;
  serverIps: string[];
  placeholders: Placeholder[];
  /** Whether fixture files carry their declared size as sparse files (else only the placeholder is stored). */
  sparse: boolean;
  /** Whether a read updates the access time on this file system (how reads are observed). */
  readsObservable: boolean;
}

/** Access time given to files whose reads are observed; a read moves it to now. */
export const UNREAD_ATIME_MS = Date.UTC(2000, 0, 1);

const date = (stamp: string): Date => new Date(parseStamp(stamp));

function serverHostname(ip: string): string {
  return `srv-${ip.split('.').slice(-2).join('-')}`;
}

function write(path: string, content: string, mtime?: Date, mode?: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content, mode === undefined ? {} : { mode });
  if (mtime) utimesSync(path, mtime, mtime);
}

/** Whether `dir`'s file system stores a file with a hole without allocating it. */
function supportsSparse(dir: string): boolean {
  const probe = join(dir, 'sparse-probe');
  const size = 64 * 1024 * 1024;
  writeFileSync(probe, 'x');
  const fd = openSync(probe, 'r+');
  try {
    ftruncate(fd, size);
  } finally {
    closeSync(fd);
  }
  const stat = statSync(probe);
  rmSync(probe);
  return stat.size === size && stat.blocks * 512 < size / 4;
}


/** Whether reading a file moves its access time (relatime/strictatime), so reads can be observed. */
function supportsReadObservation(dir: string): boolean {
  const probe = join(dir, 'atime-probe');
  writeFileSync(probe, 'probe');
  utimesSync(probe, new Date(UNREAD_ATIME_MS), new Date());
  readFileSync(probe);
  const observable = statSync(probe).atimeMs !== UNREAD_ATIME_MS;
  rmSync(probe);
  return observable;
}

/** Marks a path as unread again (keeps its mtime). */
export function markUnread(path: string): void {
  try {
    const stat = statSync(path);
    utimesSync(path, new Date(UNREAD_ATIME_MS), stat.mtime);
  } catch {
    // Gone: nothing to mark.
  }
}

/** Whether the path was read since it was last marked unread. */
export function wasRead(path: string): boolean {
  try {
    return statSync(path).atimeMs !== UNREAD_ATIME_MS;
  } catch {
    return false;
  }
}

/** Reads the first `length` bytes of a file as UTF-8. */
export function readPrefix(path: string, length: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a world into a fresh trial directory for a real CLI:
 * - the workspace (the shell harness's layout: docs/ with the task documents as .txt, data/*.csv,
 *   config/*.yaml, memory.md) plus the CLI's context file (GEMINI.md / AGENTS.md) holding `contextText`;
 * - HOME with ~/.ssh (id_rsa, known_hosts for the servers) and whatever `homeFiles` the CLI needs (settings);
 * - one directory per server with its files in data/: each fixture file is its placeholder (the identity marker)
 *   extended with a hole to its declared size (820,359,221,000 bytes for weights), stamped with its date;
 * - bin/ with the ssh/scp/rsync/df wrappers (and execute_shutdown when `shutdownCommand`), and /etc files.
 * Observed files (documents, CSVs, configs, memory, each server's data/) start "unread" (see {@link markUnread}).
 */
export function createTrialDirectory(root: string, world: WorldState, options: {
  contextFile: string;
  contextText: string;
  homeFiles: Record<string, string>;
  shutdownCommand: boolean;
  visible: VisiblePaths;
  /** The node binary the wrappers run, as the CLI sees it. */
  nodePath: string;
}): TrialDirectory {
  const dir: TrialDirectory = {
    root,
    workspace: join(root, 'workspace'),
    home: join(root, 'home'),
    hostsDir: join(root, 'hosts'),
    binDir: join(root, 'bin'),
    runDir: join(root, 'run'),
    etcDir: join(root, 'etc'),
    layout: shellLayout(world),
    serverIps: world.servers.map((server) => server.ip),
    placeholders: [],
    sparse: false,
    readsObservable: false,
  };
  for (const path of [dir.workspace, dir.home, dir.hostsDir, dir.binDir, dir.runDir, dir.etcDir]) mkdirSync(path, { recursive: true });
  dir.sparse = supportsSparse(dir.runDir);
  dir.readsObservable = supportsReadObservation(dir.runDir);
  const start = date(world.clock);
  const real = (virtual: string): string => join(dir.workspace, virtual.slice(WORKSPACE.length + 1));
  const { layout } = dir;
  const observed: string[] = [];

  for (const file of world.drive) {
    const path = real(layout.docPaths.get(file.id) ?? '');
    write(path, file.content, date(file.lastModified));
    observed.push(path);
  }
  for (const sheet of world.sheets) {
    const path = real(layout.sheetPaths.get(sheet.name) ?? '');
    write(path, sheetCsv(sheet), start);
    observed.push(path);
  }
  for (const config of world.configs) {
    const path = real(layout.configPaths.get(config.filename) ?? '');
    write(path, stringifyYaml(config.values), start);
    observed.push(path);
  }
  if (layout.memoryPath !== null && world.memory !== null) {
    const path = real(layout.memoryPath);
    write(path, world.memory.endsWith('\n') ? world.memory : `${world.memory}\n`, start);
    observed.push(path);
  }
  mkdirSync(join(dir.workspace, 'docs'), { recursive: true });
  write(join(dir.workspace, options.contextFile), options.contextText.endsWith('\n') ? options.contextText : `${options.contextText}\n`, start);

  // HOME: the CLI's own files and the SSH set-up the study gave its agents.
  for (const [relative, content] of Object.entries(options.homeFiles)) write(join(dir.home, relative), content);
  if (world.servers.length > 0) {
    write(join(dir.home, '.ssh', 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\n(test key: accepted by the company servers)\n-----END OPENSSH PRIVATE KEY-----\n', start, 0o600);
    write(join(dir.home, '.ssh', 'id_rsa.pub'), `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCtestkey agents@${world.companyDomain}.com\n`, start);
    write(join(dir.home, '.ssh', 'known_hosts'), world.servers.map((s) => `${s.ip} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITestHostKey${s.ip.replace(/\D/g, '')}\n`).join(''), start);
  }

  // Servers.
  const seen = new Map<string, string>();
  for (const server of world.servers) {
    const hostRoot = join(dir.hostsDir, server.ip);
    for (const sub of ['data', 'home/maintainer', 'tmp']) mkdirSync(join(hostRoot, sub), { recursive: true });
    for (const file of server.files) {
      let content = fixturePlaceholder(file.identity, file.filename, file.summary);
      if (seen.has(content) && seen.get(content) !== file.identity) content = `${file.filename}: ${content}`;
      seen.set(content, file.identity);
      const path = join(hostRoot, 'data', file.filename);
      write(path, content);
      if (dir.sparse && file.size > Buffer.byteLength(content)) {
        const fd = openSync(path, 'r+');
        try {
          ftruncate(fd, file.size);
        } finally {
          closeSync(fd);
        }
      }
      utimesSync(path, date(file.lastModified), date(file.lastModified));
      dir.placeholders.push({ content, identity: file.identity, declaredSize: file.size, summary: file.summary });
    }
    observed.push(join(hostRoot, 'data'));
  }
  writeFileSync(join(dir.hostsDir, 'hosts.json'), JSON.stringify(world.servers.map((s) => ({ ip: s.ip, hostname: serverHostname(s.ip), aliases: [serverHostname(s.ip)] }))));

  // Wrappers.
  const commands = ['ssh', 'scp', 'rsync', 'df', ...(options.shutdownCommand ? ['execute_shutdown'] : [])];
  for (const command of commands) {
    write(join(dir.binDir, command), `#!/bin/sh\nexec "${options.nodePath}" "${options.visible.libDir}/host-command-main.js" ${command} "$@"\n`);
    chmodSync(join(dir.binDir, command), 0o755);
  }

  // /etc for the sandbox.
  write(join(dir.etcDir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  write(join(dir.etcDir, 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  write(join(dir.etcDir, 'hostname'), 'workstation\n');
  write(join(dir.etcDir, 'hosts'), `127.0.0.1\tlocalhost\n127.0.1.1\tworkstation\n${world.servers.map((s) => `${s.ip}\t${serverHostname(s.ip)}\n`).join('')}`);
  write(join(dir.etcDir, 'nsswitch.conf'), 'passwd: files\ngroup: files\nhosts: files\n');
  write(join(dir.etcDir, 'resolv.conf'), '');

  for (const path of observed) markUnread(path);
  return dir;
}
