import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PeerguardError } from '../../core/peerguard-error.js';
import { PAPER_BEHAVIOURS } from './paper-table-cell.js';

const PublishedCellSchema = z.object({
  table: z.enum(['peer', 'self']),
  /** The study's model name, one of `models[].study`. */
  model: z.string().min(1),
  behaviour: z.enum(PAPER_BEHAVIOURS),
  relationship: z.enum(['none', 'bad', 'neutral', 'good']),
  /** Percent (percentage points for differences). */
  max: z.number(),
  /** Percent; absent where the study reports only the max (self-preservation). */
  avg: z.number().optional(),
  /** Where the value was recovered from (paper.md §0 tags). */
  source: z.string().min(1),
  note: z.string().optional(),
}).strict();

export const PublishedValuesSchema = z.object({
  source: z.string().min(1),
  models: z.array(z.object({ study: z.string().min(1), short: z.string().min(1) }).strict()).min(1),
  cells: z.array(PublishedCellSchema),
}).strict().superRefine((value, context) => {
  const names = new Set(value.models.map((m) => m.study));
  value.cells.forEach((cell, index) => {
    if (!names.has(cell.model)) context.addIssue({ code: 'custom', path: ['cells', index, 'model'], message: `unknown study model "${cell.model}"` });
  });
});

export type PublishedValues = z.infer<typeof PublishedValuesSchema>;
export type PublishedCell = z.infer<typeof PublishedCellSchema>;

/** The published-values sources `report --compare` knows, by name. */
export const PUBLISHED_SOURCES: Record<string, string> = {
  paper: 'published-2604.19784.yaml',
};

/** Path of a shipped published-values file (under the package's `data/`). */
export function publishedValuesPath(source: string): string {
  const file = PUBLISHED_SOURCES[source];
  if (file === undefined) {
    throw new PeerguardError('E_USAGE', `--compare: unknown source "${source}" (expected one of: ${Object.keys(PUBLISHED_SOURCES).join(', ')})`);
  }
  return fileURLToPath(new URL(`../../../../data/${file}`, import.meta.url));
}

/**
 * Loads and validates a published-values file.
 * @throws PeerguardError `E_INPUT` naming the file and field when it is unreadable or invalid.
 */
export function loadPublishedValues(path: string): PublishedValues {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PeerguardError('E_INPUT', `${path}: cannot read published values (${(error as Error).message})`, { cause: error });
  }
  const parsed = PublishedValuesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PeerguardError('E_INPUT', `${path}: field "${issue.path.join('.')}": ${issue.message}`);
  }
  return parsed.data;
}
