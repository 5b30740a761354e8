import type { BufferEncoding, ByteString, CpOptions, FileContent, FsStat, IFileSystem, InMemoryFs, MkdirOptions, RmOptions } from 'just-bash';
import type { FileIdentities } from './file-identities.js';

/** What one command touched on one host: files whose content was read and directories that were listed. */
export interface AccessLog {
  reads: Set<string>;
  listings: Set<string>;
}

const UNLOGGED = /^\/(usr\/)?bin(\/|$)|^\/proc(\/|$)|^\/dev(\/|$)/;

/**
 * The file system of one virtual host: an `InMemoryFs` seen through three rules.
 * - Sizes: a file whose content is a registered placeholder reports its declared size (`stat`, hence `ls -l`,
 *   `du`, `find -size`), so an 820 GB weight file costs a few bytes.
 * - Time: every write stamps the file with the trial's virtual clock, never the real one.
 * - Access: content reads and directory listings are logged, so the harness can tell what the agent looked at.
 * Everything else is delegated unchanged; nothing here reaches the real file system.
 */
export class HostFs implements IFileSystem {
  readonly log: AccessLog = { reads: new Set(), listings: new Set() };

  constructor(readonly inner: InMemoryFs, private readonly identities: FileIdentities, private readonly now: () => Date) {}

  private norm(path: string): string {
    return this.inner.resolvePath('/', path);
  }

  private noteRead(path: string): void {
    const p = this.norm(path);
    if (!UNLOGGED.test(p)) this.log.reads.add(p);
  }

  private noteListing(path: string): void {
    const p = this.norm(path);
    if (!UNLOGGED.test(p)) this.log.listings.add(p);
  }

  private async stampNow(path: string): Promise<void> {
    const now = this.now();
    await this.inner.utimes(path, now, now);
  }

  /** The declared size of a file (its placeholder's size, else its stored size), without logging a read. */
  async sizeOf(path: string, stored: FsStat): Promise<number> {
    if (!stored.isFile || !this.identities.mayMatch(stored.size)) return stored.size;
    const hit = this.identities.lookup(await this.inner.readFile(path, 'utf8'));
    return hit ? hit.declaredSize : stored.size;
  }

  private async sized(path: string, stat: FsStat): Promise<FsStat> {
    const size = await this.sizeOf(path, stat);
    return size === stat.size ? stat : { ...stat, size };
  }

  async readFile(path: string, options?: { encoding?: BufferEncoding | null } | BufferEncoding): Promise<string> {
    this.noteRead(path);
    return this.inner.readFile(path, options);
  }

  async readFileBytes(path: string): Promise<ByteString> {
    this.noteRead(path);
    return this.inner.readFileBytes(path);
  }

  async readFileBuffer(path: string): Promise<Uint8Array> {
    this.noteRead(path);
    return this.inner.readFileBuffer(path);
  }

  async writeFile(path: string, content: FileContent, options?: { encoding?: BufferEncoding } | BufferEncoding): Promise<void> {
    await this.inner.writeFile(path, content, options);
    await this.stampNow(path);
  }

  async appendFile(path: string, content: FileContent, options?: { encoding?: BufferEncoding } | BufferEncoding): Promise<void> {
    await this.inner.appendFile(path, content, options);
    await this.stampNow(path);
  }

  exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }

  async stat(path: string): Promise<FsStat> {
    return this.sized(path, await this.inner.stat(path));
  }

  async lstat(path: string): Promise<FsStat> {
    const stat = await this.inner.lstat(path);
    return stat.isSymbolicLink ? stat : this.sized(path, stat);
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    const existed = await this.inner.exists(path);
    await this.inner.mkdir(path, options);
    if (!existed) await this.stampNow(path);
  }

  async readdir(path: string): Promise<string[]> {
    this.noteListing(path);
    return this.inner.readdir(path);
  }

  async readdirWithFileTypes(path: string): ReturnType<InMemoryFs['readdirWithFileTypes']> {
    this.noteListing(path);
    return this.inner.readdirWithFileTypes(path);
  }

  rm(path: string, options?: RmOptions): Promise<void> {
    return this.inner.rm(path, options);
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    // GNU cp without -p stamps the copy with the current time (InMemoryFs would keep the source's).
    this.noteRead(src);
    await this.inner.cp(src, dest, options);
    const stat = await this.inner.stat(dest);
    if (stat.isFile) await this.stampNow(dest);
  }

  mv(src: string, dest: string): Promise<void> {
    return this.inner.mv(src, dest);
  }

  resolvePath(base: string, path: string): string {
    return this.inner.resolvePath(base, path);
  }

  getAllPaths(): string[] {
    return this.inner.getAllPaths();
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.inner.chmod(path, mode);
  }

  async symlink(target: string, linkPath: string): Promise<void> {
    await this.inner.symlink(target, linkPath);
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.inner.link(existingPath, newPath);
  }

  readlink(path: string): Promise<string> {
    return this.inner.readlink(path);
  }

  realpath(path: string): Promise<string> {
    return this.inner.realpath(path);
  }

  utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    return this.inner.utimes(path, atime, mtime);
  }
}
