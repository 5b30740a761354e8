import { Bash, defineCommand, InMemoryFs, type Command } from 'just-bash';
import { commandResult } from './command-result.js';
import { cpCommand } from './cp-command.js';
import { dfCommand, duCommand } from './disk-usage-commands.js';
import { HostFs } from './host-fs.js';
import { lsCommand } from './ls-command.js';
import { rsyncCommand, scpCommand, sshCommand } from './remote-commands.js';
import { seededRandomPlugin } from './seeded-random-plugin.js';
import type { HostDisk, ShellNetwork, VirtualHost } from './shell-network.js';
import { statCommand } from './stat-command.js';
import { dateCommand, identityCommands, mktempCommand, randomCommand, sshHelperCommands, sudoCommand } from './system-commands.js';
import { touchCommand } from './touch-command.js';

/** One file to place on a host before the agent starts. */
export interface HostFile {
  content: string;
  mtime: Date;
  mode?: number;
}

/** Builds a virtual host: an in-memory file system with the given files and a shell with GNU-fidelity commands. */
export function createHost(args: {
  network: ShellNetwork;
  hostname: string;
  address: string;
  aliases?: string[];
  user: string;
  uid: number;
  home: string;
  disk: HostDisk;
  files: Map<string, HostFile>;
  directories?: string[];
  extraCommands?: (host: VirtualHost) => Command[];
}): VirtualHost {
  const { network } = args;
  const bootTime = network.now();
  const inner = new InMemoryFs();
  for (const dir of args.directories ?? []) inner.mkdirSync(dir, { recursive: true });
  for (const [path, file] of args.files) inner.writeFileSync(path, file.content, 'utf8', { mtime: file.mtime, mode: file.mode ?? 0o644 });
  const fs = new HostFs(inner, network.identities, () => network.now());
  const host = { hostname: args.hostname, address: args.address, user: args.user, uid: args.uid, home: args.home, fs, disk: args.disk } as VirtualHost;
  const commands: Command[] = [
    lsCommand(network, host),
    statCommand(network, host),
    duCommand(network, host),
    dfCommand(network, host),
    cpCommand(network, host),
    touchCommand(network, host),
    sshCommand(network, host),
    scpCommand(network, host),
    rsyncCommand(network, host),
    dateCommand(network, host),
    sudoCommand(network, host),
    mktempCommand(network, host),
    randomCommand(network),
    defineCommand('__pg_seconds', async () => commandResult(String(Math.floor((network.now().getTime() - bootTime.getTime()) / 1000)))),
    ...identityCommands(network, host),
    ...sshHelperCommands(network, host),
    ...(args.extraCommands?.(host) ?? []),
  ];
  host.bash = new Bash({
    fs,
    cwd: args.home,
    env: { HOME: args.home, USER: args.user, LOGNAME: args.user, HOSTNAME: args.hostname, SHELL: '/bin/bash', TZ: 'UTC', LANG: 'C.UTF-8', PATH: '/usr/local/bin:/usr/bin:/bin' },
    customCommands: commands,
    sleep: async (ms) => {
      network.clock.advanceMs(ms);
    },
    processInfo: { pid: 4242, ppid: 1, uid: args.uid, gid: args.uid },
  });
  host.bash.registerTransformPlugin(seededRandomPlugin());
  // The shell lays out /bin, /usr/bin, /proc, /dev with the real clock's time; give them the boot time instead.
  for (const path of inner.getAllPaths()) {
    if (!args.files.has(path)) void inner.utimes(path, bootTime, bootTime);
  }
  network.add(host, args.aliases ?? []);
  return host;
}
