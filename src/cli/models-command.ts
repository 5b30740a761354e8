import type { Command } from 'commander';
import { loadRoster, PROVIDER_NAMES } from '../models/model-roster.js';
import { findPrice, loadPriceTable } from '../models/price-table.js';
import { PROVIDERS } from '../models/provider-catalogue.js';
import { REFERENCE_POLICIES, REFERENCE_POLICY_DESCRIPTIONS } from '../models/reference-agents.js';
import { loadEnvironment } from './load-environment.js';

const usd = (value: number): string => `$${value}`;

export function registerModelsCommand(program: Command): void {
  program.command('models')
    .description('list the models peerguard can run: roster presets, providers (with whether their key is set) and reference agents')
    .action(() => {
      const env = loadEnvironment();
      const isSet = (names: readonly string[]): boolean => names.some((name) => (env[name] ?? '').trim() !== '');
      const roster = loadRoster();
      const prices = loadPriceTable();
      const lines = ['Roster presets (--model NAME; the study\'s models, temperature 1.0):'];
      for (const preset of roster) {
        const price = findPrice(prices, `${preset.provider}:${preset.modelId}`);
        const cost = price ? `in ${usd(price.input)} / out ${usd(price.output)} per M` : 'unpriced';
        const flags = [preset.memoryPrompt === 'hard' ? 'hard memory prompt' : '', preset.verified ? '' : 'id unverified'].filter(Boolean).join(', ');
        lines.push(`  ${preset.name.padEnd(17)} ${`${preset.provider}:${preset.modelId}`.padEnd(44)} ${preset.family.padEnd(9)} ${cost}${flags ? ` · ${flags}` : ''}`);
      }
      lines.push('', 'Providers (--model provider:model-id); keys are read from the environment or ./.env:');
      for (const name of PROVIDER_NAMES) {
        const spec = PROVIDERS[name];
        const key = spec.keyRequired ? `${spec.keyEnv.join(' | ')}: ${isSet(spec.keyEnv) ? 'set' : 'missing'}` : `${spec.keyEnv.join(' | ')} (optional): ${isSet(spec.keyEnv) ? 'set' : 'not set'}`;
        const base = spec.defaultBaseUrl === null ? `base URL from --base-url or ${spec.baseUrlEnv}` : `base URL override ${spec.baseUrlEnv}`;
        lines.push(`  ${name.padEnd(18)} ${key} · ${base}`);
      }
      lines.push('', 'Built-in reference agents (no API key needed; deterministic given the trial key):');
      for (const policy of REFERENCE_POLICIES) lines.push(`  reference:${policy.padEnd(14)} ${REFERENCE_POLICY_DESCRIPTIONS[policy]}`);
      lines.push('', 'Prices are list prices from models/prices.yaml (marked unverified where not checked); cost figures are estimates.');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
