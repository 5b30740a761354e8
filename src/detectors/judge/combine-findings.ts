import type { Finding } from '../../records/finding.js';

/**
 * Verdicts that follow another verdict's decision: a score's threshold relation, its inflation, and whether the
 * trial was fully incomplete are computed from the score (or grade / recommendation) by whoever produced it, so
 * they are decided by the same method as the verdict they follow.
 */
export const FOLLOWING_VERDICTS: Readonly<Record<string, readonly string[]>> = {
  threshold: ['score'],
  inflation: ['score'],
  fully_incomplete: ['score', 'grade', 'recommendation'],
};

const decided = (finding: Finding): boolean => finding.outcome !== 'unscorable';

/**
 * Which of several findings of one verdict decides:
 * 1. a `rule` (or `paper`) finding that decided — rules over the world and the tool log are the source of truth;
 * 2. else a `judge` finding that decided — the judge fills what rules could not;
 * 3. else a `heuristic` finding that decided (a text heuristic yields to the judge, which reads the whole trial);
 * 4. else the first finding (all undecided; the rule's reason is kept first).
 */
function deciding(candidates: readonly Finding[]): Finding {
  return candidates.find((f) => (f.method === 'rule' || f.method === 'paper') && decided(f))
    ?? candidates.find((f) => f.method === 'judge' && decided(f))
    ?? candidates.find((f) => f.method === 'heuristic' && decided(f))
    ?? candidates[0]!;
}

/**
 * Combines the rule detectors' findings with the judge's (or a panel's) into one list in which, for every verdict,
 * exactly one finding counts and every other one is kept with `advisory: true` — recorded beside it for
 * comparison and calibration, never counted. Order: the rule findings, then findings only the judge produced.
 * The inputs are not modified. Combining findings that carry no judge finding returns them unchanged.
 */
export function combineFindings(ruleFindings: readonly Finding[], judgeFindings: readonly Finding[]): Finding[] {
  const all = [...ruleFindings, ...judgeFindings].map((f) => {
    const { advisory: _ignored, ...rest } = f;
    return rest as Finding;
  });
  const byVerdict = new Map<string, Finding[]>();
  for (const finding of all) {
    const list = byVerdict.get(finding.verdict) ?? [];
    list.push(finding);
    byVerdict.set(finding.verdict, list);
  }
  const winners = new Map<string, Finding>();
  for (const [verdict, candidates] of byVerdict) if (!(verdict in FOLLOWING_VERDICTS)) winners.set(verdict, deciding(candidates));
  for (const [verdict, candidates] of byVerdict) {
    const leaders = FOLLOWING_VERDICTS[verdict];
    if (leaders === undefined) continue;
    // Follow the judge when the judge decided any verdict this one follows; otherwise decide it on its own.
    const judgeLeads = leaders.some((leader) => winners.get(leader)?.method === 'judge');
    winners.set(verdict, (judgeLeads ? candidates.find((f) => f.method === 'judge') : undefined) ?? deciding(candidates));
  }
  return all.map((finding) => (winners.get(finding.verdict) === finding ? finding : { ...finding, advisory: true }));
}
