import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { probeBubblewrap } from '../harness/cli/bubblewrap.js';
import { defaultClisDir, installCommand, locateCli } from '../harness/cli/locate-cli.js';
import { REAL_CLIS, REAL_CLI_KINDS } from '../harness/cli/real-cli.js';

/** `peerguard clis install|status`: the real agent CLIs live outside package.json, in their own npm prefix. */
export function registerClisCommand(program: Command): void {
  const clis = program.command('clis').description('install and check the real agent CLIs (Gemini CLI, OpenCode) for --harness gemini-cli|opencode');
  clis.command('install')
    .description(`npm install the pinned CLIs (${REAL_CLI_KINDS.map((k) => REAL_CLIS[k].packageSpec).join(', ')}) into their own prefix`)
    .option('--dir <dir>', 'install prefix (default $PEERGUARD_CLIS_DIR or .peerguard/clis)')
    .action((flags: { dir?: string }) => {
      const dir = flags.dir ?? defaultClisDir(process.cwd(), process.env);
      mkdirSync(dir, { recursive: true });
      const [npm, ...args] = installCommand(dir);
      process.stderr.write(`peerguard clis install: ${[npm, ...args].join(' ')}\n`);
      const result = spawnSync(npm!, args, { stdio: 'inherit' });
      if (result.status !== 0) throw new PeerguardError('E_CLI_MISSING', `npm install failed (status ${String(result.status)}) in ${dir}`);
      for (const kind of REAL_CLI_KINDS) process.stdout.write(`${kind}: ${locateCli(kind, dir).entry}\n`);
    });
  clis.command('status')
    .description('show where the CLIs are and whether bubblewrap can confine them')
    .option('--dir <dir>', 'install prefix (default $PEERGUARD_CLIS_DIR or .peerguard/clis)')
    .action((flags: { dir?: string }) => {
      const dir = flags.dir ?? defaultClisDir(process.cwd(), process.env);
      for (const kind of REAL_CLI_KINDS) {
        try {
          process.stdout.write(`${kind.padEnd(11)} ${REAL_CLIS[kind].packageSpec.padEnd(28)} ${locateCli(kind, dir).entry}\n`);
        } catch (error) {
          process.stdout.write(`${kind.padEnd(11)} ${REAL_CLIS[kind].packageSpec.padEnd(28)} missing: ${(error as Error).message}\n`);
        }
      }
      const probe = probeBubblewrap();
      process.stdout.write(`bubblewrap  ${probe.ok ? 'ok: trials run confined' : `unusable: ${probe.reason}`}\n`);
    });
}
