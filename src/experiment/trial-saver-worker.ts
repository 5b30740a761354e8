// The worker thread of BackgroundTrialSaver: opens its own connection to the result store and saves each batch it
// is sent in one transaction (SqliteResultStore.saveTrials: gzip of the transcripts, then the inserts), answering
// `{ id }` when the batch is committed or `{ id, error }` when it is not. On `'close'` it closes its connection and ends.
import { parentPort, workerData } from 'node:worker_threads';
import { PeerguardError } from '../core/peerguard-error.js';
import type { TrialRecord } from '../records/trial-record.js';
import { SqliteResultStore } from '../store/sqlite-result-store.js';

/** A batch to save. */
export interface SaveRequest {
  id: number;
  records: TrialRecord[];
}

/** The answer to a {@link SaveRequest}: no `error` means the batch is committed. */
export interface SaveReply {
  id: number;
  error?: { code: string; message: string };
}

const port = parentPort;
if (port === null) throw new Error('trial-saver-worker runs only as a worker thread');
const { dbPath } = workerData as { dbPath: string };
let store: SqliteResultStore | undefined;
port.on('message', (request: SaveRequest | 'close') => {
  if (request === 'close') {
    store?.close();
    port.close();
    return;
  }
  let reply: SaveReply;
  try {
    store ??= SqliteResultStore.open(dbPath);
    store.saveTrials(request.records);
    reply = { id: request.id };
  } catch (error) {
    reply = { id: request.id, error: { code: error instanceof PeerguardError ? error.code : 'E_STORE_FULL', message: error instanceof Error ? error.message : String(error) } };
  }
  port.postMessage(reply);
});
