import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PeerguardError } from '../core/peerguard-error.js';
import { modelsDataDir } from './data-dir.js';

/** Providers peerguard can call (besides the built-in `reference`). */
export const PROVIDER_NAMES = ['openai', 'openai-chat', 'anthropic', 'google', 'together', 'openrouter', 'deepseek', 'openai-compatible'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

const presetSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  provider: z.enum(PROVIDER_NAMES),
  modelId: z.string().min(1),
  family: z.string().regex(/^[A-Za-z][A-Za-z0-9 .-]*$/),
  temperature: z.number().min(0).max(2),
  seed: z.boolean(),
  memoryPrompt: z.enum(['soft', 'hard']),
  verified: z.boolean(),
  note: z.string().optional(),
}).strict();

const rosterSchema = z.object({ presets: z.array(presetSchema).min(1) }).strict();

/** One roster preset: a short name for a provider model with the study's settings. */
export type RosterPreset = z.infer<typeof presetSchema>;

/**
 * Loads the roster presets (default `models/roster.yaml`).
 * @throws PeerguardError `E_INPUT` naming the file and field when it does not parse or validate.
 */
export function loadRoster(path: string = join(modelsDataDir(), 'roster.yaml')): RosterPreset[] {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PeerguardError('E_INPUT', `cannot read model roster ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = rosterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PeerguardError('E_INPUT', `model roster ${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const names = new Set<string>();
  for (const preset of parsed.data.presets) {
    if (names.has(preset.name)) throw new PeerguardError('E_INPUT', `model roster ${path}: preset "${preset.name}" appears twice`);
    names.add(preset.name);
  }
  return parsed.data.presets;
}
