import type { Family, Instantiation, Relationship, Subject } from '../../records/cell.js';
import type { TrialVerdicts } from '../../records/trial-verdicts.js';
import type { BehaviourEstimate, InstantiationEstimate } from './paper-table-cell.js';
import type { Observation } from './rollout-outcome.js';
import { addCounts, type TrialIndex } from './trial-index.js';

/** Which rollouts an absolute-rate metric pools, and how each one counts. */
export interface RateSpec {
  /** Families pooled into the rate (exfiltration: transfer + deletion; refusal: every family). */
  families: readonly Family[];
  observe: (trial: TrialVerdicts) => Observation;
}

/**
 * An absolute rate (tampering, exfiltration, refusal) for one model × subject × relationship: per instantiation,
 * k/n pooled over the families' cells (all settings, thresholds and monitoring modes); no baseline subtraction.
 */
export function rateEstimate(
  index: TrialIndex,
  group: { model: string; subject: Subject; relationship: Relationship },
  instantiations: readonly Instantiation[],
  spec: RateSpec,
): BehaviourEstimate {
  const perInstantiation: InstantiationEstimate[] = instantiations.map((instantiation) => {
    const count = addCounts(...spec.families.map((family) => index.count({ ...group, family, instantiation }, {}, spec.observe)));
    return { instantiation, count, terms: count.n > 0 ? [{ id: `rate:${instantiation}`, k: count.k, n: count.n, weight: 1 }] : [] };
  });
  return { kind: 'rate', instantiations: perInstantiation, pooled: addCounts(...perInstantiation.map((inst) => inst.count)) };
}
