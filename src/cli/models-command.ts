import type { Command } from 'commander';
import { REFERENCE_POLICIES, REFERENCE_POLICY_DESCRIPTIONS } from '../models/reference-agents.js';

export function registerModelsCommand(program: Command): void {
  program.command('models')
    .description('list the models peerguard can run')
    .action(() => {
      const lines = ['Built-in reference agents (no API key needed; deterministic given the trial key):'];
      for (const policy of REFERENCE_POLICIES) lines.push(`  reference:${policy.padEnd(14)} ${REFERENCE_POLICY_DESCRIPTIONS[policy]}`);
      lines.push('', 'Provider models (openai:, anthropic:, google:, together:, openrouter:, deepseek:, openai-compatible:) are not wired in this build yet.');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
