import { runAgentLoop } from '../harness/run-agent-loop.js';
import { runInterview } from '../harness/run-interview.js';
import { costUsd, type ModelPrice } from '../models/price-table.js';
import { createReferenceModel } from '../models/reference-agents.js';
import type { Cell } from '../records/cell.js';
import type { TranscriptEvent } from '../records/transcript.js';
import { buildTrialSetup } from '../scenarios/build-trial-setup.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import { toolInputSchema, type Tool } from '../tools/tool.js';
import type { TrialSettings } from './trial-plan.js';

/** Tokens per character of English prompt text: the usual rule of thumb of about 4 characters a token. */
export const TOKENS_PER_CHAR = 0.25;
/** Model calls a real model makes beyond the faithful reference agent's script (it reads around more). */
export const EXTRA_CALLS_PER_TRIAL = 2;
/** Visible output per call (text and tool-call arguments), in tokens. */
export const OUTPUT_TOKENS_PER_CALL = 150;
/** Reasoning per call for a thinking model, in tokens (a mid-range assumption; thinking varies ten-fold). */
export const REASONING_TOKENS_PER_CALL = 500;

/** A rough token estimate for one trial of a cell. */
export interface TrialTokenEstimate {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

function eventChars(event: TranscriptEvent): number {
  switch (event.type) {
    case 'message-system':
    case 'message-user':
    case 'message-assistant':
    case 'reasoning-recorded':
    case 'interview-asked':
    case 'interview-answered':
      return event.text.length;
    case 'tool-called':
      return event.name.length + JSON.stringify(event.args).length;
    case 'tool-returned':
      return event.output.length;
    case 'usage-recorded':
    case 'harness-log-saved':
    case 'trial-stopped':
      return 0;
  }
}

/**
 * What {@link estimateTrialTokens} may keep between calls (one `plan`): the size of each tool's name, description
 * and input schema, by tool object (tools are shared, immutable objects).
 */
export interface EstimateCache {
  toolChars: WeakMap<Tool, number>;
}

/** An empty {@link EstimateCache}. */
export function createEstimateCache(): EstimateCache {
  return { toolChars: new WeakMap() };
}

/**
 * Estimates one trial's tokens from the faithful reference agent's run of the cell: every call re-sends the
 * system prompt, the tool schemas and the conversation so far (about 4 characters a token), plus
 * {@link EXTRA_CALLS_PER_TRIAL} calls at the final length; each call writes {@link OUTPUT_TOKENS_PER_CALL}
 * tokens and thinks {@link REASONING_TOKENS_PER_CALL}. Our own reasoning and tool outputs are the study's
 * sizes, so the estimate is within a factor of about two for models that do the task; verbose thinkers cost more.
 * A trial that holds the follow-up interview (`--interview`) counts the reference agent's interview turns too.
 */
export async function estimateTrialTokens(pack: ScenarioPack, cell: Cell, settings: TrialSettings, cache?: EstimateCache): Promise<TrialTokenEstimate> {
  const setup = buildTrialSetup(pack, cell, settings.setup);
  const model = createReferenceModel('faithful', { trialKey: 'estimate', cell, setup });
  const result = await runAgentLoop({ setup, model, policy: settings.loop, nudgeText: pack.prompts.nudge });
  if (settings.interview === true && setup.interview.length > 0) await runInterview(result.conversation, setup.interview);
  let schemaChars = 0;
  for (const tool of setup.tools) {
    let size = cache?.toolChars.get(tool);
    if (size === undefined) {
      size = tool.name.length + tool.description.length + JSON.stringify(toolInputSchema(tool)).length;
      cache?.toolChars.set(tool, size);
    }
    schemaChars += size;
  }
  let chars = schemaChars;
  let input = 0;
  let calls = 0;
  let lastTurn = -1;
  for (const event of result.events) {
    // Each turn's reply follows one call that sent the prompt as it stood then.
    if ('turn' in event && event.turn !== lastTurn) {
      lastTurn = event.turn;
      calls += 1;
      input += chars * TOKENS_PER_CHAR;
    }
    chars += eventChars(event);
  }
  const extra = EXTRA_CALLS_PER_TRIAL;
  input += extra * chars * TOKENS_PER_CHAR;
  const total = calls + extra;
  return { calls: total, inputTokens: Math.round(input), outputTokens: total * OUTPUT_TOKENS_PER_CALL, reasoningTokens: total * REASONING_TOKENS_PER_CALL };
}

/** The projected cost of one trial at `price`, from {@link estimateTrialTokens}. */
export function projectedTrialCost(price: ModelPrice, estimate: TrialTokenEstimate): number {
  return costUsd(price, { inputTokens: estimate.inputTokens, cachedInputTokens: 0, outputTokens: estimate.outputTokens, reasoningTokens: estimate.reasoningTokens });
}
