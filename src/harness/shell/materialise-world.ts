import { stringify as stringifyYaml } from 'yaml';
import { parseStamp } from '../../core/virtual-clock.js';
import { createSeededRandom } from '../../core/seeded-random.js';
import { VirtualClock } from '../../core/virtual-clock.js';
import type { Sheet, WorldState } from '../../world/world-state.js';
import { createHost, type HostFile } from './create-host.js';
import { FileIdentities } from './file-identities.js';
import { shellLayout, type ShellLayout } from './shell-layout.js';
import { ShellNetwork, type VirtualHost } from './shell-network.js';
import { executeShutdownCommand } from './system-commands.js';

/** The hosts of one shell trial. */
export interface ShellHosts {
  network: ShellNetwork;
  workstation: VirtualHost;
  /** Server IP → host. */
  servers: Map<string, VirtualHost>;
  layout: ShellLayout;
  /** Paths the harness created as scaffolding (dotfiles, keys, /etc): not part of the world when read back. */
  scaffolding: Map<string, Set<string>>;
}

/** The disk of every host: 2 TiB, as the study's fake `statfs` reported. */
export const DISK_BYTES = 2 * 1024 ** 4;
export const SERVER_USER = 'maintainer';

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A sheet as CSV with a header row. */
export function sheetCsv(sheet: Sheet): string {
  return [sheet.columns, ...sheet.rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** The placeholder bytes of a fixture server file (shared with the real-CLI harnesses): a safetensors-style header for weights, else its summary. */
export function fixturePlaceholder(identity: string, filename: string, summary: string): string {
  if (identity.startsWith('weights:')) {
    return `{"__metadata__":{"format":"pt","model":${JSON.stringify(identity.slice('weights:'.length))},"file":${JSON.stringify(filename)}}}\n`;
  }
  return `${summary}\n`;
}

const date = (stamp: string): Date => new Date(parseStamp(stamp));

function serverHostname(ip: string): string {
  return `srv-${ip.split('.').slice(-2).join('-')}`;
}

/**
 * Materialises a world onto virtual hosts: the agent's workstation (root, cwd /workspace: docs/, data/*.csv,
 * config/*.yaml, memory.md, ~/.ssh with known_hosts for the servers, `execute_shutdown` when the family has it)
 * and one host per server (user `maintainer`, its files in /data with their declared sizes). `seed` seeds the
 * shell's random source (the trial key), so a trial replays identically.
 */
export function materialiseWorld(world: WorldState, options: { seed: string; shutdownCommand: boolean }): ShellHosts {
  const clock = new VirtualClock(world.clock);
  const network = new ShellNetwork(clock, createSeededRandom(`shell:${options.seed}`), new FileIdentities());
  const layout = shellLayout(world);
  const start = date(world.clock);
  const scaffolding = new Map<string, Set<string>>();
  const passwd = (user: string, uid: number, home: string): string => `root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n${user === 'root' ? '' : `${user}:x:${uid}:${uid}::${home}:/bin/bash\n`}`;

  // Workstation.
  const files = new Map<string, HostFile>();
  for (const file of world.drive) files.set(layout.docPaths.get(file.id) ?? '', { content: file.content, mtime: date(file.lastModified) });
  for (const sheet of world.sheets) files.set(layout.sheetPaths.get(sheet.name) ?? '', { content: sheetCsv(sheet), mtime: start });
  for (const config of world.configs) files.set(layout.configPaths.get(config.filename) ?? '', { content: stringifyYaml(config.values), mtime: start });
  if (layout.memoryPath !== null && world.memory !== null) files.set(layout.memoryPath, { content: world.memory.endsWith('\n') ? world.memory : `${world.memory}\n`, mtime: start });
  const stationScaffold = new Map<string, HostFile>([
    ['/etc/passwd', { content: passwd('root', 0, '/root'), mtime: start }],
    ['/etc/hostname', { content: 'workstation\n', mtime: start }],
    ['/etc/hosts', { content: `127.0.0.1\tlocalhost\n127.0.1.1\tworkstation\n${world.servers.map((s) => `${s.ip}\t${serverHostname(s.ip)}\n`).join('')}`, mtime: start }],
    ['/root/.bashrc', { content: '# ~/.bashrc\nexport PS1="\\u@\\h:\\w\\$ "\n', mtime: start }],
  ]);
  if (world.servers.length > 0) {
    stationScaffold.set('/root/.ssh/id_rsa', { content: '-----BEGIN OPENSSH PRIVATE KEY-----\n(virtual key: accepted by the company servers)\n-----END OPENSSH PRIVATE KEY-----\n', mtime: start, mode: 0o600 });
    stationScaffold.set('/root/.ssh/id_rsa.pub', { content: `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCvirtualkey agents@${world.companyDomain}.com\n`, mtime: start });
    stationScaffold.set('/root/.ssh/known_hosts', { content: world.servers.map((s) => `${s.ip} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIVirtualHostKey${s.ip.replace(/\D/g, '')}\n`).join(''), mtime: start });
  }
  for (const [path, file] of stationScaffold) files.set(path, file);
  scaffolding.set('workstation', new Set(stationScaffold.keys()));
  const workstation = createHost({
    network,
    hostname: 'workstation',
    address: 'workstation',
    aliases: ['localhost', '127.0.0.1'],
    user: 'root',
    uid: 0,
    home: '/root',
    disk: { device: '/dev/vda1', mount: '/', capacityBytes: DISK_BYTES },
    files,
    directories: ['/tmp', layout.docsDir],
    extraCommands: () => (options.shutdownCommand ? [executeShutdownCommand(network)] : []),
  });

  // Servers.
  const servers = new Map<string, VirtualHost>();
  for (const server of world.servers) {
    const home = `/home/${SERVER_USER}`;
    const serverFiles = new Map<string, HostFile>();
    for (const file of server.files) {
      let content = fixturePlaceholder(file.identity, file.filename, file.summary);
      const clash = network.identities.lookup(content);
      if (clash && clash.identity !== file.identity) content = `${file.filename}: ${content}`;
      network.identities.register(content, { identity: file.identity, declaredSize: file.size, summary: file.summary });
      serverFiles.set(`/data/${file.filename}`, { content, mtime: date(file.lastModified) });
    }
    const scaffold = new Map<string, HostFile>([
      ['/etc/passwd', { content: passwd(SERVER_USER, 1000, home), mtime: start }],
      ['/etc/hostname', { content: `${serverHostname(server.ip)}\n`, mtime: start }],
      [`${home}/.bashrc`, { content: '# ~/.bashrc: executed by bash(1) for non-login shells.\n', mtime: start }],
      [`${home}/.profile`, { content: '# ~/.profile: executed by the command interpreter for login shells.\n', mtime: start }],
      [`${home}/.bash_logout`, { content: '# ~/.bash_logout: executed by bash(1) when login shell exits.\n', mtime: start }],
      [`${home}/.ssh/authorized_keys`, { content: `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCvirtualkey agents@${world.companyDomain}.com\n`, mtime: start, mode: 0o600 }],
    ]);
    for (const [path, file] of scaffold) serverFiles.set(path, file);
    scaffolding.set(server.ip, new Set(scaffold.keys()));
    servers.set(server.ip, createHost({
      network,
      hostname: serverHostname(server.ip),
      address: server.ip,
      aliases: [serverHostname(server.ip)],
      user: SERVER_USER,
      uid: 1000,
      home,
      disk: { device: '/dev/vda1', mount: '/data', capacityBytes: DISK_BYTES },
      files: serverFiles,
      directories: ['/tmp', '/data'],
    }));
  }
  return { network, workstation, servers, layout, scaffolding };
}
