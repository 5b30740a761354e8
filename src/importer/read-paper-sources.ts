import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { PeerguardError } from '../core/peerguard-error.js';
import type { PaperSourceRecord } from './paper-source-record.js';

/** Rows read from Parquet at once (within a row group), which bounds memory on files with huge row groups. */
export const PARQUET_ROWS_PER_READ = 256;

const EXTENSIONS = ['.json', '.jsonl', '.ndjson', '.parquet'] as const;

function kindOf(path: string): 'json' | 'jsonl' | 'parquet' | null {
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.jsonl') || path.endsWith('.ndjson')) return 'jsonl';
  if (path.endsWith('.parquet')) return 'parquet';
  return null;
}

/**
 * The files an import reads: each path as given, and for a folder every `.json`, `.jsonl`/`.ndjson` and `.parquet`
 * file under it (recursively, in name order; other files in folders are ignored).
 *
 * @throws PeerguardError `E_INPUT` for a path that does not exist or a file with another extension named directly.
 */
export function expandImportPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && kindOf(path) !== null) out.push(path);
    }
  };
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new PeerguardError('E_INPUT', `${path}: no such file or folder`);
    }
    if (stats.isDirectory()) walk(path);
    else if (kindOf(path) !== null) out.push(path);
    else throw new PeerguardError('E_INPUT', `${path}: not a study transcript or dataset file (expected ${EXTENSIONS.join(', ')})`);
  }
  return out;
}

/** BigInt (Parquet INT64) becomes a number so rows serialise as JSON; nested values are converted too. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

async function* readJsonFile(path: string): AsyncGenerator<PaperSourceRecord> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    yield { source: path, position: 'file', problem: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    return;
  }
  try {
    yield { source: path, position: 'file', value: JSON.parse(text) as unknown };
  } catch (error) {
    yield { source: path, position: 'file', problem: `not valid JSON (${(error as Error).message})` };
  }
}

async function* readJsonlFile(path: string, signal?: AbortSignal): AsyncGenerator<PaperSourceRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8', ...(signal === undefined ? {} : { signal }) }), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    const position = `line ${number}`;
    try {
      yield { source: path, position, value: JSON.parse(line) as unknown };
    } catch (error) {
      yield { source: path, position, problem: `not valid JSON (${(error as Error).message})` };
    }
  }
}

async function* readParquetFile(path: string, signal?: AbortSignal): AsyncGenerator<PaperSourceRecord> {
  let file;
  let metadata;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    yield { source: path, position: 'file', problem: `not a readable Parquet file (${(error as Error).message})` };
    return;
  }
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    for (let offset = 0; offset < rows; offset += PARQUET_ROWS_PER_READ) {
      signal?.throwIfAborted();
      const rowStart = groupStart + offset;
      const rowEnd = groupStart + Math.min(rows, offset + PARQUET_ROWS_PER_READ);
      let objects: Array<Record<string, unknown>>;
      try {
        objects = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors });
      } catch (error) {
        yield { source: path, position: `rows ${rowStart}-${rowEnd - 1}`, problem: `cannot decode (${(error as Error).message})` };
        continue;
      }
      for (const [index, object] of objects.entries()) yield { source: path, position: `row ${rowStart + index}`, value: plain(object) };
    }
    groupStart += rows;
  }
}

/**
 * Streams the records of the given files in order: a `.json` file is one record; JSONL is read line by line (blank
 * lines skipped; position = 1-based line number); Parquet is read row group by row group, at most
 * {@link PARQUET_ROWS_PER_READ} rows at a time (position = 0-based row index), with every codec of
 * hyparquet-compressors. A line or row that cannot be parsed is yielded as a `problem`, never thrown.
 */
export async function* readPaperSources(files: readonly string[], signal?: AbortSignal): AsyncGenerator<PaperSourceRecord> {
  for (const path of files) {
    signal?.throwIfAborted();
    const kind = kindOf(path);
    if (kind === 'json') yield* readJsonFile(path);
    else if (kind === 'jsonl') yield* readJsonlFile(path, signal);
    else if (kind === 'parquet') yield* readParquetFile(path, signal);
  }
}
