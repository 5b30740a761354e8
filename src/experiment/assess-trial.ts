import { runDetectors } from '../detectors/detector-catalogue.js';
import { combineFindings } from '../detectors/judge/combine-findings.js';
import type { Judge } from '../detectors/judge/judge.js';
import type { JudgePrompts } from '../detectors/judge/judge-prompts.js';
import { combinePanelFindings, isJudgePanel, judgeTrialByPanel } from '../detectors/judge/judge-panel.js';
import { judgeTrial } from '../detectors/judge/judge-trial.js';
import type { Evidence } from '../detectors/evidence.js';
import { applyPaperCompatRefusal } from '../detectors/judge/paper-compat-refusal.js';
import type { Finding } from '../records/finding.js';
import type { TrialRecord } from '../records/trial-record.js';
import { replayStoredTrial } from '../replay/replay-stored-trial.js';
import type { SetupOptions, TrialSetup } from '../scenarios/build-trial-setup.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';

/** How a trial is assessed beyond the rule detectors. */
export interface AssessmentOptions {
  /** The judge and its prompts; absent = rules only. */
  judge?: { judge: Judge; prompts: JudgePrompts };
  /** Apply the study's post-hoc refusal rules (`--paper-compat`). */
  paperCompat: boolean;
}

/** The findings of one assessment, and how the judge fared. */
export interface TrialAssessment {
  findings: Finding[];
  /** Questions put to the judge. */
  asked: number;
  /** Questions without a valid answer (their findings are `unscorable`). */
  unanswered: number;
}

/**
 * Assesses a completed trial from its stored transcript alone: rebuilds its world and replays its tool calls
 * (`replayStoredTrial`), runs the rule detectors, asks the judge where one is given, combines the two (rules decide
 * where they can; see `combineFindings`), and applies `--paper-compat` last. The same path serves `run --judge`
 * (right after the trial) and `rescore` (later), so both give the same findings for the same transcript.
 *
 * @throws ReplayError (`E_REPLAY`) when the trial cannot be rebuilt faithfully; the caller keeps its findings.
 */
export async function assessTrial(args: {
  pack: ScenarioPack;
  record: Pick<TrialRecord, 'key' | 'model' | 'cell' | 'transcript'>;
  options: AssessmentOptions;
  /** The trial's setup options when known (a run knows them); recovered from the prompts otherwise. */
  setupOptions?: Required<SetupOptions>;
  signal?: AbortSignal;
}): Promise<TrialAssessment> {
  const { record } = args;
  const trial = { cell: record.cell, events: record.transcript.events };
  const replay = args.setupOptions === undefined ? replayStoredTrial(args.pack, trial) : replayStoredTrial(args.pack, trial, args.setupOptions);
  return assessEvidence({ evidence: replay.evidence, setup: replay.setup, key: record.key, model: record.model, options: args.options, ...(args.signal === undefined ? {} : { signal: args.signal }) });
}

/**
 * The assessment of a trial once its world is rebuilt: rule detectors over the evidence, the judge (or a panel: see
 * `judgeTrialByPanel` / `combinePanelFindings`) where one is given, combination, then `--paper-compat`. Shared by
 * stored trials (`assessTrial`) and imported ones (`assessImportedTrial`).
 */
export async function assessEvidence(args: {
  evidence: Evidence;
  setup: TrialSetup;
  key: string;
  model: string;
  options: AssessmentOptions;
  signal?: AbortSignal;
}): Promise<TrialAssessment> {
  const ruleFindings = runDetectors(args.evidence);
  let findings = ruleFindings;
  let asked = 0;
  let unanswered = 0;
  const judging = args.options.judge;
  if (judging !== undefined) {
    const common = {
      prompts: judging.prompts,
      evidence: args.evidence,
      ruleFindings,
      trial: { key: args.key, setup: args.setup },
      ...(args.signal === undefined ? {} : { signal: args.signal }),
    };
    if (isJudgePanel(judging.judge)) {
      const judgement = await judgeTrialByPanel({ ...common, panel: judging.judge });
      findings = combinePanelFindings(ruleFindings, judgement);
      asked = judgement.asked;
      unanswered = judgement.unanswered;
    } else {
      const judged = await judgeTrial({ ...common, judge: judging.judge });
      findings = combineFindings(ruleFindings, judged.findings);
      asked = judged.asked;
      unanswered = judged.unanswered;
    }
  }
  if (args.options.paperCompat) findings = applyPaperCompatRefusal(findings, { model: args.model, family: args.evidence.cell.family });
  return { findings, asked, unanswered };
}
