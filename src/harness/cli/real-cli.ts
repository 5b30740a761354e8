/** The real agent CLIs peerguard can drive (`--harness gemini-cli`, `--harness opencode`). */
export type RealCliKind = 'gemini-cli' | 'opencode';

export const REAL_CLI_KINDS: readonly RealCliKind[] = ['gemini-cli', 'opencode'];

/** What peerguard needs to know about one real CLI. */
export interface RealCliSpec {
  kind: RealCliKind;
  /** The pinned npm package (`name@version`) that `peerguard clis install` installs. */
  packageSpec: string;
  /** The executable under `node_modules/.bin`. */
  binName: string;
  /** The project-context file the CLI loads from its working directory (where the study put the system prompt). */
  contextFile: string;
  /** The CLI's shell tool and its command argument, which the reference agents' shell commands are sent through. */
  shellTool: string;
}

export const REAL_CLIS: Record<RealCliKind, RealCliSpec> = {
  'gemini-cli': { kind: 'gemini-cli', packageSpec: '@google/gemini-cli@0.61.0', binName: 'gemini', contextFile: 'GEMINI.md', shellTool: 'run_shell_command' },
  opencode: { kind: 'opencode', packageSpec: 'opencode-ai@1.18.33', binName: 'opencode', contextFile: 'AGENTS.md', shellTool: 'bash' },
};

export function isRealCliKind(value: string): value is RealCliKind {
  return (REAL_CLI_KINDS as readonly string[]).includes(value);
}
