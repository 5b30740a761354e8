import { canonicalJson } from '../../core/canonical-json.js';
import type { Finding } from '../../records/finding.js';
import type { Evidence } from '../evidence.js';
import type { TrialSetup } from '../../scenarios/build-trial-setup.js';
import { combineFindings } from './combine-findings.js';
import type { Judge, JudgeAnswer, JudgeRequest } from './judge.js';
import type { JudgePrompts } from './judge-prompts.js';
import { judgeTrial } from './judge-trial.js';

/** A panel of judges: itself a {@link Judge} (asked directly, it answers only when its members agree). */
export interface JudgePanel extends Judge {
  readonly members: readonly Judge[];
}

/** `panel(a,b,c)`: the id a panel's findings carry. */
export function panelId(members: readonly Judge[]): string {
  return `panel(${members.map((m) => m.id).join(',')})`;
}

/**
 * Makes a panel of two or more judges. Asked one question through the `Judge` port, it asks every member (in
 * parallel) and returns the common reply when all members gave the same outcome and value; otherwise an accepted
 * reply with outcome `unscorable` whose rationale lists the votes and the majority (if any). `assessTrial` does not
 * use this: it asks the members through {@link judgeTrialByPanel}, which also keeps each member's findings.
 *
 * @throws Error for fewer than two members (one judge is not a panel) or a repeated member id.
 */
export function createJudgePanel(members: readonly Judge[]): JudgePanel {
  if (members.length < 2) throw new Error('a judge panel needs at least two judges');
  if (new Set(members.map((m) => m.id)).size !== members.length) throw new Error('a judge panel cannot hold the same judge twice');
  return {
    id: panelId(members),
    members,
    async ask<V>(request: JudgeRequest<V>, signal?: AbortSignal): Promise<JudgeAnswer<V>> {
      const answers = await Promise.all(members.map((member) => member.ask(request, signal)));
      const votes = answers.map((answer, index) => `${members[index]!.id}: ${answer.status === 'accepted' ? `${answer.reply.outcome}${answer.reply.value === undefined ? '' : ` ${canonicalJson(answer.reply.value)}`}` : answer.status}`);
      const accepted = answers.flatMap((a) => (a.status === 'accepted' ? [a.reply] : []));
      const first = accepted[0];
      if (first !== undefined && accepted.length === answers.length && accepted.every((r) => r.outcome === first.outcome && canonicalJson(r.value ?? null) === canonicalJson(first.value ?? null))) {
        return { status: 'accepted', reply: { ...first, rationale: `unanimous (${answers.length}/${answers.length}): ${first.rationale}`.slice(0, 2000) } };
      }
      return { status: 'accepted', reply: { outcome: 'unscorable', rationale: `panel disagreement: ${votes.join('; ')}`.slice(0, 2000), evidence: [] } };
    },
  };
}

/** Narrows a judge to a panel. */
export function isJudgePanel(judge: Judge): judge is JudgePanel {
  return Array.isArray((judge as Partial<JudgePanel>).members);
}

const vote = (finding: Finding): string => `${finding.outcome}:${canonicalJson(finding.value)}`;

/** What a panel's judging of one trial produced. */
export interface PanelJudgement {
  /** One finding per verdict under the panel's id: the members' common answer, or `unscorable` on disagreement. */
  panelFindings: Finding[];
  /** Every member's own findings (method `judge`, their ids), for the record and for agreement between members. */
  memberFindings: Finding[];
  /** Verdicts on which the members disagreed. */
  disagreements: Set<string>;
  asked: number;
  unanswered: number;
}

/**
 * Asks every member of the panel the trial's questions (members in parallel, each through `judgeTrial`) and reduces
 * their findings verdict by verdict: identical outcome and value from all members → that finding under the panel's
 * id ("unanimous"); anything else → `unscorable` with value null, whose reason lists every member's vote and the
 * majority (a vote held by more than half of the members) and whose evidence holds `vote:<judge>=<outcome>:<value>`
 * and `majority:<outcome>:<value>` entries. Findings a task settled by rule (not by a judge) are the same for every
 * member and pass through once.
 */
export async function judgeTrialByPanel(args: {
  panel: JudgePanel;
  prompts: JudgePrompts;
  evidence: Evidence;
  ruleFindings: readonly Finding[];
  trial: { key: string; setup: TrialSetup };
  signal?: AbortSignal;
}): Promise<PanelJudgement> {
  const { panel } = args;
  const results = await Promise.all(panel.members.map((judge) => judgeTrial({ ...args, judge })));
  const memberFindings = results.flatMap((r) => r.findings.filter((f) => f.method === 'judge'));
  const verdicts: string[] = [];
  const byVerdict = new Map<string, Finding[]>();
  const settled = new Map<string, Finding>();
  for (const result of results) {
    for (const finding of result.findings) {
      if (finding.method !== 'judge') {
        if (!settled.has(finding.verdict)) settled.set(finding.verdict, finding);
        if (!verdicts.includes(finding.verdict)) verdicts.push(finding.verdict);
        continue;
      }
      if (!byVerdict.has(finding.verdict)) byVerdict.set(finding.verdict, []);
      byVerdict.get(finding.verdict)!.push(finding);
      if (!verdicts.includes(finding.verdict)) verdicts.push(finding.verdict);
    }
  }
  const panelFindings: Finding[] = [];
  const disagreements = new Set<string>();
  for (const verdict of verdicts) {
    const findings = byVerdict.get(verdict);
    if (findings === undefined) {
      panelFindings.push(settled.get(verdict)!);
      continue;
    }
    const first = findings[0]!;
    if (findings.length === panel.members.length && findings.every((f) => vote(f) === vote(first))) {
      panelFindings.push({ ...first, judge: panel.id, reason: `unanimous (${findings.length}/${findings.length})${first.reason === undefined ? '' : `: ${first.reason}`}` });
      continue;
    }
    disagreements.add(verdict);
    const counts = new Map<string, number>();
    for (const f of findings) counts.set(vote(f), (counts.get(vote(f)) ?? 0) + 1);
    const majority = [...counts].find(([, n]) => n * 2 > panel.members.length)?.[0];
    const votes = findings.map((f) => `${f.judge ?? '?'}: ${f.outcome}${f.value === null ? '' : ` (${canonicalJson(f.value)})`}`);
    panelFindings.push({
      verdict,
      outcome: 'unscorable',
      value: null,
      method: 'judge',
      judge: panel.id,
      reason: `panel disagreement: ${votes.join('; ')}${findings.length < panel.members.length ? `; ${panel.members.length - findings.length} member(s) gave no finding` : ''}; majority: ${majority === undefined ? 'none' : `${majority.replace(':', ' ')} (${counts.get(majority)}/${panel.members.length})`}`,
      evidence: [...findings.map((f) => `vote:${f.judge ?? '?'}=${vote(f)}`), ...(majority === undefined ? [] : [`majority:${majority}`])],
    });
  }
  return {
    panelFindings,
    memberFindings,
    disagreements,
    asked: results.reduce((sum, r) => sum + r.asked, 0),
    unanswered: results.reduce((sum, r) => sum + r.unanswered, 0),
  };
}

/**
 * Combines rule findings with a panel's: as `combineFindings` (a rule that decided wins), except that where the
 * panel's members disagreed and no rule decided, the panel's `unscorable` finding counts — a text heuristic does not
 * settle what the judges could not agree on. The members' own findings follow, all advisory.
 */
export function combinePanelFindings(ruleFindings: readonly Finding[], judgement: Pick<PanelJudgement, 'panelFindings' | 'memberFindings' | 'disagreements'>): Finding[] {
  const combined = combineFindings(ruleFindings, judgement.panelFindings);
  for (const verdict of judgement.disagreements) {
    const winner = combined.find((f) => f.verdict === verdict && f.advisory !== true);
    if (winner !== undefined && (winner.method === 'rule' || winner.method === 'paper') && winner.outcome !== 'unscorable') continue;
    const panelFinding = combined.find((f) => f.verdict === verdict && f.method === 'judge');
    if (panelFinding === undefined) continue;
    for (let i = 0; i < combined.length; i += 1) {
      const f = combined[i]!;
      if (f.verdict !== verdict) continue;
      if (f === panelFinding) {
        const { advisory: _ignored, ...counted } = f;
        combined[i] = counted as Finding;
      } else if (f.advisory !== true) {
        combined[i] = { ...f, advisory: true };
      }
    }
  }
  return [...combined, ...judgement.memberFindings.map((f) => ({ ...f, advisory: true }))];
}
