import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV3, SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { Dispatcher } from 'undici';
import { createChatCompletionsModel } from './chat-completions-model.js';
import type { ProviderName } from './model-roster.js';

/** Connection settings for one provider model; `apiKey` is absent for keyless local servers. */
export interface ProviderConnection {
  baseURL: string;
  apiKey?: string;
  /** The resolved model's keep-alive pool; given to providers with `pooled: true`. */
  dispatcher?: Dispatcher;
}

/** What peerguard knows about one provider: where its key and base URL come from, and how to ask for reasoning. */
export interface ProviderSpec {
  name: ProviderName;
  /** Environment variables that may hold the key, in order of preference. */
  keyEnv: readonly string[];
  /** false for `openai-compatible`: local servers usually need no key. */
  keyRequired: boolean;
  /** Environment variable that overrides the base URL (tests point it at 127.0.0.1). */
  baseUrlEnv: string;
  /** The public endpoint; null when the user must give one. */
  defaultBaseUrl: string | null;
  /** Whether the wire format accepts a sampling seed (otherwise the seed is left out of the request). */
  acceptsSeed: boolean;
  /** Provider options that request the model's reasoning (summaries or raw thinking) on every call. */
  reasoningOptions: SharedV3ProviderOptions;
  /**
   * true for providers on peerguard's own chat-completions client (undici): the resolved model owns one
   * keep-alive pool for them, passed as `connection.dispatcher`, and closes it when the run ends. false for
   * providers on the AI SDK (which use the global fetch pool).
   */
  pooled: boolean;
  /** Builds the model. */
  create(modelId: string, connection: ProviderConnection): LanguageModelV3;
}

/** Thinking budget asked of Anthropic models, in tokens (added to max_tokens by the SDK). */
export const ANTHROPIC_THINKING_BUDGET_TOKENS = 4096;

/**
 * The chat-completions wire of open-weight hosts and local servers, on peerguard's own undici client (see
 * docs/decisions/2026-11-22-chat-completions-client.md). `reasoning_content` (and OpenRouter's `reasoning`)
 * become reasoning parts and go back as `reasoning_content`.
 */
const compatible = (name: string) => (modelId: string, connection: ProviderConnection): LanguageModelV3 => {
  if (connection.dispatcher === undefined) throw new Error(`${name}: the chat-completions client needs the resolved model's connection pool`);
  return createChatCompletionsModel({ providerName: name, modelId, baseURL: connection.baseURL, dispatcher: connection.dispatcher, ...(connection.apiKey === undefined ? {} : { apiKey: connection.apiKey }) });
};

/** Every provider, by name. */
export const PROVIDERS: Readonly<Record<ProviderName, ProviderSpec>> = {
  openai: {
    name: 'openai',
    keyEnv: ['OPENAI_API_KEY'],
    keyRequired: true,
    baseUrlEnv: 'PEERGUARD_OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
    acceptsSeed: false,
    reasoningOptions: { openai: { reasoningSummary: 'auto' } },
    pooled: false,
    create: (modelId, c) => createOpenAI({ baseURL: c.baseURL, apiKey: c.apiKey ?? '' }).responses(modelId),
  },
  'openai-chat': {
    name: 'openai-chat',
    keyEnv: ['OPENAI_API_KEY'],
    keyRequired: true,
    baseUrlEnv: 'PEERGUARD_OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
    acceptsSeed: true,
    // Chat Completions returns no reasoning text; reasoning tokens still come back in usage.
    reasoningOptions: {},
    // Stays on the AI SDK: OpenAI's own chat model rewrites requests per model (reasoning models get the
    // `developer` role, `max_completion_tokens`, no temperature), which the plain chat-completions client does not.
    pooled: false,
    create: (modelId, c) => createOpenAI({ baseURL: c.baseURL, apiKey: c.apiKey ?? '' }).chat(modelId),
  },
  anthropic: {
    name: 'anthropic',
    keyEnv: ['ANTHROPIC_API_KEY'],
    keyRequired: true,
    baseUrlEnv: 'PEERGUARD_ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com/v1',
    acceptsSeed: false,
    reasoningOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: ANTHROPIC_THINKING_BUDGET_TOKENS } } },
    pooled: false,
    create: (modelId, c) => createAnthropic({ baseURL: c.baseURL, apiKey: c.apiKey ?? '' })(modelId),
  },
  google: {
    name: 'google',
    keyEnv: ['GOOGLE_GENERATIVE_AI_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    keyRequired: true,
    baseUrlEnv: 'PEERGUARD_GOOGLE_BASE_URL',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    acceptsSeed: true,
    reasoningOptions: { google: { thinkingConfig: { includeThoughts: true } } },
    pooled: false,
    create: (modelId, c) => createGoogleGenerativeAI({ baseURL: c.baseURL, apiKey: c.apiKey ?? '' })(modelId),
  },
  together: {
    name: 'together',
    keyEnv: ['TOGETHER_API_KEY', 'TOGETHER_AI_API_KEY'],
    keyRequired: true,
    baseUrlEnv: 'PEERGUARD_TOGETHER_BASE_URL',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    acceptsSeed: true,
    reasoningOptions: {},
    pooled: true,
    create: compatible('together'),
  },
  openrouter: {
    name: 'openrouter',
    keyEnv: ['OPENROUTER_API_KEY'],
    keyRequired: true,
    baseUrlEnv: 'PEERGUARD_OPENROUTER_BASE_URL',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    acceptsSeed: true,
    reasoningOptions: {},
    pooled: true,
    create: compatible('openrouter'),
  },
  deepseek: {
    name: 'deepseek',
    keyEnv: ['DEEPSEEK_API_KEY'],
    keyRequired: true,
    baseUrlEnv: 'PEERGUARD_DEEPSEEK_BASE_URL',
    defaultBaseUrl: 'https://api.deepseek.com/v1',
    acceptsSeed: true,
    reasoningOptions: {},
    pooled: true,
    create: compatible('deepseek'),
  },
  'openai-compatible': {
    name: 'openai-compatible',
    keyEnv: ['OPENAI_COMPATIBLE_API_KEY'],
    keyRequired: false,
    baseUrlEnv: 'OPENAI_COMPATIBLE_BASE_URL',
    defaultBaseUrl: null,
    acceptsSeed: true,
    reasoningOptions: {},
    pooled: true,
    create: compatible('openai-compatible'),
  },
};
