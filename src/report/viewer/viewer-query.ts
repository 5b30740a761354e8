import { z } from 'zod';
import type { TrialQuery } from '../../store/sqlite-trial-browser.js';

const text = z.string().min(1).max(500);

/**
 * How the page and the API spell the empty stored value of the memory-prompt and scratchpad factors (a cell that
 * leaves them to the run's settings), since an empty query value means "any".
 */
export const RUN_SETTING = 'run-setting';

/** The viewer API's query string (an edge: parsed with zod, unknown parameters ignored). */
export const viewerQuerySchema = z.object({
  model: text.optional(),
  family: text.optional(),
  subject: text.optional(),
  relationship: text.optional(),
  instantiation: text.optional(),
  dataset: text.optional(),
  threshold: z.union([z.literal('none'), z.coerce.number().finite()]).optional(),
  monitoring: text.optional(),
  company: text.optional(),
  peerIdentity: text.optional(),
  memoryPrompt: text.optional(),
  scratchpad: text.optional(),
  instruction: text.optional(),
  target: text.optional(),
  status: z.enum(['completed', 'error']).optional(),
  verdict: text.optional(),
  outcome: z.enum(['yes', 'no', 'unscorable', 'error']).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  q: z.string().max(500).optional(),
  cursor: z.string().max(200).optional(),
});

/** A parsed viewer query. */
export type ViewerQuery = z.infer<typeof viewerQuerySchema>;

/**
 * Parses URL search parameters (empty values count as absent).
 * @returns the query, or the zod error message when a parameter is invalid.
 */
export function parseViewerQuery(params: URLSearchParams): { ok: true; query: ViewerQuery } | { ok: false; message: string } {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value !== '') raw[key] = value;
  const parsed = viewerQuerySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, query: parsed.data };
}

/** The trial filter part of a viewer query. */
export function trialQueryOf(query: ViewerQuery): TrialQuery {
  const out: TrialQuery = {};
  for (const field of ['model', 'family', 'subject', 'relationship', 'instantiation', 'dataset', 'monitoring', 'verdict'] as const) {
    const value = query[field];
    if (value !== undefined) out[field] = value;
  }
  for (const field of ['company', 'peerIdentity', 'memoryPrompt', 'scratchpad', 'instruction', 'target'] as const) {
    const value = query[field];
    if (value !== undefined) out[field] = (field === 'memoryPrompt' || field === 'scratchpad') && value === RUN_SETTING ? '' : value;
  }
  if (query.threshold !== undefined) out.threshold = query.threshold;
  if (query.status !== undefined) out.status = query.status;
  if (query.outcome !== undefined) out.outcome = query.outcome;
  return out;
}
