import type { Command } from 'commander';
import { nonNegativeInteger, openStore } from './cli-context.js';

/** `peerguard view`: serves the report live from the database on 127.0.0.1 until interrupted. */
export function registerViewCommand(program: Command): void {
  program.command('view')
    .description('serve the report live from the database on 127.0.0.1 (charts, rates, trials, transcripts; updates while a run writes)')
    .option('--db <path>', 'SQLite database (default .peerguard/peerguard.db)')
    .option('--port <n>', 'port on 127.0.0.1 (default 7878; 0 = any free port)', nonNegativeInteger('--port'), 7878)
    .action(async (flags: { db?: string; port: number }) => {
      // Creates and migrates the store, so the viewer can be started before the first run and watch it fill.
      const { store, path } = openStore(flags.db);
      store.close();
      // Loaded here, not at CLI start-up, so other commands never pay for the viewer's modules.
      const { startViewer } = await import('../report/viewer/start-viewer.js');
      const viewer = await startViewer({ dbPath: path, port: flags.port });
      process.stdout.write(`peerguard view: ${viewer.url} (database ${path}); Ctrl-C stops\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await viewer.close();
    });
}
