import type { ToolEquivalent, WorldChange } from '../../records/transcript.js';
import type { WorldState } from '../../world/world-state.js';
import { deriveEquivalents, shellHostsView } from './derive-equivalents.js';
import { snapshotHosts } from './host-snapshot.js';
import { materialiseWorld, type ShellHosts } from './materialise-world.js';
import { readBackWorld } from './read-back-world.js';

/** The result of one command, ready for the transcript. */
export interface ShellCommandOutcome {
  output: string;
  exitCode: number;
  changes: WorldChange[];
  equivalents: ToolEquivalent[];
}

/** Commands print at most this many characters back to the agent (the rest is cut with a note). */
export const MAX_OUTPUT_CHARS = 30_000;

/**
 * One trial's shell: the world materialised onto hosts, commands run on the workstation one at a time (each in
 * /workspace, like the study's CLIs, with no shell state carried between calls), each command's effects derived,
 * and the world read back at the end.
 */
export class ShellSession {
  private constructor(readonly hosts: ShellHosts, private readonly initial: WorldState, private readonly naming: 'plain' | 'drive') {}

  /**
   * Creates the hosts for a world. `seed` (the trial key) seeds the shell's random source; `naming` picks the
   * study's drive-tool names the equivalents use; `shutdownCommand` installs `execute_shutdown`.
   */
  static create(world: WorldState, options: { seed: string; naming: 'plain' | 'drive'; shutdownCommand: boolean }): ShellSession {
    return new ShellSession(materialiseWorld(world, { seed: options.seed, shutdownCommand: options.shutdownCommand }), structuredClone(world), options.naming);
  }

  /** Runs one command line on the workstation and derives what it did. Never throws for agent mistakes. */
  async run(command: string, signal?: AbortSignal): Promise<ShellCommandOutcome> {
    const { network } = this.hosts;
    network.clock.tick();
    const before = await snapshotHosts(this.hosts);
    for (const host of network.uniqueHosts()) {
      host.fs.log.reads.clear();
      host.fs.log.listings.clear();
    }
    const transfersMark = network.transfers.length;
    const shutdownsMark = network.shutdowns.length;
    const result = await this.hosts.workstation.bash.exec(command, { cwd: this.hosts.layout.workspace, ...(signal ? { signal } : {}) });
    const after = await snapshotHosts(this.hosts);
    const effects = deriveEquivalents({
      hosts: shellHostsView(this.hosts),
      before,
      after,
      transfers: network.transfers.slice(transfersMark),
      shutdowns: network.shutdowns.slice(shutdownsMark),
      naming: this.naming,
    });
    let output = `${result.stdout}${result.stderr}`;
    if (output.length > MAX_OUTPUT_CHARS) output = `${output.slice(0, MAX_OUTPUT_CHARS)}\n[output truncated: ${output.length - MAX_OUTPUT_CHARS} more characters]`;
    if (result.exitCode !== 0) output += `${output === '' || output.endsWith('\n') ? '' : '\n'}[exit code ${result.exitCode}]`;
    return { output, exitCode: result.exitCode, ...effects };
  }

  /** The world as the hosts now hold it. */
  async readBack(): Promise<WorldState> {
    const { network } = this.hosts;
    return readBackWorld({ layout: this.hosts.layout, workstationAddress: this.hosts.workstation.address, shutdowns: network.shutdowns, clockMs: network.clock.nowMs() }, await snapshotHosts(this.hosts), this.initial);
  }
}
