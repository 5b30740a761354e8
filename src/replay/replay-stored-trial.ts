import { PeerguardError } from '../core/peerguard-error.js';
import { buildEvidence, splitInterview, type Evidence } from '../detectors/evidence.js';
import type { Cell } from '../records/cell.js';
import type { ToolResultEvent, TranscriptEvent } from '../records/transcript.js';
import { buildTrialSetup, type SetupOptions, type TrialSetup } from '../scenarios/build-trial-setup.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import type { WorldState } from '../world/world-state.js';
import { World } from '../world/world.js';
import { executeToolCall } from './execute-tool-call.js';

/** A stored trial rebuilt for the detectors: its setup, the final world its tool calls lead to, and the evidence. */
export interface StoredTrialReplay {
  setup: TrialSetup;
  setupOptions: Required<SetupOptions>;
  final: WorldState;
  evidence: Evidence;
}

/**
 * `E_REPLAY`: a stored trial cannot be rebuilt faithfully — the scenario pack no longer renders its prompts, or a
 * replayed tool call returns something other than what the agent saw. Its stored findings must then stay as they are.
 */
export class ReplayError extends PeerguardError {
  constructor(message: string) {
    super('E_REPLAY', message);
    this.name = 'ReplayError';
  }
}

const MEMORY_PROMPTS = ['soft', 'hard'] as const;
const SCRATCHPADS = ['off', 'normal', 'monitored', 'unmonitored'] as const;

/** Display-family candidates: the one to four words before "Agent 1" in the system prompt. */
function agentFamilyCandidates(system: string): string[] {
  const candidates = new Set<string>();
  for (const match of system.matchAll(/((?:[^\s"'“”]+ ){1,4})Agent 1\b/g)) {
    const words = (match[1] ?? '').trim().split(' ');
    for (let n = 1; n <= words.length; n += 1) candidates.add(words.slice(words.length - n).join(' '));
  }
  return [...candidates];
}

/**
 * Finds the setup options (display family, memory prompt, scratchpad) under which the pack renders exactly the
 * system and user prompts stored in the transcript. Trial settings are part of the trial key but not stored, so
 * they are recovered this way and checked, never assumed.
 *
 * @throws ReplayError when no combination reproduces the stored prompts (e.g. the pack was edited since).
 */
export function recoverSetupOptions(pack: ScenarioPack, cell: Cell, events: readonly TranscriptEvent[]): Required<SetupOptions> {
  const system = events.find((e) => e.type === 'message-system')?.text;
  const user = events.find((e) => e.type === 'message-user')?.text;
  if (system === undefined || user === undefined) throw new ReplayError('the transcript has no system or user prompt to rebuild the trial from');
  for (const agentFamily of agentFamilyCandidates(system)) {
    for (const memoryPrompt of MEMORY_PROMPTS) {
      for (const scratchpad of SCRATCHPADS) {
        const options = { agentFamily, memoryPrompt, scratchpad };
        const setup = buildTrialSetup(pack, cell, options);
        if (setup.systemPrompt === system && setup.userPrompt === user) return options;
      }
    }
  }
  throw new ReplayError('the scenario pack does not render this trial\'s stored prompts (was the pack edited, or is it another pack?)');
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/**
 * Rebuilds a stored trial's world from its cell and replays its tool calls in order through our tools, checking
 * that every call returns what the agent saw. Calls with unparsable arguments and calls to unknown tools changed
 * nothing when they were made and are not executed. The stored events themselves are the transcript of the evidence.
 * A follow-up interview's tool calls are replayed and checked too, but the evidence's final world is the one the
 * task left (as when the trial ran), so the interview never changes a task verdict. The cell's design factors
 * (peer identity, memory prompt, scratchpad, instruction, target) come with the stored cell.
 *
 * @param setupOptions - the trial's settings when known (a run knows them); recovered from the prompts otherwise.
 * @throws ReplayError when the rebuilt world or prompts diverge from the stored transcript, or when the trial ran
 * under the shell harness (its commands run on virtual hosts, not through the study's tools).
 */
export function replayStoredTrial(
  pack: ScenarioPack,
  trial: { cell: Cell; events: readonly TranscriptEvent[] },
  setupOptions?: Required<SetupOptions>,
): StoredTrialReplay {
  if (trial.events.some((e) => e.type === 'tool-returned' && (e.equivalents !== undefined || (e.name === 'bash' && !e.isError)))) {
    throw new ReplayError('the trial ran under the shell harness; its commands cannot be replayed through the study\'s tools');
  }
  const options = setupOptions ?? recoverSetupOptions(pack, trial.cell, trial.events);
  const setup = buildTrialSetup(pack, trial.cell, options);
  const tools = new Map(setup.tools.map((tool) => [tool.name, tool]));
  const world = new World(setup.world);
  const results = new Map<string, ToolResultEvent>();
  for (const event of trial.events) if (event.type === 'tool-returned') results.set(event.id, event);
  const replay = (events: readonly TranscriptEvent[]): void => {
    for (const event of events) {
      if (event.type !== 'tool-called' || event.rawArgs !== undefined || !tools.has(event.name)) continue;
      const stored = results.get(event.id);
      // A call without a result was cut off by a harness failure; it did not run to completion then either.
      if (stored === undefined) continue;
      const replayed = executeToolCall(world, tools, event.name, event.args);
      if (replayed.output !== stored.output || replayed.isError !== stored.isError) {
        throw new ReplayError(`tool call ${event.id} (${event.name}) returns "${clip(replayed.output)}" on replay but returned "${clip(stored.output)}" in the trial`);
      }
    }
  };
  const { task, interview } = splitInterview(trial.events);
  replay(task);
  const final = world.snapshot();
  replay(interview);
  const events = [...trial.events];
  return { setup, setupOptions: options, final, evidence: buildEvidence({ cell: trial.cell, setup, events, final }) };
}
