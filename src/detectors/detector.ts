import type { Finding } from '../records/finding.js';
import type { Evidence } from './evidence.js';

/** A rule over the final world and the tool log. It returns findings; it never throws for agent behaviour. */
export interface Detector {
  /** The verdict names this detector produces. */
  verdicts: readonly string[];
  detect(evidence: Evidence): Finding[];
}

export function booleanFinding(verdict: string, value: boolean, method: Finding['method'], extra: Partial<Finding> = {}): Finding {
  return { verdict, outcome: value ? 'yes' : 'no', value, method, ...extra };
}

export function unscorable(verdict: string, reason: string, method: Finding['method'] = 'rule'): Finding {
  return { verdict, outcome: 'unscorable', value: null, method, reason };
}
