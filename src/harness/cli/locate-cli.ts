import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PeerguardError } from '../../core/peerguard-error.js';
import { REAL_CLIS, REAL_CLI_KINDS, type RealCliKind } from './real-cli.js';

/** Where `peerguard clis install` puts the CLIs: `$PEERGUARD_CLIS_DIR`, else `.peerguard/clis` under `cwd`. */
export function defaultClisDir(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env.PEERGUARD_CLIS_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? resolve(cwd, fromEnv) : join(cwd, '.peerguard', 'clis');
}

/** The npm command line that installs every pinned CLI into `dir` (argv, without a shell). */
export function installCommand(dir: string): string[] {
  return ['npm', 'install', '--prefix', dir, '--no-audit', '--no-fund', ...REAL_CLI_KINDS.map((kind) => REAL_CLIS[kind].packageSpec)];
}

/** A located CLI: its install directory and the real path of its entry point. */
export interface LocatedCli {
  kind: RealCliKind;
  /** The install prefix (holds node_modules/). */
  clisDir: string;
  /** The real path of the executable (a node script or launcher) inside clisDir. */
  entry: string;
}

/**
 * Finds a CLI installed by `peerguard clis install`. Throws PeerguardError `E_CLI_MISSING` (a one-line message
 * naming the install command) when it is not there.
 */
export function locateCli(kind: RealCliKind, clisDir: string): LocatedCli {
  const spec = REAL_CLIS[kind];
  const bin = join(clisDir, 'node_modules', '.bin', spec.binName);
  if (!existsSync(bin)) {
    throw new PeerguardError('E_CLI_MISSING', `${kind} is not installed in ${clisDir} (${spec.packageSpec}): run \`peerguard clis install${clisDir === undefined ? '' : ` --dir ${clisDir}`}\``);
  }
  return { kind, clisDir: realpathSync(clisDir), entry: realpathSync(bin) };
}
