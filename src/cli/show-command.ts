import type { Command } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { cellId } from '../records/cell.js';
import { openStore } from './cli-context.js';
import { formatTranscript, terminalSafe } from './format-transcript.js';

export function registerShowCommand(program: Command): void {
  program.command('show')
    .description('print one trial: its cell, transcript (messages, tool calls, world changes) and findings')
    .argument('<trial>', 'trial key or a unique prefix of it')
    .option('--db <path>', 'SQLite database (default .peerguard/peerguard.db)')
    .option('--json', 'print the stored record as JSON', false)
    .action((key: string, flags: { db?: string; json: boolean }) => {
      const { store } = openStore(flags.db);
      try {
        const record = store.getTrial(key);
        if (!record) throw new PeerguardError('E_USAGE', `no trial with key or prefix "${key}"`);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
          return;
        }
        process.stdout.write([
          `trial ${record.key}`,
          `model ${record.model} · epoch ${record.epoch} · cell ${cellId(record.cell)}`,
          `status ${record.status}${record.error ? ` · ${terminalSafe(record.error)}` : ''} · ${record.durationMs} ms · started ${record.startedAt}`,
          '',
          formatTranscript(record.transcript.events, record.findings),
          '',
        ].join('\n'));
      } finally {
        store.close();
      }
    });
}
