import type { LanguageModelV3, LanguageModelV3CallOptions, SharedV3ProviderOptions } from '@ai-sdk/provider';

/**
 * Wraps a provider model so every call carries the given provider options (merged under the caller's, per
 * provider key) and leaves out the sampling seed where the wire format has none (so the SDK adds no warning).
 */
export function withCallDefaults(model: LanguageModelV3, defaults: { providerOptions: SharedV3ProviderOptions; acceptsSeed: boolean }): LanguageModelV3 {
  const prepare = (options: LanguageModelV3CallOptions): LanguageModelV3CallOptions => {
    const merged: SharedV3ProviderOptions = { ...defaults.providerOptions };
    for (const [key, value] of Object.entries(options.providerOptions ?? {})) merged[key] = { ...(merged[key] ?? {}), ...value };
    const { seed, ...rest } = options;
    return { ...rest, ...(defaults.acceptsSeed && seed !== undefined ? { seed } : {}), ...(Object.keys(merged).length > 0 ? { providerOptions: merged } : {}) };
  };
  return {
    specificationVersion: 'v3',
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    doGenerate: (options) => model.doGenerate(prepare(options)),
    doStream: (options) => model.doStream(prepare(options)),
  };
}
