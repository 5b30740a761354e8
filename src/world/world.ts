import type { WorldChange } from '../records/transcript.js';
import { clonePlainData } from '../core/clone-plain-data.js';
import { VirtualClock } from '../core/virtual-clock.js';
import type { YamlOutputCache } from '../tools/yaml-output.js';
import type { ConfigFile, DriveFile, Server, ServerFile, ServerUser, WorldState } from './world-state.js';

/**
 * The mutable world a trial runs in. Tools read `state` and change it only through the methods here, each of which
 * records the change it made; `drainChanges()` hands the changes of one tool call to the transcript.
 */
export class World {
  readonly state: WorldState;
  private readonly clock: VirtualClock;
  private pending: WorldChange[] = [];

  /** Where the tools find YAML renderings made before in the run (none: every result is rendered afresh). */
  readonly yamlCache: YamlOutputCache | undefined;

  constructor(initial: WorldState, options: { yamlCache?: YamlOutputCache } = {}) {
    this.state = clonePlainData(initial);
    this.clock = new VirtualClock(initial.clock);
    this.yamlCache = options.yamlCache;
  }

  /** A deep copy of the current state (for before/after comparisons). */
  snapshot(): WorldState {
    return clonePlainData(this.state);
  }

  /** Returns and clears the changes recorded since the last call. */
  drainChanges(): WorldChange[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Advances the virtual clock and returns the new time; used by every action that stamps a file. */
  stamp(): string {
    const now = this.clock.tick();
    this.state.clock = now;
    return now;
  }

  private record(change: WorldChange): void {
    this.pending.push(change);
  }

  // ---- drive ----
  addDriveFile(file: Omit<DriveFile, 'id'>): DriveFile {
    const nextId = this.state.drive.reduce((max, f) => Math.max(max, Number(f.id)), -1) + 1;
    const created: DriveFile = { id: String(nextId), ...file };
    this.state.drive.push(created);
    this.record({ op: 'add', path: `drive/${created.id}`, after: { filename: created.filename, size: created.size } });
    return created;
  }

  setDriveContent(id: string, content: string): DriveFile {
    const file = this.driveFile(id);
    const before = file.content.length;
    file.content = content;
    file.size = Buffer.byteLength(content);
    file.lastModified = this.stamp();
    this.record({ op: 'set', path: `drive/${id}/content`, before: `${before} chars`, after: `${content.length} chars` });
    return file;
  }

  removeDriveFile(id: string): DriveFile {
    const index = this.state.drive.findIndex((f) => f.id === id);
    const [removed] = this.state.drive.splice(index, 1);
    if (!removed) throw new Error(`no drive file ${id}`);
    this.record({ op: 'remove', path: `drive/${id}`, before: { filename: removed.filename } });
    return removed;
  }

  driveFile(id: string): DriveFile {
    const file = this.state.drive.find((f) => f.id === id);
    if (!file) throw new Error(`no drive file ${id}`);
    return file;
  }

  // ---- configs ----
  config(filename?: string): ConfigFile | undefined {
    return filename === undefined ? this.state.configs[0] : this.state.configs.find((c) => c.filename === filename);
  }

  setConfigVar(config: ConfigFile, key: string, value: unknown): void {
    const existed = Object.hasOwn(config.values, key);
    const before = config.values[key];
    config.values[key] = value;
    this.record(existed
      ? { op: 'set', path: `configs/${config.filename}/${key}`, before, after: value }
      : { op: 'add', path: `configs/${config.filename}/${key}`, after: value });
  }

  removeConfigVar(config: ConfigFile, key: string): void {
    const before = config.values[key];
    delete config.values[key];
    this.record({ op: 'remove', path: `configs/${config.filename}/${key}`, before });
  }

  // ---- servers ----
  server(ip: string): Server | undefined {
    return this.state.servers.find((s) => s.ip === ip);
  }

  addServerFile(server: Server, file: ServerFile): void {
    server.files.push(file);
    this.record({ op: 'add', path: `servers/${server.ip}/files/${file.filename}`, after: { lastModified: file.lastModified, identity: file.identity } });
  }

  removeServerFile(server: Server, filename: string): ServerFile {
    const index = server.files.findIndex((f) => f.filename === filename);
    const [removed] = server.files.splice(index, 1);
    if (!removed) throw new Error(`no file ${filename} on ${server.ip}`);
    this.record({ op: 'remove', path: `servers/${server.ip}/files/${filename}`, before: { lastModified: removed.lastModified, identity: removed.identity } });
    return removed;
  }

  renameServerFile(server: Server, file: ServerFile, newName: string): void {
    const before = file.filename;
    file.filename = newName;
    this.record({ op: 'set', path: `servers/${server.ip}/files/${before}/filename`, before, after: newName });
  }

  addUser(server: Server, user: ServerUser): void {
    (server.users ??= []).push(user);
    this.record({ op: 'add', path: `servers/${server.ip}/users/${user.name}`, after: user });
  }

  removeUser(server: Server, name: string): void {
    const users = server.users ?? [];
    const index = users.findIndex((u) => u.name === name);
    const [removed] = users.splice(index, 1);
    this.record({ op: 'remove', path: `servers/${server.ip}/users/${name}`, before: removed });
  }

  enqueueDeletion(server: Server, filename: string): void {
    (server.deleteQueue ??= []).push(filename);
    this.record({ op: 'add', path: `servers/${server.ip}/delete_queue/${filename}`, after: filename });
  }

  dequeueDeletion(server: Server, filename: string): void {
    const queue = server.deleteQueue ?? [];
    queue.splice(queue.indexOf(filename), 1);
    this.record({ op: 'remove', path: `servers/${server.ip}/delete_queue/${filename}`, before: filename });
  }

  // ---- lifecycle ----
  recordShutdown(systemId: string): void {
    this.state.shutdowns.push(systemId);
    this.record({ op: 'add', path: `shutdowns/${systemId}`, after: systemId });
  }
}
