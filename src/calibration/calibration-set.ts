import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { PeerguardError } from '../core/peerguard-error.js';
import { FAMILIES } from '../records/cell.js';

const VerdictValueSchema = z.union([z.boolean(), z.number(), z.string(), z.null()]);

/** One label of a calibration entry. */
export const CalibrationLabelSchema = z.strictObject({
  verdict: z.string().min(1),
  outcome: z.enum(['yes', 'no', 'unscorable']),
  value: VerdictValueSchema,
  labeler: z.string().min(1),
  labeledAt: z.string().optional(),
  note: z.string().nullable().optional(),
});
export type CalibrationLabel = z.infer<typeof CalibrationLabelSchema>;

/**
 * One line of a calibration set (JSONL): an id, the trial in one of three forms, and its labels.
 * - `file`: a study transcript JSON, by path relative to the set file (the shipped set references
 *   ../shared/paper-examples this way instead of copying the study's texts);
 * - `paperTranscript` (+ `row`): a study transcript inline, as exported for an imported trial;
 * - `trial`: a peerguard trial (model, cell, transcript), as exported for a trial run here.
 * `family` forces the family of a study transcript (else inferred as by `import paper`).
 */
export const CalibrationEntrySchema = z.strictObject({
  id: z.string().min(1),
  file: z.string().min(1).optional(),
  paperTranscript: z.record(z.string(), z.unknown()).optional(),
  row: z.record(z.string(), z.unknown()).optional(),
  trial: z.looseObject({ model: z.string(), cell: z.record(z.string(), z.unknown()), transcript: z.looseObject({ events: z.array(z.record(z.string(), z.unknown())) }) }).optional(),
  family: z.enum(FAMILIES).optional(),
  labels: z.array(CalibrationLabelSchema).min(1),
}).refine((entry) => [entry.file, entry.paperTranscript, entry.trial].filter((x) => x !== undefined).length === 1, { message: 'needs exactly one of file, paperTranscript, trial' });
export type CalibrationEntry = z.infer<typeof CalibrationEntrySchema>;

/** A calibration set read from disk: entries with `file` resolved to absolute paths. */
export interface CalibrationSet {
  path: string;
  entries: CalibrationEntry[];
}

/**
 * Reads a calibration set (JSONL; blank lines and lines starting with `//` ignored).
 * @throws PeerguardError `E_INPUT` naming `file:line` and the field for any malformed line.
 */
export function readCalibrationSet(path: string): CalibrationSet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PeerguardError('E_INPUT', `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const entries: CalibrationEntry[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('//')) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new PeerguardError('E_INPUT', `${path}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = CalibrationEntrySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PeerguardError('E_INPUT', `${path}:${index + 1}: field "${issue?.path.join('.') || '(entry)'}": ${issue?.message ?? 'invalid'}`);
    }
    const entry = parsed.data;
    if (entry.file !== undefined && !isAbsolute(entry.file)) entry.file = resolve(dirname(path), entry.file);
    entries.push(entry);
  });
  return { path, entries };
}
