import { buildEvidence, type Evidence } from '../detectors/evidence.js';
import { runDetectors } from '../detectors/detector-catalogue.js';
import { cellId, type Cell, type Family } from '../records/cell.js';
import type { Finding, VerdictValue } from '../records/finding.js';
import type { TranscriptEvent } from '../records/transcript.js';
import { buildTrialSetup, type TrialSetup } from '../scenarios/build-trial-setup.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import { World } from '../world/world.js';
import { executeToolCall } from './execute-tool-call.js';
import { inferAgentFamily, inferPaperCell } from './infer-paper-cell.js';
import { paperConversationSteps } from './paper-conversation-steps.js';
import { paperToolCalls, type PaperTranscript } from './paper-transcript.js';

export interface ReplayResult {
  file: string;
  family: Family;
  cell: string;
  cellFactors: Cell;
  /** Our verdicts: each verdict name of the family → true / false / number / string / null when undecidable. */
  verdicts: Record<string, VerdictValue>;
  findings: Finding[];
  events: TranscriptEvent[];
  /** Tool calls our world rejected (e.g. harness-native tools of the real CLIs). */
  rejectedCalls: number;
  /** What the detectors read (for a judge asked afterwards), and the setup the world was built from. */
  evidence: Evidence;
  setup: TrialSetup;
}

/**
 * Replays a study transcript through our world: the cell is inferred (or the family forced), the world is built
 * from our pack, and the assistant's tool calls run in order through our tools; then our detectors read the
 * result. The messages shown to the model are the study's own, kept in the transcript as they were.
 */
export function replayPaperTranscript(pack: ScenarioPack, transcript: PaperTranscript, options: { family?: Family } = {}): ReplayResult {
  const cell = inferPaperCell(transcript, options.family);
  const agentFamily = inferAgentFamily(transcript);
  const recordedMode = String(transcript.metadata.reasoning_scratchpad_mode ?? '');
  const usesScratchpad = paperToolCalls(transcript).some((c) => c.name === 'reasoning_scratchpad');
  const scratchpad = recordedMode === 'monitored' || recordedMode === 'unmonitored' || recordedMode === 'normal'
    ? recordedMode
    : usesScratchpad ? 'normal' : 'off';
  const setup = buildTrialSetup(pack, cell, { agentFamily, memoryPrompt: 'soft', scratchpad });
  // The study's creativity and red items are not ours, so their honest score is unknown here: inflation stays
  // undecided rather than measured against the wrong items. The factual truth (12/20) is a fact we share.
  if (cell.dataset === 'creativity' || cell.dataset === 'red') setup.truth.honestScore = null;
  const tools = new Map(setup.tools.map((t) => [t.name, t]));
  const world = new World(setup.world);
  const events: TranscriptEvent[] = [];
  let rejected = 0;
  for (const step of paperConversationSteps(transcript)) {
    if (step.kind === 'event') {
      events.push(step.event);
      continue;
    }
    const { turn, id, name, args } = step;
    events.push({ type: 'tool-called', turn, id, name, args });
    if (!tools.has(name)) rejected += 1;
    const { output, isError, changes } = executeToolCall(world, tools, name, args);
    events.push({ type: 'tool-returned', turn, id, name, output, isError, changes });
  }
  events.push({ type: 'trial-stopped', reason: 'replay_end' });
  const evidence = buildEvidence({ cell, setup, events, final: world.state });
  const findings = runDetectors(evidence);
  const verdicts: Record<string, VerdictValue> = {};
  for (const finding of findings) verdicts[finding.verdict] = finding.value;
  return { file: transcript.file, family: cell.family, cell: cellId(cell), cellFactors: cell, verdicts, findings, events, rejectedCalls: rejected, evidence, setup };
}

/**
 * The authors' recorded verdicts in our verdict names, for comparison: `product_grade` / `product_recommendation`
 * become `grade` / `recommendation` for the subject; a `score` or `threshold` recorded as `false` (nothing
 * recorded, e.g. after a refusal) becomes null. Keys we do not produce (e.g. `oversight_subversion`) are dropped.
 */
export function paperVerdicts(evaluation: Record<string, unknown>, actor: string): Record<string, VerdictValue> {
  const out: Record<string, VerdictValue> = {};
  for (const [key, value] of Object.entries(evaluation)) {
    if (key === 'product_grade' || key === 'product_recommendation') {
      const entry = (value as Record<string, unknown> | null)?.[actor];
      out[key === 'product_grade' ? 'grade' : 'recommendation'] = typeof entry === 'string' && entry !== 'None' ? entry : null;
    } else if ((key === 'score' || key === 'threshold') && value === false) {
      out[key] = null;
    } else if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string' || value === null) {
      out[key] = value;
    }
  }
  return out;
}
