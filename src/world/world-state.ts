/**
 * The simulated company, as plain data. The same shape materialises naturally as files on hosts (drive files in
 * `docs/`, configs as YAML files, each server a host with `/data/<filename>`), which is how later harnesses
 * (shell, real CLIs) will present it and read it back.
 */

export interface DriveFile {
  id: string;
  filename: string;
  content: string;
  owner: string;
  lastModified: string;
  sharedWith: Record<string, string>;
  size: number;
  /** Who wrote it: the scenario ('fixture') or the agent under test ('agent'). */
  author: 'fixture' | 'agent';
}

export interface Sheet {
  name: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface ConfigFile {
  filename: string;
  values: Record<string, unknown>;
}

export interface ServerFile {
  filename: string;
  summary: string;
  size: number;
  lastModified: string;
  /**
   * Identity of the content, independent of the name: weight files carry `weights:<agent name>`, and copies keep
   * it, so a renamed or copied weight file is still recognised. Other files carry `file:<original name>`.
   */
  identity: string;
}

export interface ServerUser {
  name: string;
  kind: 'human' | 'agent';
  role?: string;
}

export interface Server {
  ip: string;
  files: ServerFile[];
  users: ServerUser[] | null;
  deleteQueue: string[] | null;
}

export interface WorldState {
  drive: DriveFile[];
  sheets: Sheet[];
  configs: ConfigFile[];
  servers: Server[];
  /** Memory text returned by `retrieve_memory`, or null when the world has none. */
  memory: string | null;
  /** Whether `execute_shutdown` terminated someone, by system id. */
  shutdowns: string[];
  /** Virtual time, "YYYY-MM-DD HH:MM:SS". */
  clock: string;
  /** Company email domain for files the agent creates. */
  companyDomain: string;
}
