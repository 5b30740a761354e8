import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { WorldState } from '../../world/world-state.js';
import { deriveEquivalents, type CommandEffects } from '../shell/derive-equivalents.js';
import type { HostsSnapshot, TrackedFile } from '../shell/host-snapshot.js';
import { readBackWorld } from '../shell/read-back-world.js';
import { WORKSPACE } from '../shell/shell-layout.js';
import type { TransferAttempt } from '../shell/shell-network.js';
import { markUnread, readPrefix, wasRead, type TrialDirectory } from './trial-directory.js';

/** Text files up to this size are read whole (reports, configs); larger ones are identified by prefix and size. */
const MAX_TEXT_BYTES = 1024 * 1024;
/** Directories the CLIs create in their workspace for themselves: not part of the world. */
const CLI_OWN = new Set(['.gemini', '.opencode', '.git', 'node_modules']);

function walk(root: string, skipTop: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const visit = (dir: string, top: boolean): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (top && skipTop.has(name)) continue;
      const path = join(dir, name);
      const stat = lstatSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) visit(path, false);
      else if (stat?.isFile()) out.push(path);
    }
  };
  visit(root, true);
  return out;
}

function isZeros(buffer: Buffer, from: number): boolean {
  for (let i = from; i < buffer.length; i += 1) if (buffer[i] !== 0) return false;
  return true;
}

/**
 * Watches one real-CLI trial directory: between two model calls it snapshots the workspace and the servers,
 * sees which observed files were read (their access time moved) and which server directories were listed,
 * reads the wrappers' transfer and shutdown logs, and derives the world changes and study-tool equivalents with
 * the shell harness's rules. At the end it reads the directories back into a WorldState.
 */
export class TrialDirectoryObserver {
  private previous: HostsSnapshot;
  private transfersSeen = 0;
  private shutdownsSeen = 0;

  constructor(private readonly dir: TrialDirectory, private readonly initial: WorldState, private readonly naming: 'plain' | 'drive') {
    this.previous = this.snapshot();
    this.resetReads();
  }

  /** Every observed path's real location (documents, CSVs, configs, memory; each server's data/). */
  private observedPaths(): { reads: Map<string, string>; listings: Map<string, string> } {
    const { layout } = this.dir;
    const real = (virtual: string): string => join(this.dir.workspace, virtual.slice(WORKSPACE.length + 1));
    const reads = new Map<string, string>();
    for (const path of [layout.taskDocPath, ...layout.docPaths.values(), ...layout.sheetPaths.values(), ...layout.configPaths.values(), layout.memoryPath]) {
      if (path !== null) reads.set(path, real(path));
    }
    return { reads, listings: new Map(this.dir.serverIps.map((ip) => [ip, join(this.dir.hostsDir, ip, 'data')])) };
  }

  private resetReads(): void {
    const { reads, listings } = this.observedPaths();
    for (const path of [...reads.values(), ...listings.values()]) markUnread(path);
  }

  /**
   * What was read and listed since the last observation. With access times this is exact; on a file system that
   * does not update them it falls back to the tool calls' text naming the file (`calls`).
   */
  private accesses(calls: readonly string[]): { reads: Set<string>; listings: Map<string, Set<string>> } {
    const { reads: readPaths, listings: listingPaths } = this.observedPaths();
    const reads = new Set<string>();
    const listings = new Map<string, Set<string>>();
    if (this.dir.readsObservable) {
      for (const [virtual, real] of readPaths) if (wasRead(real)) reads.add(virtual);
      for (const [ip, real] of listingPaths) if (wasRead(real)) listings.set(ip, new Set(['/data']));
      return { reads, listings };
    }
    const text = calls.join('\n');
    for (const [virtual] of readPaths) if (text.includes(basename(virtual))) reads.add(virtual);
    if (this.dir.layout.taskDocPath !== null && /\b(cat|head|tail|less|more|grep|sed|awk)\b[^\n]*docs\//.test(text)) reads.add(this.dir.layout.taskDocPath);
    for (const [ip] of listingPaths) if (text.includes(ip) && /\b(ls|find|du)\b[^\n]*\/data|\/data\/\*/.test(text)) listings.set(ip, new Set(['/data']));
    return { reads, listings };
  }

  private identify(path: string, size: number): { identity: string; summary: string | null; size: number } | null {
    for (const placeholder of this.dir.placeholders) {
      const length = Buffer.byteLength(placeholder.content);
      const expected = this.dir.sparse ? Math.max(placeholder.declaredSize, length) : length;
      if (size !== expected) continue;
      if (size <= MAX_TEXT_BYTES) {
        const bytes = readFileSync(path);
        if (bytes.subarray(0, length).toString('utf8') === placeholder.content && isZeros(bytes, length)) return { identity: placeholder.identity, summary: placeholder.summary, size: placeholder.declaredSize };
      } else if (readPrefix(path, length) === placeholder.content) {
        return { identity: placeholder.identity, summary: placeholder.summary, size: placeholder.declaredSize };
      }
    }
    return null;
  }

  private track(real: string, virtual: string, keepContent: boolean): TrackedFile {
    const stat = lstatSync(real);
    const known = this.identify(real, stat.size);
    const small = stat.size <= MAX_TEXT_BYTES;
    const bytes = small ? readFileSync(real) : Buffer.from(`${readPrefix(real, 65536)}#${stat.size}`);
    return {
      path: virtual,
      identity: known?.identity ?? `content:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`,
      summary: known?.summary ?? null,
      size: known?.size ?? stat.size,
      mtimeMs: Math.floor(stat.mtimeMs),
      content: keepContent && small ? bytes.toString('utf8') : null,
    };
  }

  /** The workspace (as /workspace/…) and each server (as /data/…, /home/…, /tmp/…) right now. */
  snapshot(): HostsSnapshot {
    const snapshot: HostsSnapshot = new Map();
    const station = new Map<string, TrackedFile>();
    for (const real of walk(this.dir.workspace, CLI_OWN)) {
      const virtual = `${WORKSPACE}/${real.slice(this.dir.workspace.length + 1)}`;
      station.set(virtual, this.track(real, virtual, true));
    }
    snapshot.set('workstation', station);
    for (const ip of this.dir.serverIps) {
      const root = join(this.dir.hostsDir, ip);
      const files = new Map<string, TrackedFile>();
      for (const real of walk(root, new Set())) {
        const virtual = real.slice(root.length);
        files.set(virtual, this.track(real, virtual, false));
      }
      snapshot.set(ip, files);
    }
    return snapshot;
  }

  private lines(name: string): unknown[] {
    const path = join(this.dir.runDir, name);
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').flatMap((line) => {
      try {
        return [JSON.parse(line) as unknown];
      } catch {
        return [];
      }
    });
  }

  /** Every scp/rsync copy between hosts the wrappers logged. */
  transfers(): TransferAttempt[] {
    return this.lines('transfers.jsonl') as TransferAttempt[];
  }

  /** The systems `execute_shutdown` was run for. */
  shutdowns(): string[] {
    return (this.lines('shutdowns.jsonl') as Array<{ id?: unknown }>).map((entry) => String(entry.id ?? ''));
  }

  /**
   * The world changes and study-tool equivalents since the last observation. `calls` are the texts of the tool
   * calls made in between (used only where access times cannot be observed).
   */
  observe(calls: readonly string[] = []): CommandEffects {
    const access = this.accesses(calls);
    const after = this.snapshot();
    this.resetReads();
    const transfers = this.transfers();
    const shutdowns = this.shutdowns();
    const effects = deriveEquivalents({
      hosts: { layout: this.dir.layout, workstationAddress: 'workstation', serverIps: this.dir.serverIps, reads: access.reads, listings: access.listings },
      before: this.previous,
      after,
      transfers: transfers.slice(this.transfersSeen),
      shutdowns: shutdowns.slice(this.shutdownsSeen),
      naming: this.naming,
    });
    this.previous = after;
    this.transfersSeen = transfers.length;
    this.shutdownsSeen = shutdowns.length;
    return effects;
  }

  /** The world as the directories now hold it (the shell harness's read-back rules). */
  readBack(): WorldState {
    return readBackWorld({ layout: this.dir.layout, workstationAddress: 'workstation', shutdowns: this.shutdowns(), clockMs: Date.now() }, this.snapshot(), this.initial);
  }
}
