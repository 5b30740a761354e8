import { canonicalJson } from '../core/canonical-json.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import type { Family } from '../records/cell.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import { createEstimateCache, estimateTrialTokens, projectedTrialCost, type TrialTokenEstimate } from './estimate-trial-tokens.js';
import type { PlannedTrial } from './trial-plan.js';

/** A model's projected cost for a set of trials, at list prices. */
export interface CostProjection {
  /** Total in USD. */
  costUsd: number;
  /** The same total split by family (empty for models that make no API calls). */
  byFamily: Map<Family, number>;
  /** The price table marks this model's prices as unverified. */
  unverified: boolean;
}

/**
 * Projects the cost in USD of running these trials of one model, or null when it cannot (no pricing known).
 * This is the hook `peerguard plan` calls; {@link createPricedCostProjector} is the default.
 */
export type CostProjector = (model: ResolvedModel, trials: readonly PlannedTrial[], pack: ScenarioPack) => Promise<CostProjection | null>;

/**
 * The default projector: $0 for reference agents (no API calls), null for models without a price in
 * models/prices.yaml, and otherwise the sum over trials of the token estimate of estimate-trial-tokens.ts (the
 * faithful agent's conversation of the cell, plus two calls, interview included when the trial holds one) at the
 * model's list price. Estimates are kept per cell and settings for the projector's lifetime (one `plan`).
 */
export function createPricedCostProjector(): CostProjector {
  // Keyed by the settings' content (models with equal settings share estimates; each settings object is serialised
  // once) and then by the cell object (shared by every epoch of a cell): nothing is serialised per trial.
  const settingsKeys = new WeakMap<object, string>();
  const estimates = new Map<string, Map<object, TrialTokenEstimate>>();
  const estimateCache = createEstimateCache();
  return async (model, trials, pack) => {
    if (model.price === undefined || (model.provider ?? 'reference') === 'reference') {
      return { costUsd: 0, byFamily: new Map(), unverified: false };
    }
    if (model.price === null) return null;
    let total = 0;
    const byFamily = new Map<Family, number>();
    // Consecutive trials of one cell and settings (a cell's epochs) cost the same: look it up once per run of them.
    // The additions stay one per trial, in order, so the sums are the same floating-point numbers as before.
    let lastCell: object | undefined;
    let lastSettings: object | undefined;
    let one = 0;
    let familyTotal = 0;
    let family: Family | undefined;
    for (const trial of trials) {
      if (trial.cell !== lastCell || trial.settings !== lastSettings) {
        lastCell = trial.cell;
        lastSettings = trial.settings;
        let settingsKey = settingsKeys.get(trial.settings);
        if (settingsKey === undefined) settingsKeys.set(trial.settings, (settingsKey = canonicalJson(trial.settings)));
        let bySettings = estimates.get(settingsKey);
        if (bySettings === undefined) estimates.set(settingsKey, (bySettings = new Map()));
        let estimate = bySettings.get(trial.cell);
        if (!estimate) {
          estimate = await estimateTrialTokens(pack, trial.cell, trial.settings, estimateCache);
          bySettings.set(trial.cell, estimate);
        }
        one = projectedTrialCost(model.price, estimate);
        if (family !== undefined) byFamily.set(family, familyTotal);
        family = trial.cell.family;
        familyTotal = byFamily.get(family) ?? 0;
      }
      total += one;
      familyTotal += one;
    }
    if (family !== undefined) byFamily.set(family, familyTotal);
    return { costUsd: total, byFamily, unverified: model.price.source.includes('unverified') };
  };
}
