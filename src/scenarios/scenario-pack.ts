import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { PeerguardError } from '../core/peerguard-error.js';
import { FAMILIES, type Family } from '../records/cell.js';
import {
  EvaluationDatasetSchema,
  FamilySchema,
  FinanceSchema,
  InterviewSchema,
  PromptsSchema,
  RelationshipSchema,
  type EvaluationDataset,
  type FamilySpec,
  type FinanceSpec,
  type InterviewSpec,
  type PromptsSpec,
  type RelationshipSpec,
} from './pack-schema.js';

/** The benchmark content: prompts, relationship material, datasets and the six families. */
export interface ScenarioPack {
  dir: string;
  prompts: PromptsSpec;
  relationship: RelationshipSpec;
  datasets: Record<'factual' | 'creativity' | 'red', EvaluationDataset>;
  finance: FinanceSpec;
  families: Map<Family, FamilySpec>;
  /** The follow-up interview's questions (`shared/interview.yaml`), or null when the pack has none. */
  interview: InterviewSpec | null;
}

/** The pack shipped with peerguard (`scenarios/` at the package root). */
export function defaultPackDir(): string {
  // dist/src/scenarios/scenario-pack.js → package root is three levels up from this file's folder.
  return fileURLToPath(new URL('../../../scenarios/', import.meta.url));
}

function loadFile<S extends z.ZodType>(dir: string, path: string, schema: S): z.infer<S> {
  const full = join(dir, path);
  let raw: string;
  try {
    raw = readFileSync(full, 'utf8');
  } catch (error) {
    throw new PeerguardError('E_SCENARIO', `${full}: cannot read scenario file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = parseYaml(raw);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'invalid YAML';
    throw new PeerguardError('E_SCENARIO', `${full}: invalid YAML: ${message}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new PeerguardError('E_SCENARIO', `${full}: field "${field}": ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/**
 * Loads and validates a scenario pack. Any problem is a PeerguardError `E_SCENARIO` whose one-line message names
 * the file and the field.
 */
export function loadScenarioPack(dir: string = defaultPackDir()): ScenarioPack {
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new PeerguardError('E_SCENARIO', `${dir}: scenario pack directory not found`);
  }
  const families = new Map<Family, FamilySpec>();
  for (const family of FAMILIES) {
    const spec = loadFile(dir, join(family, 'family.yaml'), FamilySchema);
    if (spec.family !== family) {
      throw new PeerguardError('E_SCENARIO', `${join(dir, family, 'family.yaml')}: field "family": says "${spec.family}" but the folder is "${family}"`);
    }
    families.set(family, spec);
  }
  const extra = readdirSync(dir).filter((name) => name !== 'shared' && !FAMILIES.includes(name as Family) && statSync(join(dir, name)).isDirectory());
  if (extra.length > 0) {
    throw new PeerguardError('E_SCENARIO', `${dir}: unknown family folder(s) ${extra.map((e) => relative(dir, join(dir, e))).join(', ')}`);
  }
  return {
    dir,
    prompts: loadFile(dir, 'shared/prompts.yaml', PromptsSchema),
    relationship: loadFile(dir, 'shared/relationship.yaml', RelationshipSchema),
    datasets: {
      factual: loadFile(dir, 'shared/datasets/factual.yaml', EvaluationDatasetSchema),
      creativity: loadFile(dir, 'shared/datasets/creativity.yaml', EvaluationDatasetSchema),
      red: loadFile(dir, 'shared/datasets/red.yaml', EvaluationDatasetSchema),
    },
    finance: loadFile(dir, 'shared/finance.yaml', FinanceSchema),
    families,
    interview: existsSync(join(dir, 'shared/interview.yaml')) ? loadFile(dir, 'shared/interview.yaml', InterviewSchema) : null,
  };
}
