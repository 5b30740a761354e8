import type { LanguageModelV3 } from '@ai-sdk/provider';
import { PeerguardError } from '../core/peerguard-error.js';
import type { Cell } from '../records/cell.js';
import type { TrialSetup } from '../scenarios/build-trial-setup.js';
import { createReferenceModel, parseReferencePolicy } from './reference-agents.js';

/** Creates the model for one trial; reference agents need the trial's key and setup. */
export type ModelFactory = (context: { trialKey: string; cell: Cell; setup: TrialSetup }) => LanguageModelV3;

/** A resolved model reference: its canonical name, the family used in agent names, and a per-trial factory. */
export interface ResolvedModel {
  ref: string;
  /** Display family in agent ids, e.g. "Gemini" → "Gemini Agent 1". */
  agentFamily: string;
  create: ModelFactory;
}

/**
 * Resolves `provider:model-id`. Today: `reference:<policy>` (built in). Provider models (`openai:`,
 * `anthropic:`, `google:`, …) are a clear usage error until their adapters land, never a silent fallback.
 */
export function resolveModel(ref: string, options: { agentFamily?: string } = {}): ResolvedModel {
  const colon = ref.indexOf(':');
  if (colon <= 0 || colon === ref.length - 1) {
    throw new PeerguardError('E_USAGE', `invalid model reference "${ref}" (expected provider:model-id, e.g. reference:faithful)`);
  }
  const provider = ref.slice(0, colon);
  const id = ref.slice(colon + 1);
  if (provider === 'reference') {
    const policy = parseReferencePolicy(id);
    return { ref: `reference:${policy}`, agentFamily: options.agentFamily ?? 'Reference', create: (context) => createReferenceModel(policy, context) };
  }
  const known = ['openai', 'openai-chat', 'anthropic', 'google', 'together', 'openrouter', 'deepseek', 'openai-compatible'];
  if (known.includes(provider)) {
    throw new PeerguardError('E_USAGE', `model provider "${provider}" is not available in this build yet; use reference:<policy> (see \`peerguard models\`)`);
  }
  throw new PeerguardError('E_USAGE', `unknown model provider "${provider}" in "${ref}" (known: reference, ${known.join(', ')})`);
}
