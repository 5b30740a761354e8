import type { LanguageModelV3 } from '@ai-sdk/provider';
import { Agent } from 'undici';
import { PeerguardError } from '../core/peerguard-error.js';
import { redactUrl, urlSecrets } from '../core/redact-url.js';
import type { Cell } from '../records/cell.js';
import type { TrialSetup } from '../scenarios/build-trial-setup.js';
import { loadRoster, PROVIDER_NAMES, type ProviderName, type RosterPreset } from './model-roster.js';
import { findPrice, loadPriceTable, type ModelPrice } from './price-table.js';
import { PROVIDERS } from './provider-catalogue.js';
import { createReferenceModel, parseReferencePolicy } from './reference-agents.js';
import { withCallDefaults } from './with-call-defaults.js';

/** Creates the model for one trial; reference agents need the trial's key and setup. */
export type ModelFactory = (context: { trialKey: string; cell: Cell; setup: TrialSetup }) => LanguageModelV3;

/** The environment a model is resolved against (only `cli/` reads `process.env`; tests pass their own). */
export type ModelEnvironment = Readonly<Record<string, string | undefined>>;

/** A key a provider model needs: the provider and the variables that may hold it. */
export interface KeyRequirement {
  provider: ProviderName;
  envNames: readonly string[];
  /** Whether one of `envNames` is set. */
  present: boolean;
}

/** A resolved model reference: its canonical name, the family used in agent names, and a per-trial factory. */
export interface ResolvedModel {
  ref: string;
  /** Display family in agent ids, e.g. "Gemini" → "Gemini Agent 1". */
  agentFamily: string;
  create: ModelFactory;
  /** `reference` or a provider name; concurrency is adapted per provider. Absent means `reference`. */
  provider?: string;
  /** List price used for cost; null when unpriced (cost unknown). Absent means free (no API calls). */
  price?: ModelPrice | null;
  /** The roster preset this came from, if any. */
  preset?: RosterPreset;
  /** The key this model needs (absent for reference agents). */
  key?: KeyRequirement;
  /** The base URL's scheme, host and port (safe to show; the path may hold a token and is left out). */
  endpoint?: string;
  /** Secret strings (key, full base URL) to scrub from any error text before it is stored. */
  secrets?: readonly string[];
  /**
   * Releases what the model holds between trials (its keep-alive connection pool); call when the run ends.
   * A later `create` opens a fresh pool. Absent when there is nothing to release.
   */
  close?: () => Promise<void>;
}

/** Options for {@link resolveModel}. */
export interface ResolveOptions {
  /** Agent family for provider models that are not roster presets (`--display-name`; default "Atlas"). */
  agentFamily?: string;
  /** Keys and base-URL overrides (default: none, so provider models have no key). */
  env?: ModelEnvironment;
  /** Base URL for `openai-compatible` (`--base-url`); wins over `OPENAI_COMPATIBLE_BASE_URL`. */
  baseUrl?: string;
  roster?: readonly RosterPreset[];
  prices?: readonly ModelPrice[];
}

/** Agent family used for provider models that are not in the roster, unless `--display-name` says otherwise. */
export const DEFAULT_AGENT_FAMILY = 'Atlas';

/** The first of `names` set (non-empty) in `env`. */
function firstSet(env: ModelEnvironment, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * Resolves a model reference: a roster preset name (`gemini-3-pro`), `reference:<policy>`, or
 * `provider:model-id` for openai, openai-chat, anthropic, google, together, openrouter, deepseek and
 * openai-compatible. A provider model's key is read from `env` when a trial creates it; a missing required key
 * is reported by {@link missingKeys} before anything runs, and `create` refuses (E_CONFIG) if it is still missing.
 *
 * @throws PeerguardError `E_USAGE` for an unknown provider, preset or policy; `E_CONFIG` for openai-compatible
 *   without a base URL or a base URL that does not parse.
 */
export function resolveModel(ref: string, options: ResolveOptions = {}): ResolvedModel {
  const roster = options.roster ?? loadRoster();
  const colon = ref.indexOf(':');
  if (colon < 0) {
    const preset = roster.find((p) => p.name === ref);
    if (!preset) {
      throw new PeerguardError('E_USAGE', `unknown model "${ref}": expected a preset (${roster.map((p) => p.name).join(', ')}) or provider:model-id (see \`peerguard models\`)`);
    }
    return resolveProviderModel(preset.provider, preset.modelId, preset, options);
  }
  if (colon === 0 || colon === ref.length - 1) {
    throw new PeerguardError('E_USAGE', `invalid model reference "${ref}" (expected provider:model-id, e.g. reference:faithful)`);
  }
  const provider = ref.slice(0, colon);
  const id = ref.slice(colon + 1);
  if (provider === 'reference') {
    const policy = parseReferencePolicy(id);
    return { ref: `reference:${policy}`, agentFamily: options.agentFamily ?? 'Reference', provider: 'reference', create: (context) => createReferenceModel(policy, context) };
  }
  if (!(PROVIDER_NAMES as readonly string[]).includes(provider)) {
    throw new PeerguardError('E_USAGE', `unknown model provider "${provider}" in "${ref}" (known: reference, ${PROVIDER_NAMES.join(', ')})`);
  }
  const name = provider as ProviderName;
  const preset = roster.find((p) => p.provider === name && p.modelId === id);
  return resolveProviderModel(name, id, preset, options);
}

function resolveProviderModel(provider: ProviderName, modelId: string, preset: RosterPreset | undefined, options: ResolveOptions): ResolvedModel {
  const spec = PROVIDERS[provider];
  const env = options.env ?? {};
  const ref = `${provider}:${modelId}`;
  const baseURL = (provider === 'openai-compatible' ? options.baseUrl?.trim() || undefined : undefined) ?? firstSet(env, [spec.baseUrlEnv]) ?? spec.defaultBaseUrl;
  if (baseURL === null) {
    throw new PeerguardError('E_CONFIG', `${ref}: openai-compatible needs a base URL: pass --base-url URL or set OPENAI_COMPATIBLE_BASE_URL`);
  }
  if (redactUrl(baseURL) === '(invalid URL)') throw new PeerguardError('E_CONFIG', `${ref}: the base URL does not parse as a URL`);
  const apiKey = firstSet(env, spec.keyEnv);
  const key: KeyRequirement = { provider, envNames: spec.keyEnv, present: apiKey !== undefined || !spec.keyRequired };
  const prices = options.prices ?? loadPriceTable();
  const secrets = [...(apiKey === undefined ? [] : [apiKey]), ...urlSecrets(baseURL)];
  const agentFamily = preset?.family ?? options.agentFamily ?? DEFAULT_AGENT_FAMILY;
  let shared: LanguageModelV3 | undefined;
  // The keep-alive pool of a chat-completions model: one per resolved model (so per base URL), opened on the
  // first trial and closed by `close` at the end of the run.
  let pool: Agent | undefined;
  return {
    ref,
    agentFamily,
    provider,
    price: findPrice(prices, ref),
    ...(preset ? { preset } : {}),
    key,
    endpoint: redactUrl(baseURL),
    secrets,
    // The model is stateless between calls; it is built once, on the first trial, and shared by every trial of
    // this model (the SDK's constructors build zod schemas; the chat-completions client holds the pool).
    create: () => {
      if (apiKey === undefined && spec.keyRequired) {
        throw new PeerguardError('E_CONFIG', `${ref}: no API key (set ${spec.keyEnv.join(' or ')})`);
      }
      if (shared === undefined) {
        if (spec.pooled) pool = new Agent({ keepAliveTimeout: 30_000, connections: null, pipelining: 1 });
        const connection = { baseURL, ...(apiKey === undefined ? {} : { apiKey }), ...(pool === undefined ? {} : { dispatcher: pool }) };
        shared = withCallDefaults(spec.create(modelId, connection), { providerOptions: spec.reasoningOptions, acceptsSeed: spec.acceptsSeed && (preset?.seed ?? true) });
      }
      return shared;
    },
    ...(spec.pooled
      ? {
          close: async () => {
            const open = pool;
            pool = undefined;
            shared = undefined;
            await open?.close();
          },
        }
      : {}),
  };
}

/**
 * Every missing key for the given models, one entry per provider (e.g. `ANTHROPIC_API_KEY`, or
 * `GOOGLE_GENERATIVE_AI_API_KEY|GEMINI_API_KEY|GOOGLE_API_KEY` when any one of them would do).
 */
export function missingKeys(models: Iterable<ResolvedModel>): string[] {
  const missing = new Map<string, string[]>();
  for (const model of models) {
    if (!model.key || model.key.present) continue;
    const label = model.key.envNames.join('|');
    missing.set(label, [...(missing.get(label) ?? []), model.ref]);
  }
  return [...missing.entries()].map(([label, refs]) => `${label} (for ${refs.join(', ')})`);
}

/**
 * The preflight: throws one error naming every missing key, before anything is spent.
 * @throws PeerguardError `E_CONFIG`.
 */
export function assertKeysPresent(models: Iterable<ResolvedModel>): void {
  const missing = missingKeys(models);
  if (missing.length > 0) throw new PeerguardError('E_CONFIG', `missing API key${missing.length > 1 ? 's' : ''}: ${missing.join('; ')} — set them in the environment or in .env`);
}
