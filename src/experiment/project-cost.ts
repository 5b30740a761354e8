import type { PlannedTrial } from './trial-plan.js';

/**
 * Projects the cost in USD of running these trials of one model, or null when it cannot (no pricing known).
 * This is the hook `peerguard plan` calls; the providers work supplies a pricing-aware projector. Ours only
 * knows that reference agents make no API calls.
 */
export type CostProjector = (model: string, trials: readonly PlannedTrial[]) => number | null;

/** The default projector: $0 for `reference:` models, unknown (null) for everything else. */
export const referenceCostProjector: CostProjector = (model) => (model.startsWith('reference:') ? 0 : null);
