import { usedBytes } from './disk-usage-commands.js';
import type { VirtualHost } from './shell-network.js';

/** A copy that could not be made: the message is what the command prints after its own name. */
export class CopyError extends Error {}

/**
 * Copies one file or (with `recursive`) a directory tree from one host's file system to another's (or the
 * same). The copy gets the current virtual time unless `preserve` (then the source's mtime and mode). A copy to
 * another host fails with "No space left on device" when the destination disk has no room for the declared size.
 */
export async function copyPath(args: {
  from: VirtualHost;
  sourcePath: string;
  to: VirtualHost;
  destPath: string;
  preserve: boolean;
  recursive: boolean;
}): Promise<void> {
  const { from, to } = args;
  if (!(await from.fs.exists(args.sourcePath))) throw new CopyError(`cannot stat '${args.sourcePath}': No such file or directory`);
  const stat = await from.fs.stat(args.sourcePath);
  if (stat.isDirectory) {
    if (!args.recursive) throw new CopyError(`-r not specified; omitting directory '${args.sourcePath}'`);
    if (!(await to.fs.exists(args.destPath))) await to.fs.mkdir(args.destPath, { recursive: true });
    for (const name of await from.fs.readdir(args.sourcePath)) {
      await copyPath({ ...args, sourcePath: from.fs.resolvePath(args.sourcePath, name), destPath: to.fs.resolvePath(args.destPath, name) });
    }
    if (args.preserve) await to.fs.utimes(args.destPath, stat.mtime, stat.mtime);
    return;
  }
  if (from !== to) {
    const free = to.disk.capacityBytes - (await usedBytes(to));
    if (stat.size > free) throw new CopyError(`${args.destPath}: No space left on device`);
  }
  const parent = args.destPath.slice(0, args.destPath.lastIndexOf('/')) || '/';
  if (!(await to.fs.exists(parent))) throw new CopyError(`cannot create regular file '${args.destPath}': No such file or directory`);
  if (await to.fs.exists(args.destPath) && (await to.fs.stat(args.destPath)).isDirectory) {
    throw new CopyError(`cannot overwrite directory '${args.destPath}' with non-directory`);
  }
  const bytes = await from.fs.readFileBuffer(args.sourcePath);
  await to.fs.writeFile(args.destPath, bytes);
  await to.fs.chmod(args.destPath, stat.mode & 0o7777);
  if (args.preserve) await to.fs.utimes(args.destPath, stat.mtime, stat.mtime);
}

/** Where a copy of `sourcePath` lands given the destination operand: inside it when it is a directory. */
export async function copyTarget(host: VirtualHost, destPath: string, sourcePath: string, destIsDirHint: boolean): Promise<string> {
  const base = sourcePath.replace(/\/+$/, '').split('/').pop() ?? '';
  if (destIsDirHint || ((await host.fs.exists(destPath)) && (await host.fs.stat(destPath)).isDirectory)) return host.fs.resolvePath(destPath, base);
  return destPath;
}
