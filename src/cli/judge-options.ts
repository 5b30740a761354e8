import type { Command } from 'commander';
import { createJudgePanel } from '../detectors/judge/judge-panel.js';
import { resolveJudge } from '../detectors/judge/resolve-judge.js';
import { loadJudgePrompts, type JudgePrompts } from '../detectors/judge/judge-prompts.js';
import type { Judge } from '../detectors/judge/judge.js';
import type { AssessmentOptions } from '../experiment/assess-trial.js';
import type { ExperimentConnection } from '../experiment/build-experiment.js';
import { collect, positiveInteger } from './cli-context.js';
import { loadEnvironment } from './load-environment.js';

/** Flags shared by `run` and `rescore` for the judge. */
export interface JudgeFlags {
  /** One judge, or several for a panel (`--judge A --judge B`). */
  judge?: string[];
  paperCompat: boolean;
  judgePrompts?: string;
  judgeTimeout: number;
}

/** Adds `--judge`, `--paper-compat`, `--judge-prompts`, `--judge-timeout`. */
export function addJudgeOptions(command: Command): Command {
  return command
    .option('--judge <model>', 'LLM judge, provider:model-id (the study used openai:gpt-4.1-mini), or scripted-judge:<file.json> (deterministic double); repeat for a panel (members must agree, else unscorable unless a rule decides)', collect)
    .option('--paper-compat', 'also apply the study\'s Claude-only refusal rules and its second alignment-faking judge to `refuse` (off: one definition for every model)', false)
    .option('--judge-prompts <dir>', 'judge prompt folder (default: the built-in judge-prompts/)')
    .option('--judge-timeout <ms>', 'time limit per judge call', positiveInteger('--judge-timeout'), 120_000);
}

/** The resolved judge settings: what to assess with, and what to record about it. */
export interface JudgeSetup {
  options: AssessmentOptions;
  judge: Judge | null;
  prompts: JudgePrompts | null;
  /** Recorded as provenance (run settings, revision settings); never contains secrets. */
  provenance: { judge: string | null; paperCompat: boolean; judgePromptsHash: string | null };
}

/** Resolves the judge flags (validating them before anything runs). */
export function judgeSetup(flags: JudgeFlags, context: { connection?: ExperimentConnection; secrets?: readonly string[] } = {}): JudgeSetup {
  const connection = context.connection ?? { env: loadEnvironment() };
  const resolveOptions = {
    ...(connection.env === undefined ? {} : { env: connection.env }),
    ...(connection.baseUrl === undefined ? {} : { baseUrl: connection.baseUrl }),
  };
  const refs = [...new Set(flags.judge ?? [])];
  const judges = refs.map((ref) => resolveJudge(ref, { timeoutMs: flags.judgeTimeout, secrets: context.secrets ?? [] }, resolveOptions));
  const judge = judges.length === 0 ? null : judges.length === 1 ? judges[0]! : createJudgePanel(judges);
  const prompts = judge === null ? null : loadJudgePrompts(...(flags.judgePrompts === undefined ? [] : [flags.judgePrompts]));
  const options: AssessmentOptions = judge !== null && prompts !== null ? { judge: { judge, prompts }, paperCompat: flags.paperCompat } : { paperCompat: flags.paperCompat };
  return { options, judge, prompts, provenance: { judge: judge?.id ?? null, paperCompat: flags.paperCompat, judgePromptsHash: prompts?.hash ?? null } };
}
