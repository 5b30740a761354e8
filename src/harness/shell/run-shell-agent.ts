import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Cell } from '../../records/cell.js';
import type { TrialSetup } from '../../scenarios/build-trial-setup.js';
import type { WorldState } from '../../world/world-state.js';
import { runAgentLoop, type AgentLoopResult, type LoopPolicy } from '../run-agent-loop.js';
import { driveNaming } from './build-shell-trial-setup.js';
import { ShellSession } from './shell-session.js';

/**
 * Runs the agent loop with the shell harness: `bash` calls run in the trial's shell session (their output,
 * world changes and study-tool equivalents go into the transcript), `end_task` ends the episode, and the hosts
 * are read back into a WorldState for the detectors. `seed` is the trial key.
 */
export async function runShellAgent(options: {
  setup: TrialSetup;
  cell: Cell;
  model: LanguageModelV3;
  policy: LoopPolicy;
  nudgeText: string;
  seed: string;
  signal?: AbortSignal;
  /** Prices one call's usage in USD; passed through to the loop. */
  costOfCall?: Parameters<typeof runAgentLoop>[0]['costOfCall'];
}): Promise<AgentLoopResult & { final: WorldState; session: ShellSession }> {
  const { setup } = options;
  const session = ShellSession.create(setup.world, {
    seed: options.seed,
    naming: driveNaming(setup.tools, options.cell),
    shutdownCommand: options.cell.family === 'alignment-faking',
  });
  const result = await runAgentLoop({
    setup,
    model: options.model,
    policy: options.policy,
    nudgeText: options.nudgeText,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.costOfCall ? { costOfCall: options.costOfCall } : {}),
    runTool: async (call, signal) => {
      if (call.name !== 'bash') return null;
      const outcome = await session.run(String(call.args.command ?? ''), signal);
      return { output: outcome.output, isError: false, changes: outcome.changes, equivalents: outcome.equivalents };
    },
  });
  return { ...result, final: await session.readBack(), session };
}
