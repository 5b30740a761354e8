import { Worker } from 'node:worker_threads';
import type { HtmlReportOptions } from '../html/build-html-report.js';
import type { ReportTable } from '../html/report-table.js';

/**
 * The study's tables of the store at `dbPath`, computed in a worker thread (see study-tables-worker.ts) so the
 * caller's event loop stays free. Aborting terminates the worker and rejects.
 */
export function computeStudyTables(dbPath: string, paper: HtmlReportOptions['paper'], signal: AbortSignal): Promise<ReportTable[]> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const worker = new Worker(new URL('./study-tables-worker.js', import.meta.url), { workerData: { dbPath, paper } });
    const onAbort = () => {
      void worker.terminate();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal.removeEventListener('abort', onAbort);
    worker.once('message', (message: { tables?: ReportTable[]; error?: string }) => {
      settle();
      void worker.terminate();
      if (message.tables !== undefined) resolve(message.tables);
      else reject(new Error(`study tables: ${message.error ?? 'no result'}`));
    });
    worker.once('error', (error) => {
      settle();
      reject(error);
    });
    worker.once('exit', (code) => {
      settle();
      // After a message this is a no-op (the promise is settled); otherwise the worker died without answering.
      reject(new Error(`study tables: worker exited with code ${code}`));
    });
  });
}
