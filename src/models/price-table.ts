import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LanguageModelV3Usage } from '@ai-sdk/provider';
import { parse } from 'yaml';
import { z } from 'zod';
import { PeerguardError } from '../core/peerguard-error.js';
import { modelsDataDir } from './data-dir.js';

const usdPerMillion = z.number().min(0).max(10_000);

const priceSchema = z.object({
  /** `provider:model-id`, or `provider:*` for every model of a provider. */
  model: z.string().regex(/^[a-z-]+:.+$/),
  input: usdPerMillion,
  cachedInput: usdPerMillion,
  output: usdPerMillion,
  reasoning: usdPerMillion,
  source: z.string().min(1),
}).strict();

const tableSchema = z.object({ prices: z.array(priceSchema) }).strict();

/** USD per million tokens for one model, with where the figures come from. */
export type ModelPrice = z.infer<typeof priceSchema>;

/**
 * Loads the price table (default `models/prices.yaml`).
 * @throws PeerguardError `E_INPUT` naming the file and field when it does not parse or validate.
 */
export function loadPriceTable(path: string = join(modelsDataDir(), 'prices.yaml')): ModelPrice[] {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PeerguardError('E_INPUT', `cannot read price table ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = tableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PeerguardError('E_INPUT', `price table ${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.prices;
}

/** The price of `ref` (exact entry first, then `provider:*`), or null when unpriced. */
export function findPrice(table: readonly ModelPrice[], ref: string): ModelPrice | null {
  const exact = table.find((price) => price.model === ref);
  if (exact) return exact;
  const provider = ref.slice(0, ref.indexOf(':'));
  return table.find((price) => price.model === `${provider}:*`) ?? null;
}

/** Token counts that a price applies to. */
export interface PricedTokens {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

/**
 * Splits a provider usage into priced counts. Output includes reasoning at every provider we call, so text
 * output = output total − reasoning; uncached input = total − cache reads when `noCache` is not reported.
 * Cache writes are priced as plain input (we never ask for prompt caching).
 */
export function pricedTokens(usage: LanguageModelV3Usage): PricedTokens {
  const inputTotal = usage.inputTokens.total ?? 0;
  const cached = usage.inputTokens.cacheRead ?? 0;
  const outputTotal = usage.outputTokens.total ?? 0;
  const reasoning = Math.min(usage.outputTokens.reasoning ?? 0, outputTotal);
  return { inputTokens: Math.max(0, inputTotal - cached), cachedInputTokens: cached, outputTokens: outputTotal - reasoning, reasoningTokens: reasoning };
}

/** Cost in USD of the given token counts at `price` (rounded to 1e-9 so sums stay clean). */
export function costUsd(price: ModelPrice, tokens: PricedTokens): number {
  const micro = tokens.inputTokens * price.input + tokens.cachedInputTokens * price.cachedInput + tokens.outputTokens * price.output + tokens.reasoningTokens * price.reasoning;
  return Math.round((micro / 1_000_000) * 1e9) / 1e9;
}
