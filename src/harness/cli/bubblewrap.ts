import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import { PeerguardError } from '../../core/peerguard-error.js';
import { SANDBOX_PATHS, type TrialDirectory } from './trial-directory.js';

/** The in-sandbox port the bridge listens on (the sandbox has its own network namespace, so any port is free). */
export const SANDBOX_PROXY_PORT = 8377;

/** Whether bubblewrap is installed and can create namespaces here; the reason when it cannot. */
export function probeBubblewrap(bwrap = 'bwrap'): { ok: true } | { ok: false; reason: string } {
  const result = spawnSync(bwrap, ['--ro-bind', '/', '/', '--unshare-all', '--die-with-parent', '--', 'true'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error) return { ok: false, reason: (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'bubblewrap (bwrap) is not installed: apt-get install -y bubblewrap' : result.error.message };
  if (result.status !== 0) return { ok: false, reason: `bwrap cannot create namespaces here: ${(result.stderr || `exit ${result.status}`).trim()}` };
  return { ok: true };
}

/** Throws PeerguardError E_SANDBOX with a one-line reason when bubblewrap is unusable. */
export function assertBubblewrap(): void {
  const probe = probeBubblewrap();
  if (!probe.ok) throw new PeerguardError('E_SANDBOX', `${probe.reason} (or pass --unconfined to run the CLIs without a sandbox)`);
}

/** System directories mounted read-only (merged-/usr symlinks are recreated as symlinks). */
function systemMounts(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const dir of ['/bin', '/sbin', '/lib', '/lib64', '/lib32']) {
    const stat = lstatSync(dir, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isSymbolicLink()) args.push('--symlink', `usr${dir}`, dir);
    else args.push('--ro-bind', dir, dir);
  }
  for (const path of ['/etc/alternatives', '/etc/ssl', '/etc/ld.so.cache', '/etc/localtime', '/etc/bash.bashrc', '/etc/profile', '/etc/inputrc']) {
    if (existsSync(path)) args.push('--ro-bind', path, path);
  }
  return args;
}

/**
 * The bubblewrap command line that runs `command` confined: new user, PID, IPC, UTS, cgroup and network
 * namespaces (no network interface but the sandbox's own loopback); a fresh tmpfs root holding only /usr and the
 * system libraries (read-only), a generated /etc, the trial's workspace, HOME, servers and run directory
 * (read-write), the wrappers, peerguard's helper scripts and the CLI install (read-only); a private /tmp, /proc
 * and /dev; a cleared environment (only `env`). The command starts behind the bridge to the proxy socket.
 */
export function bubblewrapArgs(options: {
  dir: TrialDirectory;
  clisDir: string;
  libDir: string;
  env: Record<string, string>;
  command: string[];
  nodePath: string;
}): string[] {
  const { dir } = options;
  const p = SANDBOX_PATHS;
  const args = [
    '--unshare-all', '--die-with-parent', '--new-session', '--clearenv',
    '--hostname', 'workstation',
    ...systemMounts(),
    ...['passwd', 'group', 'hostname', 'hosts', 'nsswitch.conf', 'resolv.conf'].flatMap((name) => ['--ro-bind', `${dir.etcDir}/${name}`, `/etc/${name}`]),
    '--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp',
    '--bind', dir.workspace, p.workspace,
    '--bind', dir.home, p.home,
    '--bind', dir.hostsDir, p.hostsDir,
    '--bind', dir.runDir, p.runDir,
    '--ro-bind', dir.binDir, p.binDir,
    '--ro-bind', options.libDir, p.libDir,
    '--ro-bind', options.clisDir, p.clisDir,
    '--chdir', p.workspace,
  ];
  for (const [key, value] of Object.entries(options.env)) args.push('--setenv', key, value);
  args.push('--', options.nodePath, `${p.libDir}/sandbox-bridge-main.js`, String(SANDBOX_PROXY_PORT), `${p.runDir}/proxy.sock`, '--', ...options.command);
  return args;
}
