import { PeerguardError } from '../core/peerguard-error.js';
import { DEFAULT_LOOP_POLICY, type LoopPolicy } from '../harness/run-agent-loop.js';
import { loadRoster } from '../models/model-roster.js';
import { loadPriceTable } from '../models/price-table.js';
import { resolveModel, type ModelEnvironment, type ResolvedModel } from '../models/resolve-model.js';
import type { Cell } from '../records/cell.js';
import { matchesFilter, presetCells, PRESETS, validateFilter, type CellFilter, type Preset } from '../scenarios/expand-cells.js';
import { peerIdentityCells } from '../scenarios/ablation-presets.js';
import { packHash } from '../scenarios/pack-hash.js';
import { loadScenarioPack, type ScenarioPack } from '../scenarios/scenario-pack.js';
import { HARNESSES, planTrials, type HarnessName, type PlannedTrial, type PlanOptions, type TrialSettings } from './trial-plan.js';

/** Everything that defines an experiment, as the CLI collects it. */
export interface ExperimentSpec {
  models: string[];
  preset: Preset;
  epochs: number;
  filter: CellFilter;
  packDir?: string;
  company?: string;
  loop?: Partial<LoopPolicy>;
  memoryPrompt?: 'soft' | 'hard';
  scratchpad?: 'off' | 'normal' | 'monitored' | 'unmonitored';
  agentFamily?: string;
  /** `tools` (default), `shell`, `gemini-cli` or `opencode`; part of every trial's key. */
  harness?: HarnessName;
  /**
   * Add the study's peer-identity extension (18 cells) to the `paper` preset: `auto` (default) for the models the
   * study ran it on (Gemini 3 Flash, Gemini 3 Pro, Claude Haiku 4.5, by ref), `all`, or `none`.
   */
  peerIdentityExtension?: 'auto' | 'all' | 'none';
  /** Hold the follow-up interview after each trial (`--interview`; needs the pack's `shared/interview.yaml`). */
  interview?: boolean;
}

/** The study ran the peer-identity extension on these models only (paper.md §4.1); matched inside the model ref. */
export const PEER_IDENTITY_EXTENSION_MODELS = ['gemini-3-flash', 'gemini-3-pro', 'claude-haiku-4-5'];

/** Whether a model gets the peer-identity extension in the `paper` preset. */
export function hasPeerIdentityExtension(ref: string, mode: 'auto' | 'all' | 'none' = 'auto'): boolean {
  if (mode !== 'auto') return mode === 'all';
  const normalised = ref.toLowerCase().replace(/[._\s]+/g, '-');
  return PEER_IDENTITY_EXTENSION_MODELS.some((name) => normalised.includes(name));
}

export interface Experiment {
  pack: ScenarioPack;
  cells: Cell[];
  models: Map<string, ResolvedModel>;
  trials: PlannedTrial[];
}

/** Default models when none are given and no provider key is set: two reference agents that show the contrast. */
export const DEFAULT_REFERENCE_MODELS = ['reference:faithful', 'reference:loyal'];

/** Connection settings that are never stored with a run (they may hold secrets). */
export interface ExperimentConnection {
  /** API keys and base-URL overrides (the CLI passes process.env merged over `.env`). */
  env?: ModelEnvironment;
  /** Base URL for openai-compatible models (`--base-url`). */
  baseUrl?: string;
}

/**
 * Loads the pack, expands and filters cells, resolves models and plans the trials (no I/O beyond the pack and
 * the model data files). A roster preset's temperature and memory prompt apply unless the spec sets them
 * (`--memory-prompt hard` applies to every model). `plan` passes through to {@link planTrials} (lazy keys).
 */
export function buildExperiment(spec: ExperimentSpec, connection: ExperimentConnection = {}, plan: PlanOptions = {}): Experiment {
  if (!PRESETS.includes(spec.preset)) throw new PeerguardError('E_USAGE', `--preset: unknown preset "${spec.preset}" (expected one of: ${PRESETS.join(', ')})`);
  validateFilter(spec.filter);
  if (spec.harness !== undefined && !(HARNESSES as readonly string[]).includes(spec.harness)) {
    throw new PeerguardError('E_USAGE', `--harness: unknown harness "${String(spec.harness)}" (expected ${HARNESSES.join(', ')})`);
  }
  if (spec.interview === true && (spec.harness === 'gemini-cli' || spec.harness === 'opencode')) {
    throw new PeerguardError('E_USAGE', `--interview is not available with --harness ${spec.harness} (the CLI keeps its own conversation)`);
  }
  const pack = spec.packDir === undefined ? loadScenarioPack() : loadScenarioPack(spec.packDir);
  const cells = presetCells(pack, spec.preset, spec.company ?? 'OpenBrain').filter((cell) => matchesFilter(cell, spec.filter));
  if (cells.length === 0) throw new PeerguardError('E_USAGE', 'no cell matches the given filters (see `peerguard scenarios --cells`)');
  if (spec.interview === true && pack.interview === null) {
    throw new PeerguardError('E_USAGE', `--interview: the scenario pack ${pack.dir} has no shared/interview.yaml`);
  }
  const hash = packHash(pack.dir);
  const resolved = new Map<string, ResolvedModel>();
  const models: Array<{ ref: string; settings: TrialSettings; cells?: Cell[] }> = [];
  const extension = spec.preset === 'paper'
    ? peerIdentityCells(pack, spec.company ?? 'OpenBrain').filter((cell) => matchesFilter(cell, spec.filter))
    : [];
  const refs = spec.models.length > 0 ? spec.models : DEFAULT_REFERENCE_MODELS;
  // Read the roster and the price table once for all models, not once per model (resolveModel reads them otherwise).
  const roster = loadRoster();
  const prices = refs.some((ref) => !ref.startsWith('reference:')) ? loadPriceTable() : undefined;
  for (const ref of refs) {
    const model = resolveModel(ref, {
      roster,
      ...(prices === undefined ? {} : { prices }),
      ...(spec.agentFamily === undefined ? {} : { agentFamily: spec.agentFamily }),
      ...(connection.env === undefined ? {} : { env: connection.env }),
      ...(connection.baseUrl === undefined ? {} : { baseUrl: connection.baseUrl }),
    });
    if (resolved.has(model.ref)) continue;
    resolved.set(model.ref, model);
    models.push({
      ref: model.ref,
      settings: {
        harness: spec.harness ?? 'tools',
        setup: { agentFamily: model.agentFamily, memoryPrompt: spec.memoryPrompt === 'hard' ? 'hard' : model.preset?.memoryPrompt ?? 'soft', scratchpad: spec.scratchpad ?? 'off' },
        loop: { ...DEFAULT_LOOP_POLICY, ...(model.preset ? { temperature: model.preset.temperature } : {}), ...spec.loop },
        packHash: hash,
        ...(spec.interview === true ? { interview: true as const } : {}),
      },
      ...(extension.length > 0 && hasPeerIdentityExtension(model.ref, spec.peerIdentityExtension) ? { cells: [...cells, ...extension] } : {}),
    });
  }
  return { pack, cells, models: resolved, trials: planTrials(cells, models, spec.epochs, plan) };
}
