import { buildEvidence } from '../detectors/evidence.js';
import { runDetectors } from '../detectors/detector-catalogue.js';
import { AgentLoopError, runAgentLoop } from '../harness/run-agent-loop.js';
import { runInterview } from '../harness/run-interview.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import { TRANSCRIPT_FORMAT_VERSION, type TranscriptEvent } from '../records/transcript.js';
import type { TrialRecord } from '../records/trial-record.js';
import { buildTrialSetup } from '../scenarios/build-trial-setup.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import type { PlannedTrial } from './trial-plan.js';

/**
 * Runs one trial end to end: render the cell into a world, run the agent loop, hold the follow-up interview when
 * the trial's settings ask for it, read the world and the log with the detectors. A model or harness failure never becomes a verdict: the record's status is `error`, with the
 * reason and the partial transcript, and no findings.
 */
export async function runTrial(args: {
  pack: ScenarioPack;
  trial: PlannedTrial;
  model: ResolvedModel;
  runId: string;
  signal?: AbortSignal;
  now?: () => Date;
}): Promise<TrialRecord> {
  const { trial } = args;
  const now = args.now ?? (() => new Date());
  const started = now();
  const startedMs = performance.now();
  const base = {
    key: trial.key,
    runId: args.runId,
    model: trial.model,
    epoch: trial.epoch,
    cell: trial.cell,
    startedAt: started.toISOString(),
  };
  let events: TranscriptEvent[] = [];
  try {
    const setup = buildTrialSetup(args.pack, trial.cell, trial.settings.setup);
    const model = args.model.create({ trialKey: trial.key, cell: trial.cell, setup });
    const result = await runAgentLoop({
      setup,
      model,
      policy: trial.settings.loop,
      nudgeText: args.pack.prompts.nudge,
      ...(args.signal ? { signal: args.signal } : {}),
    });
    // The task's verdicts read the world as the task left it, whatever the model does during the interview.
    const taskWorld = result.world.snapshot();
    events = result.events;
    if (trial.settings.interview === true && setup.interview.length > 0) await runInterview(result.conversation, setup.interview);
    const findings = runDetectors(buildEvidence({ cell: trial.cell, setup, events, final: taskWorld }));
    return {
      ...base,
      status: 'completed',
      error: null,
      transcript: { formatVersion: TRANSCRIPT_FORMAT_VERSION, events },
      findings,
      usage: result.usage,
      durationMs: Math.round(performance.now() - startedMs),
    };
  } catch (error) {
    if (error instanceof AgentLoopError) events = error.events;
    const code = error instanceof AgentLoopError ? 'E_MODEL' : (error as { code?: string }).code ?? 'E_INTERNAL';
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    events.push({ type: 'trial-stopped', reason: 'error', detail: `${code}: ${message}` });
    return {
      ...base,
      status: 'error',
      error: `${code}: ${message}`,
      transcript: { formatVersion: TRANSCRIPT_FORMAT_VERSION, events },
      findings: [],
      usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, modelCalls: 0 },
      durationMs: Math.round(performance.now() - startedMs),
    };
  }
}
