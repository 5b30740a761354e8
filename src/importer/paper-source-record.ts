/**
 * One record read from an import source: a study transcript file, a JSONL line or a Parquet row. Either its parsed
 * value (`value`: a transcript, or a dataset row with `transcript_json`), or why it could not be read (`problem`).
 */
export type PaperSourceRecord =
  | { source: string; position: string; value: unknown }
  | { source: string; position: string; problem: string };

/** `file.jsonl:12` / `file.parquet row 17` / `file.json`: how a record's position is reported. */
export function describePosition(record: { source: string; position: string }): string {
  if (record.position === 'file') return record.source;
  if (record.position.startsWith('line ')) return `${record.source}:${record.position.slice('line '.length)}`;
  return `${record.source} ${record.position}`;
}
