import { gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import type { Transcript } from '../records/transcript.js';

/** How a stored transcript blob is encoded: `gzip+json` = gzip of UTF-8 JSON; `json` = plain UTF-8 JSON. */
export type TranscriptEncoding = 'gzip+json' | 'json';

/** A transcript ready for the `transcript` / `transcript_encoding` columns. */
export interface EncodedTranscript {
  encoding: TranscriptEncoding;
  data: Buffer;
}

/**
 * Encodes a transcript as gzip-compressed JSON. Level 1 is used on purpose: transcripts are repetitive text,
 * level 1 already shrinks them several-fold, and it is several times faster than the default level 6.
 */
export function encodeTranscript(transcript: Transcript): EncodedTranscript {
  const json = Buffer.from(JSON.stringify(transcript), 'utf8');
  return { encoding: 'gzip+json', data: gzipSync(json, { level: zlibConstants.Z_BEST_SPEED }) };
}

/**
 * Decodes a stored transcript blob.
 *
 * @throws Error when the encoding is unknown or the data does not decode (the caller wraps it with the store path).
 */
export function decodeTranscript(encoding: string, data: Buffer): Transcript {
  const known = encoding as TranscriptEncoding;
  switch (known) {
    case 'gzip+json':
      return JSON.parse(gunzipSync(data).toString('utf8')) as Transcript;
    case 'json':
      return JSON.parse(data.toString('utf8')) as Transcript;
    default: {
      const unknownEncoding: never = known;
      throw new Error(`unknown transcript encoding "${String(unknownEncoding)}"`);
    }
  }
}
