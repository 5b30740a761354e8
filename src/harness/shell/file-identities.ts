/**
 * Identity of file contents on the virtual hosts. Fixture files (weights, logs, documents on the servers) are
 * materialised as a short, unique placeholder content; this registry maps that content to the file's world
 * identity (`weights:<agent>`, `file:<name>`), its declared size in bytes and its summary. Because identity follows
 * the content, any way of copying a file (`cp`, `mv`, `scp`, `rsync`, `cat a > b`, `ssh host cat a > b`) keeps it,
 * and re-stamping (`touch`) or renaming never loses it; changing the bytes does.
 */
export interface ContentIdentity {
  identity: string;
  /** The size the file reports to `ls -l`, `stat`, `du` and `df`, in bytes (e.g. 820,359,221,000 for weights). */
  declaredSize: number;
  summary: string;
}

export class FileIdentities {
  private readonly byContent = new Map<string, ContentIdentity>();
  private readonly lengths = new Set<number>();

  /** Registers a placeholder content; the content must be unique per identity. */
  register(content: string, identity: ContentIdentity): void {
    const known = this.byContent.get(content);
    if (known && known.identity !== identity.identity) throw new Error(`placeholder content shared by ${known.identity} and ${identity.identity}`);
    this.byContent.set(content, identity);
    this.lengths.add(Buffer.byteLength(content));
  }

  /** Whether a file of this stored length could be a registered placeholder (cheap pre-check before reading it). */
  mayMatch(storedLength: number): boolean {
    return this.lengths.has(storedLength);
  }

  lookup(content: string): ContentIdentity | undefined {
    return this.byContent.get(content);
  }
}
