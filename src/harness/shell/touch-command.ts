import { defineCommand, type Command } from 'just-bash';
import { commandResult, parseFlags } from './command-result.js';
import { parseDateString, parseTouchStamp } from './gnu-time.js';
import type { ShellNetwork, VirtualHost } from './shell-network.js';

/**
 * GNU `touch`: `-d/--date STRING`, `-t [[CC]YY]MMDDhhmm[.ss]`, `-r/--reference FILE`, `-c/--no-create`
 * (`-a`, `-m`, `-h` accepted). Without a time it stamps the virtual "now".
 */
export function touchCommand(network: ShellNetwork, host: VirtualHost): Command {
  return defineCommand('touch', async (args, ctx) => {
    const { flags, operands, unknownValue } = parseFlags(args, ['d', 'date', 't', 'r', 'reference']);
    if (unknownValue !== null) return commandResult('', `touch: option requires an argument -- '${unknownValue}'\n`, 1);
    if (operands.length === 0) return commandResult('', "touch: missing file operand\nTry 'touch --help' for more information.\n", 1);
    const now = network.now();
    let time = now;
    const dateText = flags.get('d') ?? flags.get('date');
    const stamp = flags.get('t');
    const reference = flags.get('r') ?? flags.get('reference');
    if (typeof dateText === 'string') {
      const parsed = parseDateString(dateText, now);
      if (!parsed) return commandResult('', `touch: invalid date format '${dateText}'\n`, 1);
      time = parsed;
    } else if (typeof stamp === 'string') {
      const parsed = parseTouchStamp(stamp, now);
      if (!parsed) return commandResult('', `touch: invalid date format '${stamp}'\n`, 1);
      time = parsed;
    } else if (typeof reference === 'string') {
      const refPath = host.fs.resolvePath(ctx.cwd, reference);
      if (!(await host.fs.exists(refPath))) return commandResult('', `touch: failed to get attributes of '${reference}': No such file or directory\n`, 1);
      time = (await host.fs.stat(refPath)).mtime;
    }
    let stderr = '';
    let exitCode = 0;
    for (const operand of operands) {
      const path = host.fs.resolvePath(ctx.cwd, operand);
      if (!(await host.fs.exists(path))) {
        if (flags.has('c') || flags.has('no-create')) continue;
        const parent = path.slice(0, path.lastIndexOf('/')) || '/';
        if (!(await host.fs.exists(parent))) {
          stderr += `touch: cannot touch '${operand}': No such file or directory\n`;
          exitCode = 1;
          continue;
        }
        await host.fs.writeFile(path, '');
      }
      await host.fs.utimes(path, time, time);
    }
    return commandResult('', stderr, exitCode);
  });
}
