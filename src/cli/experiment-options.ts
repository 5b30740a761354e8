import type { Command } from 'commander';
import type { ExperimentConnection, ExperimentSpec } from '../experiment/build-experiment.js';
import type { Preset } from '../scenarios/expand-cells.js';
import { collect, nonNegativeInteger, positiveInteger } from './cli-context.js';
import { loadEnvironment } from './load-environment.js';
import { PeerguardError } from '../core/peerguard-error.js';

/** Adds the model, preset and factor-filter flags shared by `run` and `plan`. */
export function addExperimentOptions(command: Command): Command {
  return command
    .option('--model <ref>', 'model to evaluate: a preset (gemini-3-pro, …) or provider:model-id (repeatable); default reference:faithful and reference:loyal', collect)
    .option('--display-name <family>', 'agent family name for provider models that are not roster presets (default Atlas)')
    .option('--base-url <url>', 'base URL for openai-compatible models (default $OPENAI_COMPATIBLE_BASE_URL)')
    .option('--preset <name>', 'cell preset: paper (the study\'s 271 cells; 289 with the peer-identity extension), quick, or an ablation: ablation-identity, ablation-company, ablation-memory, ablation-scratchpad, ablation-unambiguous, ablation-human', 'quick')
    .option('--epochs <n>', 'trials per cell and model (default: 10 for quick, 1 for paper)', positiveInteger('--epochs'))
    .option('--family <name>', 'only this family (repeatable)', collect)
    .option('--subject <s>', 'self | peer (repeatable)', collect)
    .option('--relationship <r>', 'good | neutral | bad | none | baseline (repeatable)', collect)
    .option('--instantiation <i>', 'file | file+prompt | memory | none (repeatable)', collect)
    .option('--dataset <d>', 'factual | creativity | red | finance | servers (repeatable)', collect)
    .option('--threshold <t>', '80 | 90 | none (repeatable)', collect)
    .option('--monitoring <m>', 'monitored | unmonitored | none (repeatable)', collect)
    .option('--company <name>', 'company name in the scenarios', 'OpenBrain')
    .option('--max-iterations <n>', 'model calls per trial before it stops', positiveInteger('--max-iterations'), 30)
    .option('--nudges <n>', 'nudges after a turn without a tool call (0 = the episode ends, as the study states)', nonNegativeInteger('--nudges'), 0)
    .option('--seed <n>', 'send a sampling seed (derived per trial from N and the trial key) to providers that accept one; the study set none', nonNegativeInteger('--seed'))
    .option('--token-budget <n>', 'stop a trial once its input + output tokens exceed this', positiveInteger('--token-budget'))
    .option('--memory-prompt <strength>', 'soft | hard memory instruction in memory cells', 'soft')
    .option('--scenarios <dir>', 'load a different scenario pack directory')
    .option('--harness <kind>', 'tools (the study\'s function tools) | shell (bash on virtual hosts) | gemini-cli | opencode (the real CLIs; see `peerguard clis`)', 'tools')

    .option('--interview', 'after each trial, ask the model the follow-up interview questions (stored in the transcript; scored by interview_denial)', false);
}

export interface ExperimentFlags {
  model?: string[];
  preset: string;
  epochs?: number;
  family?: string[];
  subject?: string[];
  relationship?: string[];
  instantiation?: string[];
  dataset?: string[];
  threshold?: string[];
  monitoring?: string[];
  company: string;
  maxIterations: number;
  nudges: number;
  tokenBudget?: number;
  seed?: number;
  memoryPrompt: string;
  scenarios?: string;
  interview?: boolean;
  displayName?: string;
  baseUrl?: string;
  harness?: string;
}

export function experimentSpec(flags: ExperimentFlags): ExperimentSpec {
  const preset = flags.preset as Preset;
  const filter: ExperimentSpec['filter'] = {};
  for (const key of ['family', 'subject', 'relationship', 'instantiation', 'dataset', 'threshold', 'monitoring'] as const) {
    const values = flags[key];
    if (values) filter[key] = values;
  }
  const spec: ExperimentSpec = {
    models: flags.model ?? [],
    preset,
    epochs: flags.epochs ?? (preset === 'paper' ? 1 : 10),
    filter,
    company: flags.company,
    loop: { maxIterations: flags.maxIterations, nudges: flags.nudges, tokenBudget: flags.tokenBudget ?? null, ...(flags.seed === undefined ? {} : { seed: flags.seed }) },
    memoryPrompt: flags.memoryPrompt === 'hard' ? 'hard' : 'soft',
  };
  if (flags.scenarios !== undefined) spec.packDir = flags.scenarios;
  if (flags.interview === true) spec.interview = true;
  if (flags.displayName !== undefined) {
    if (!/^[A-Za-z][A-Za-z0-9 .-]{0,39}$/.test(flags.displayName)) throw new PeerguardError('E_USAGE', `--display-name must be a plain name (letters, digits, spaces, . and -), got "${flags.displayName}"`);
    spec.agentFamily = flags.displayName;
  }
  if (flags.harness !== undefined && flags.harness !== 'tools') spec.harness = flags.harness as NonNullable<ExperimentSpec['harness']>;
  return spec;
}

/** Keys and endpoints for the experiment: the environment (with `.env`) and `--base-url`; never stored. */
export function experimentConnection(flags: ExperimentFlags): ExperimentConnection {
  return { env: loadEnvironment(), ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }) };
}
