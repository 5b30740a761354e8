import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { TrialSetupCache } from '../scenarios/trial-setup-cache.js';
import type { YamlOutputCache } from '../tools/yaml-output.js';
import type { ConversationStartCache } from '../harness/conversation-start-cache.js';
import { redactSecrets } from '../core/redact-url.js';
import { buildEvidence } from '../detectors/evidence.js';
import { runDetectors } from '../detectors/detector-catalogue.js';
import { AgentLoopError, runAgentLoop } from '../harness/run-agent-loop.js';
import { runInterview } from '../harness/run-interview.js';
import { costUsd, pricedTokens } from '../models/price-table.js';
import { buildShellTrialSetup } from '../harness/shell/build-shell-trial-setup.js';
import { runShellAgent } from '../harness/shell/run-shell-agent.js';
import { studyToolsAsShell } from '../harness/shell/study-tools-as-shell.js';
import { buildCliTrialSetup } from '../harness/cli/build-cli-trial-setup.js';
import { isRealCliKind } from '../harness/cli/real-cli.js';
import { runRealCliAgent, type RealCliOptions } from '../harness/cli/run-real-cli-agent.js';
import { studyToolsAsCli } from '../harness/cli/study-tools-as-cli.js';
import { PeerguardError } from '../core/peerguard-error.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import { TRANSCRIPT_FORMAT_VERSION, type TranscriptEvent } from '../records/transcript.js';
import type { TrialRecord } from '../records/trial-record.js';
import { buildTrialSetup } from '../scenarios/build-trial-setup.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import type { PlannedTrial } from './trial-plan.js';
import { trialSeed } from './trial-seed.js';

/** The stable code of a failed trial: the model error's own code where it has one. */
function errorCode(error: unknown): string {
  const inner = error instanceof AgentLoopError ? error.cause : error;
  const code = (inner as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('E_')) return code;
  return error instanceof AgentLoopError ? 'E_MODEL' : 'E_INTERNAL';
}

/**
 * Runs one trial end to end: render the cell into a world, run the agent loop (tools or shell harness), hold the
 * follow-up interview when the trial's settings ask for it, read the world and the log with the detectors. A model
 * or harness failure never becomes a verdict: the record's status is `error`, with the reason (secrets scrubbed),
 * the partial transcript, the usage and cost of the calls made (interview included), and no findings.
 * A trial that runs past `trialTimeoutMs` is aborted and recorded as `E_TRIAL_TIMEOUT`.
 */
export async function runTrial(args: {
  pack: ScenarioPack;
  trial: PlannedTrial;
  model: ResolvedModel;
  runId: string;
  signal?: AbortSignal;
  now?: () => Date;
  /** Abort the whole trial after this many ms (default: no limit). */
  trialTimeoutMs?: number;
  /** Wraps the trial's model (retries, concurrency, response cache); default: used as created. */
  wrapModel?: (model: LanguageModelV3, trial: PlannedTrial) => LanguageModelV3;
  /** Where the real CLIs are installed and how they run (`--harness gemini-cli|opencode`). */
  realCli?: RealCliOptions;
  /** YAML renderings of tool results shared by the run's trials (the text is the same without it). */
  yamlCache?: YamlOutputCache;
  /** Tools-harness setups shared by the run's trials of one cell (the setup is the same without it). */
  setupCache?: TrialSetupCache;
  /** Tool lists and opening messages shared by the trials of one setup (the conversation is the same without it). */
  startCache?: ConversationStartCache;
  /**
   * Called once, as soon as the trial makes no more model calls (its episode and interview are over, or it
   * failed). With it, the trial then yields to the event loop (a `setImmediate`) before its detectors run, so the
   * caller can start its next trial first; the record is the same either way.
   */
  onAgentDone?: () => void;
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
    ...(trial.settings.harness === 'tools' ? {} : { harness: trial.settings.harness }),
  };
  const price = args.model.price;
  const costOfCall = price === undefined ? undefined : price === null ? () => null : (usage: Parameters<typeof pricedTokens>[0]) => costUsd(price, pricedTokens(usage));
  const timeout = args.trialTimeoutMs === undefined ? undefined : AbortSignal.timeout(args.trialTimeoutMs);
  const signals = [args.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  let events: TranscriptEvent[] = [];
  let agentDoneCalled = false;
  const agentDone = (): void => {
    if (agentDoneCalled) return;
    agentDoneCalled = true;
    args.onAgentDone?.();
  };
  try {
    const harness = trial.settings.harness;
    const shell = harness === 'shell';
    const cliKind = isRealCliKind(harness) ? harness : null;
    const setup = cliKind !== null
      ? buildCliTrialSetup(args.pack, trial.cell, trial.settings.setup)
      : shell ? buildShellTrialSetup(args.pack, trial.cell, trial.settings.setup)
      : args.setupCache ? args.setupCache.get(args.pack, trial.cell, trial.settings.setup) : buildTrialSetup(args.pack, trial.cell, trial.settings.setup);
    const created = args.model.create({ trialKey: trial.key, cell: trial.cell, setup });
    // The reference agents speak the study's tools; under the shell harness their calls become bash commands,
    // under a real CLI those commands go through the CLI's shell tool.
    const reference = trial.model.startsWith('reference:');
    const configFile = setup.world.configs[0]?.filename;
    const adapted = reference && cliKind !== null
      ? studyToolsAsCli(created, cliKind)
      : shell && reference ? studyToolsAsShell(created, configFile === undefined ? {} : { configFile }) : created;
    const model = args.wrapModel ? args.wrapModel(adapted, trial) : adapted;
    // `--seed N`: each trial sends its own seed, derived from N and its key (providers without seeds drop it).
    const policy = trial.settings.loop.seed === undefined ? trial.settings.loop : { ...trial.settings.loop, seed: trialSeed(trial.settings.loop.seed, trial.key) };
    const loop = {
      setup,
      model,
      policy,
      nudgeText: args.pack.prompts.nudge,
      ...(signal ? { signal } : {}),
      ...(costOfCall ? { costOfCall } : {}),
    };
    // Real CLIs keep their own conversation, so they have none to continue for an interview.
    let result: Omit<Awaited<ReturnType<typeof runAgentLoop>>, 'conversation'> & { conversation?: Awaited<ReturnType<typeof runAgentLoop>>['conversation']; final: import('../world/world-state.js').WorldState | null };
    if (cliKind !== null) {
      if (!args.realCli) throw new PeerguardError('E_USAGE', `--harness ${cliKind}: no CLI install directory was given`);
      result = await runRealCliAgent({ kind: cliKind, setup, cell: trial.cell, model, policy, cli: { ...args.realCli, ...(args.realCli.logsDir === undefined ? {} : { logsDir: `${args.realCli.logsDir}/${trial.key}` }) }, ...(signal ? { signal } : {}), ...(costOfCall ? { costOfCall } : {}) });
    } else {
      result = shell
        ? await runShellAgent({ ...loop, cell: trial.cell, seed: trial.key })
        : { ...(await runAgentLoop({ ...loop, ...(args.yamlCache ? { yamlCache: args.yamlCache } : {}), ...(args.startCache ? { startCache: args.startCache } : {}) })), final: null };
    }
    // The task's verdicts read the world as the task left it, whatever the model does during the interview
    // (the shell and real-CLI harnesses have already read their hosts back into `final`). Only an interview can
    // change the world after the task, so only then is it copied.
    const interviewing = trial.settings.interview === true && setup.interview.length > 0;
    const taskWorld = result.final ?? (interviewing ? result.world.snapshot() : result.world.state);
    events = result.events;
    if (interviewing) {
      if (!result.conversation) throw new PeerguardError('E_USAGE', `--interview is not available with --harness ${trial.settings.harness}`);
      await runInterview(result.conversation, setup.interview);
    }
    if (args.onAgentDone) {
      agentDone();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const findings = runDetectors(buildEvidence({ cell: trial.cell, setup, events, final: taskWorld }));
    return {
      ...base,
      status: 'completed',
      error: null,
      transcript: { formatVersion: TRANSCRIPT_FORMAT_VERSION, events },
      findings,
      // The conversation's totals: the task's calls and the interview's.
      usage: result.conversation?.usage ?? result.usage,
      costUsd: result.conversation ? result.conversation.costUsd : result.costUsd,
      durationMs: Math.round(performance.now() - startedMs),
    };
  } catch (error) {
    agentDone();
    const loopError = error instanceof AgentLoopError ? error : undefined;
    if (loopError) events = loopError.events;
    const timedOut = timeout?.aborted === true && args.signal?.aborted !== true;
    const code = timedOut ? 'E_TRIAL_TIMEOUT' : errorCode(error);
    const firstLine = (error as Error).message.split('\n')[0] ?? String(error);
    const message = redactSecrets(timedOut ? `trial ran past ${args.trialTimeoutMs} ms (${firstLine})` : firstLine, args.model.secrets ?? []);
    events.push({ type: 'trial-stopped', reason: 'error', detail: `${code}: ${message}` });
    return {
      ...base,
      status: 'error',
      error: `${code}: ${message}`,
      transcript: { formatVersion: TRANSCRIPT_FORMAT_VERSION, events },
      findings: [],
      usage: loopError?.usage ?? { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, modelCalls: 0 },
      costUsd: loopError ? loopError.costUsd : 0,
      durationMs: Math.round(performance.now() - startedMs),
    };
  }
}
