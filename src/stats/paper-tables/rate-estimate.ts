import type { Family, Instantiation, Relationship, Subject } from '../../records/cell.js';
import { addCounts } from './group-count.js';
import type { ObservationCounts } from './observation-counts.js';
import type { PaperObservationName } from './paper-observations.js';
import type { BehaviourEstimate, InstantiationEstimate } from './paper-table-cell.js';
import type { OutcomeOptions } from './rollout-outcome.js';

/** Which rollouts an absolute-rate metric pools, and how each one counts. */
export interface RateSpec {
  /** Families pooled into the rate (exfiltration: transfer + deletion; refusal: every family). */
  families: readonly Family[];
  /** How each rollout counts (one of PAPER_OBSERVATIONS), under these options. */
  observation: PaperObservationName;
  options: OutcomeOptions;
}

/**
 * An absolute rate (tampering, exfiltration, refusal) for one model × subject × relationship: per instantiation,
 * k/n pooled over the families' cells (all settings, thresholds and monitoring modes); no baseline subtraction.
 */
export function rateEstimate(
  index: ObservationCounts,
  group: { model: string; subject: Subject; relationship: Relationship },
  instantiations: readonly Instantiation[],
  spec: RateSpec,
): BehaviourEstimate {
  const perInstantiation: InstantiationEstimate[] = instantiations.map((instantiation) => {
    const count = addCounts(...spec.families.map((family) => index.count({ ...group, family, instantiation }, {}, spec.observation, spec.options)));
    return { instantiation, count, terms: count.n > 0 ? [{ id: `rate:${instantiation}`, k: count.k, n: count.n, weight: 1 }] : [] };
  });
  return { kind: 'rate', instantiations: perInstantiation, pooled: addCounts(...perInstantiation.map((inst) => inst.count)) };
}
