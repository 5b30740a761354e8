import type { Command } from 'commander';
import { importPaper } from '../importer/import-paper.js';
import { loadScenarioPack } from '../scenarios/scenario-pack.js';
import { openStore } from './cli-context.js';
import { terminalSafe } from './format-transcript.js';

interface ImportPaperFlags {
  db?: string;
  runId?: string;
  scenarios?: string;
  json: boolean;
}

/** `peerguard import paper PATH...`: the study's transcripts and dataset rows into the store. */
export function registerImportCommand(program: Command): void {
  const command = program.command('import').description('import results made elsewhere into the store');
  command.command('paper')
    .description('import the study\'s transcript JSON files and dataset rows (JSONL, Parquet; folders are searched) as trials; the authors\' verdicts are kept as findings with method `paper`')
    .argument('<paths...>', 'transcript .json files, dataset .jsonl/.ndjson/.parquet files, or folders holding them')
    .option('--db <path>', 'SQLite database (default .peerguard/peerguard.db)')
    .option('--run-id <id>', 'the run the trials belong to (created if new; default paper-import-<time>)')
    .option('--scenarios <dir>', 'scenario pack to replay the transcripts in (default: the built-in pack)')
    .option('--json', 'print the summary as one JSON object', false)
    .action(async (paths: string[], flags: ImportPaperFlags) => {
      const pack = flags.scenarios === undefined ? loadScenarioPack() : loadScenarioPack(flags.scenarios);
      const { store, path } = openStore(flags.db);
      const controller = new AbortController();
      const onSigint = (): void => {
        process.stderr.write('\ninterrupt: saving what was read so far\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const runId = flags.runId ?? `paper-import-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        const summary = await importPaper({
          store,
          pack,
          paths,
          runId,
          command: process.argv.slice(2).join(' '),
          signal: controller.signal,
          onProgress: (s) => {
            if (process.stderr.isTTY) process.stderr.write(`\rimport: ${s.imported} imported, ${s.duplicates} duplicate(s), ${s.skipped} skipped`);
          },
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        for (const problem of summary.problems) process.stderr.write(`${terminalSafe(`skipped ${problem.position}: ${problem.reason}`)}\n`);
        if (summary.skipped > summary.problems.length) process.stderr.write(`… and ${summary.skipped - summary.problems.length} more skipped record(s)\n`);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ ...summary, database: path })}\n`);
        } else {
          const lines = [
            `run ${summary.runId}: ${summary.imported} imported, ${summary.skipped} skipped, ${summary.duplicates} duplicate(s) already in the store (from ${summary.files} file(s))`,
            ...(summary.interrupted ? ['interrupted: run the same command again to import the rest (duplicates are recognised)'] : []),
            `Database: ${path}`,
          ];
          process.stdout.write(`${terminalSafe(lines.join('\n'))}\n`);
        }
        if (summary.interrupted) process.exitCode = 130;
        else if (summary.skipped > 0) process.exitCode = 3;
      } finally {
        process.off('SIGINT', onSigint);
        store.close();
      }
    });
}
