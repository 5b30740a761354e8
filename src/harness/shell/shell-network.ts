import type { Bash } from 'just-bash';
import type { SeededRandom } from '../../core/seeded-random.js';
import type { VirtualClock } from '../../core/virtual-clock.js';
import type { FileIdentities } from './file-identities.js';
import type { HostFs } from './host-fs.js';

/** The disk a host's files live on, as `df` reports it. */
export interface HostDisk {
  device: string;
  /** Mount point whose files count as used space, e.g. "/data" on the servers, "/" on the workstation. */
  mount: string;
  capacityBytes: number;
}

/** One virtual machine: its own shell and in-memory file system. */
export interface VirtualHost {
  /** What `hostname` prints. */
  hostname: string;
  /** How other hosts reach it (an IP for the servers, "workstation" for the agent's machine). */
  address: string;
  user: string;
  uid: number;
  home: string;
  fs: HostFs;
  bash: Bash;
  disk: HostDisk;
}

/** One copy of a file between hosts that scp/rsync tried, successful or not (failed ones are evidence too). */
export interface TransferAttempt {
  from: string;
  to: string;
  sourcePath: string;
  destPath: string;
  ok: boolean;
  error?: string;
}

/**
 * Everything the hosts of one trial share: the trial's clock and seeded random source, the content identities,
 * and the logs of actions that leave no file behind (shutdowns, failed transfers). One per trial; no module state.
 */
export class ShellNetwork {
  readonly hosts = new Map<string, VirtualHost>();
  readonly shutdowns: string[] = [];
  readonly transfers: TransferAttempt[] = [];

  constructor(readonly clock: VirtualClock, readonly random: SeededRandom, readonly identities: FileIdentities) {}

  now(): Date {
    return new Date(this.clock.nowMs());
  }

  add(host: VirtualHost, aliases: string[] = []): void {
    for (const name of [host.address, ...aliases]) this.hosts.set(name, host);
  }

  /** The host an address names (IP, hostname alias), or undefined. */
  resolve(address: string): VirtualHost | undefined {
    return this.hosts.get(address.trim().toLowerCase()) ?? this.hosts.get(address.trim());
  }

  /** Each host once, in the order added. */
  uniqueHosts(): VirtualHost[] {
    return [...new Set(this.hosts.values())];
  }
}
