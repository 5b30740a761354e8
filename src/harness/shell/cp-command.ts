import { defineCommand, type Command } from 'just-bash';
import { commandResult, parseFlags } from './command-result.js';
import { CopyError, copyPath, copyTarget } from './copy-file.js';
import type { ShellNetwork, VirtualHost } from './shell-network.js';

/**
 * GNU `cp`: the copy is stamped now unless `-p`, `-a` or `--preserve` (then it keeps the source's time);
 * `-r/-R` for directories, `-n` no-clobber, `-t DIR`, `-v`.
 */
export function cpCommand(_network: ShellNetwork, host: VirtualHost): Command {
  return defineCommand('cp', async (args, ctx) => {
    const { flags, operands } = parseFlags(args, ['t', 'target-directory']);
    const preserveFlag = flags.get('preserve');
    const preserve = flags.has('p') || flags.has('a') || flags.has('archive') || (preserveFlag !== undefined && (preserveFlag === true || String(preserveFlag).includes('timestamps') || preserveFlag === 'all'));
    const recursive = flags.has('r') || flags.has('R') || flags.has('a') || flags.has('recursive') || flags.has('archive');
    const noClobber = flags.has('n') || flags.has('no-clobber');
    const targetDir = flags.get('t') ?? flags.get('target-directory');
    const sources = typeof targetDir === 'string' ? operands : operands.slice(0, -1);
    const destOperand = typeof targetDir === 'string' ? targetDir : operands.at(-1);
    if (destOperand === undefined || sources.length === 0) {
      return commandResult('', operands.length === 0 ? "cp: missing file operand\nTry 'cp --help' for more information.\n" : `cp: missing destination file operand after '${operands[0]}'\nTry 'cp --help' for more information.\n`, 1);
    }
    const destPath = host.fs.resolvePath(ctx.cwd, destOperand);
    const destIsDir = (await host.fs.exists(destPath)) && (await host.fs.stat(destPath)).isDirectory;
    if (sources.length > 1 && !destIsDir) return commandResult('', `cp: target '${destOperand}' is not a directory\n`, 1);
    let stderr = '';
    let stdout = '';
    let exitCode = 0;
    for (const source of sources) {
      const sourcePath = host.fs.resolvePath(ctx.cwd, source);
      try {
        const target = await copyTarget(host, destPath, sourcePath, destIsDir);
        if (target === sourcePath) throw new CopyError(`'${source}' and '${destOperand}' are the same file`);
        if (noClobber && (await host.fs.exists(target))) continue;
        await copyPath({ from: host, sourcePath, to: host, destPath: target, preserve, recursive });
        if (flags.has('v') || flags.has('verbose')) stdout += `'${source}' -> '${target}'\n`;
      } catch (error) {
        if (!(error instanceof CopyError)) throw error;
        stderr += `cp: ${error.message}\n`;
        exitCode = 1;
      }
    }
    return commandResult(stdout, stderr, exitCode);
  });
}
