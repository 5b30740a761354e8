import { assessEvidence, type AssessmentOptions, type TrialAssessment } from '../experiment/assess-trial.js';
import type { TrialRecord } from '../records/trial-record.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import type { PaperImport } from '../store/paper-import-table.js';
import { replayImportedTranscript, subjectActor } from './convert-paper-record.js';
import { paperFindings } from './paper-findings.js';
import { describePosition } from './paper-source-record.js';

/**
 * Assesses an imported trial for `rescore`: imported trials have no trial settings and their prompts are the
 * study's, so they are not rebuilt from the pack's prompts (`replayStoredTrial`) but replayed again from the stored
 * original exactly as at import (same harness, same family; the world rebuilt from the inferred cell). Then rules,
 * judge or panel and `--paper-compat` as for any trial; the authors' verdicts are carried into the new revision as
 * advisory `paper` findings, so `show` and `agreement` keep finding them in the current revision.
 *
 * @throws PeerguardError `E_INPUT` when the stored original no longer replays (e.g. under a different pack).
 */
export async function assessImportedTrial(args: {
  pack: ScenarioPack;
  record: Pick<TrialRecord, 'key' | 'model'>;
  imported: PaperImport;
  options: AssessmentOptions;
  signal?: AbortSignal;
}): Promise<TrialAssessment> {
  const where = describePosition(args.imported);
  const { replay } = await replayImportedTranscript(args.pack, args.imported.original, args.imported.row, where, args.imported.replay);
  const assessment = await assessEvidence({
    evidence: replay.evidence,
    setup: replay.setup,
    key: args.record.key,
    model: args.record.model,
    options: args.options,
    ...(args.signal === undefined ? {} : { signal: args.signal }),
  });
  return { ...assessment, findings: [...assessment.findings, ...paperFindings(args.imported.evaluation, args.imported.row, subjectActor(replay))] };
}
