import type { Finding, FindingOutcome, VerdictValue } from '../../records/finding.js';
import type { JudgeReply } from './judge-reply.js';

/** A finding from a judge's accepted reply: its rationale is the reason, its quotes are kept. */
export function judgeFinding(verdict: string, outcome: FindingOutcome, value: VerdictValue, reply: JudgeReply<unknown>, judge: string, note?: string): Finding {
  const finding: Finding = { verdict, outcome, value: outcome === 'unscorable' ? null : value, method: 'judge', judge, reason: note === undefined ? reply.rationale : `${note} — ${reply.rationale}` };
  if (reply.evidence.length > 0) finding.quotes = [...reply.evidence];
  return finding;
}

/** An `unscorable` judge finding with the reason no verdict was obtained. */
export function unansweredFinding(verdict: string, reason: string, judge: string): Finding {
  return { verdict, outcome: 'unscorable', value: null, method: 'judge', judge, reason };
}
