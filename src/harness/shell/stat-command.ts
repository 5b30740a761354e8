import { defineCommand, type Command } from 'just-bash';
import { commandResult, parseFlags } from './command-result.js';
import { fileTypeName, modeString } from './file-mode.js';
import { formatFullIso } from './gnu-time.js';
import { usageKib } from './human-size.js';
import { ownerOf } from './ls-command.js';
import type { ShellNetwork, VirtualHost } from './shell-network.js';

/**
 * GNU `stat`: the default block, and `-c/--format/--printf` with %n %N %s %b %B %o %f %F %a %A %u %U %g %G %h %i
 * %x %X %y %Y %z %Z %w %W %d %D %t %T and %%. Sizes are declared sizes; times come from the virtual clock.
 */
export function statCommand(_network: ShellNetwork, host: VirtualHost): Command {
  return defineCommand('stat', async (args, ctx) => {
    const { flags, operands } = parseFlags(args, ['c', 'format', 'printf']);
    const format = flags.get('c') ?? flags.get('format') ?? flags.get('printf');
    const printf = flags.has('printf');
    if (operands.length === 0) return commandResult('', "stat: missing operand\nTry 'stat --help' for more information.\n", 1);
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    let inode = 1000;
    for (const operand of operands) {
      const path = host.fs.resolvePath(ctx.cwd, operand);
      inode += 1;
      if (!(await host.fs.exists(path))) {
        stderr += `stat: cannot statx '${operand}': No such file or directory\n`;
        exitCode = 1;
        continue;
      }
      const stat = flags.has('L') ? await host.fs.stat(path) : await host.fs.lstat(path);
      const size = stat.isDirectory ? 4096 : await host.fs.sizeOf(path, stat);
      const owner = ownerOf(host, path);
      const uid = owner === 'root' ? 0 : host.uid;
      const octal = (stat.mode & 0o7777).toString(8);
      const seconds = String(Math.floor(stat.mtime.getTime() / 1000));
      const blocks = String(stat.isDirectory ? 8 : usageKib(size) * 2);
      if (typeof format === 'string') {
        const text = format.replace(/%([a-zA-Z%])/g, (whole, code: string) => {
          switch (code) {
            case 'n': return operand;
            case 'N': return `'${operand}'`;
            case 's': return String(size);
            case 'b': return blocks;
            case 'B': return '512';
            case 'o': return '4096';
            case 'f': return (stat.mode >>> 0).toString(16);
            case 'F': return fileTypeName(stat, size);
            case 'a': return octal;
            case 'A': return modeString(stat);
            case 'u': case 'g': return String(uid);
            case 'U': case 'G': return owner;
            case 'h': return stat.isDirectory ? '2' : '1';
            case 'i': return String(inode);
            case 'd': return '2049';
            case 'D': return '801';
            case 't': case 'T': return '0';
            case 'x': case 'y': case 'z': return formatFullIso(stat.mtime);
            case 'X': case 'Y': case 'Z': return seconds;
            case 'w': return '-';
            case 'W': return '0';
            case '%': return '%';
            default: return whole;
          }
        });
        stdout += printf ? text.replace(/\\n/g, '\n').replace(/\\t/g, '\t') : `${text}\n`;
        continue;
      }
      const time = formatFullIso(stat.mtime);
      stdout += [
        `  File: ${operand}`,
        `  Size: ${String(size).padEnd(15)}\tBlocks: ${blocks.padEnd(10)} IO Block: 4096   ${fileTypeName(stat, size)}`,
        `Device: 801h/2049d\tInode: ${String(inode).padEnd(11)} Links: ${stat.isDirectory ? 2 : 1}`,
        `Access: (${octal.padStart(4, '0')}/${modeString(stat)})  Uid: (${String(uid).padStart(5)}/${owner.padStart(8)})   Gid: (${String(uid).padStart(5)}/${owner.padStart(8)})`,
        `Access: ${time}`,
        `Modify: ${time}`,
        `Change: ${time}`,
        ' Birth: -',
      ].join('\n') + '\n';
    }
    return commandResult(stdout, stderr, exitCode);
  });
}
