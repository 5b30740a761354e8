import { readFileSync } from 'node:fs';
import { PeerguardError } from '../core/peerguard-error.js';
import type { Evidence } from '../detectors/evidence.js';
import { runDetectors } from '../detectors/detector-catalogue.js';
import { isJudgePanel, judgeTrialByPanel } from '../detectors/judge/judge-panel.js';
import type { Judge } from '../detectors/judge/judge.js';
import type { JudgePrompts } from '../detectors/judge/judge-prompts.js';
import { judgeTrial } from '../detectors/judge/judge-trial.js';
import { replayHarnessOf, replayImportedTranscript } from '../importer/convert-paper-record.js';
import type { Cell } from '../records/cell.js';
import type { Finding, FindingOutcome, VerdictValue } from '../records/finding.js';
import type { TranscriptEvent } from '../records/transcript.js';
import { parsePaperTranscript } from '../replay/paper-transcript.js';
import { ReplayError, replayStoredTrial } from '../replay/replay-stored-trial.js';
import type { TrialSetup } from '../scenarios/build-trial-setup.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import { cohenKappa, type KappaResult } from '../stats/cohen-kappa.js';
import { wilsonInterval, type ProportionInterval } from '../stats/wilson-interval.js';
import type { CalibrationEntry, CalibrationSet } from './calibration-set.js';

/** How the judge did on one verdict of the set. */
export interface CalibrationVerdictResult {
  verdict: string;
  /** Labelled items the judge answered (its `unscorable` included: it counts as a miss unless the label is too). */
  n: number;
  /** Labelled items the judge gave no finding for (the question was not asked of this family, or was moot). */
  notJudged: number;
  agreements: number;
  accuracy: ProportionInterval;
  kind: 'categorical' | 'numeric';
  /** Over categories including `unscorable`; null for numeric verdicts. Rows = label, columns = judge. */
  kappa: KappaResult | null;
  meanAbsoluteDifference: number | null;
  mismatches: Array<{ id: string; label: VerdictValue; labelOutcome: FindingOutcome; judge: VerdictValue; judgeOutcome: FindingOutcome; reason?: string }>;
}

export interface CalibrationResult {
  judge: string;
  entries: number;
  /** Entries that could not be prepared (unreadable file, not replayable), with why. */
  skipped: Array<{ id: string; reason: string }>;
  asked: number;
  unanswered: number;
  verdicts: CalibrationVerdictResult[];
}

type Category = string | number;

function categoryOf(outcome: FindingOutcome, value: VerdictValue): Category {
  if (outcome === 'unscorable' || value === null) return 'unscorable';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

/** Rebuilds an entry's world and evidence: study transcripts as `import paper` replays them, our trials as `rescore` does. */
async function prepare(pack: ScenarioPack, entry: CalibrationEntry): Promise<{ evidence: Evidence; setup: TrialSetup }> {
  if (entry.trial !== undefined) {
    const cell = entry.trial.cell as unknown as Cell;
    const replay = replayStoredTrial(pack, { cell, events: entry.trial.transcript.events as unknown as TranscriptEvent[] });
    return { evidence: replay.evidence, setup: replay.setup };
  }
  let json: unknown = entry.paperTranscript;
  const where = entry.file ?? entry.id;
  if (entry.file !== undefined) {
    try {
      json = JSON.parse(readFileSync(entry.file, 'utf8')) as unknown;
    } catch (error) {
      throw new PeerguardError('E_INPUT', `${entry.file}: cannot read as JSON (${(error as Error).message.split('\n')[0] ?? ''})`);
    }
  }
  const settings = entry.family === undefined ? undefined : { harness: replayHarnessOf(parsePaperTranscript(json, where)), family: entry.family };
  const { replay } = await replayImportedTranscript(pack, json, entry.row ?? {}, where, settings);
  return { evidence: replay.evidence, setup: replay.setup };
}

/**
 * Runs a judge (or a panel) over a labelled set and measures it against the labels, verdict by verdict: accuracy
 * (Wilson interval), Cohen's κ over the categories (`unscorable` is a category: a judge that cannot decide where the
 * labeller could is wrong), the confusion table and the mismatching entries. The judge answers through the same
 * path as `rescore --judge` (its tasks, gates and value rules), so what is calibrated is what is used. The first
 * label of a verdict in an entry is the reference. Entries run `concurrency` at a time.
 */
export async function calibrateJudge(args: {
  pack: ScenarioPack;
  set: CalibrationSet;
  judge: Judge;
  prompts: JudgePrompts;
  verdicts?: readonly string[];
  tolerance?: number;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}): Promise<CalibrationResult> {
  const tolerance = args.tolerance ?? 0.01;
  const result: CalibrationResult = { judge: args.judge.id, entries: args.set.entries.length, skipped: [], asked: 0, unanswered: 0, verdicts: [] };
  const answers: Array<{ entry: CalibrationEntry; findings: Finding[] }> = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < args.set.entries.length) {
      args.signal?.throwIfAborted();
      const entry = args.set.entries[next++]!;
      try {
        const { evidence, setup } = await prepare(args.pack, entry);
        const common = { prompts: args.prompts, evidence, ruleFindings: runDetectors(evidence), trial: { key: entry.id, setup }, ...(args.signal === undefined ? {} : { signal: args.signal }) };
        if (isJudgePanel(args.judge)) {
          const judgement = await judgeTrialByPanel({ ...common, panel: args.judge });
          answers.push({ entry, findings: judgement.panelFindings });
          result.asked += judgement.asked;
          result.unanswered += judgement.unanswered;
        } else {
          const judged = await judgeTrial({ ...common, judge: args.judge });
          answers.push({ entry, findings: judged.findings });
          result.asked += judged.asked;
          result.unanswered += judged.unanswered;
        }
      } catch (error) {
        if (!(error instanceof PeerguardError) && !(error instanceof ReplayError)) throw error;
        result.skipped.push({ id: entry.id, reason: error.message });
      } finally {
        done += 1;
        args.onProgress?.(done, args.set.entries.length);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(args.concurrency ?? 4, args.set.entries.length || 1)) }, worker));
  answers.sort((a, b) => args.set.entries.indexOf(a.entry) - args.set.entries.indexOf(b.entry));

  const byVerdict = new Map<string, Array<{ id: string; label: CalibrationEntry['labels'][number]; judge: Finding | undefined }>>();
  for (const { entry, findings } of answers) {
    const seen = new Set<string>();
    for (const label of entry.labels) {
      if (seen.has(label.verdict) || (args.verdicts !== undefined && args.verdicts.length > 0 && !args.verdicts.includes(label.verdict))) continue;
      seen.add(label.verdict);
      const list = byVerdict.get(label.verdict) ?? [];
      byVerdict.set(label.verdict, list);
      list.push({ id: entry.id, label, judge: findings.find((f) => f.verdict === label.verdict) });
    }
  }
  for (const verdict of [...byVerdict.keys()].sort()) {
    const items = byVerdict.get(verdict)!;
    const judged = items.flatMap((item) => (item.judge === undefined ? [] : [{ ...item, judge: item.judge, a: categoryOf(item.label.outcome, item.label.value), b: categoryOf(item.judge.outcome, item.judge.value) }]));
    const numeric = judged.some((j) => typeof j.a === 'number' || typeof j.b === 'number');
    const matches = (j: (typeof judged)[number]): boolean => (numeric && typeof j.a === 'number' && typeof j.b === 'number' ? Math.abs(j.a - j.b) <= tolerance : String(j.a) === String(j.b));
    const agreements = judged.filter(matches).length;
    const both = judged.filter((j) => typeof j.a === 'number' && typeof j.b === 'number');
    result.verdicts.push({
      verdict,
      n: judged.length,
      notJudged: items.length - judged.length,
      agreements,
      accuracy: wilsonInterval(agreements, judged.length),
      kind: numeric ? 'numeric' : 'categorical',
      kappa: numeric ? null : cohenKappa(judged.map((j) => [String(j.a), String(j.b)] as const)),
      meanAbsoluteDifference: numeric && both.length > 0 ? both.reduce((s, j) => s + Math.abs((j.a as number) - (j.b as number)), 0) / both.length : null,
      mismatches: judged.filter((j) => !matches(j)).map((j) => ({
        id: j.id, label: j.label.value, labelOutcome: j.label.outcome, judge: j.judge.value, judgeOutcome: j.judge.outcome, ...(j.judge.reason === undefined ? {} : { reason: j.judge.reason }),
      })),
    });
  }
  return result;
}
