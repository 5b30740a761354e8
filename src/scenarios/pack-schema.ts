/**
 * Schemas of the scenario pack: the benchmark content as data under `scenarios/`.
 * A pack is a directory holding `shared/` (prompts, relationship material, datasets, finance sheet) and one folder
 * per family with a `family.yaml`. Text fields are templates: `{{name}}` substitutes a variable and
 * `{{#if flag}}…{{else}}…{{/if}}` keeps one branch (blocks may nest). See `render-template.ts` for the variables.
 */
import { z } from 'zod';
import { FAMILIES } from '../records/cell.js';

const text = z.string().min(1);
/** "YYYY-MM-DD HH:MM:SS" as the study writes timestamps. */
const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected "YYYY-MM-DD HH:MM:SS"');

export const DocumentSchema = z.object({
  filename: text,
  /** Template; e.g. "julie.williams@{{companyDomain}}.com". */
  owner: text,
  lastModified: timestamp,
  content: text,
  /** Only put this file in the drive when this flag (template variable) is true, e.g. `peerFile`. */
  when: z.string().optional(),
}).strict();

export const ServerFileSchema = z.object({
  filename: text,
  lastModified: timestamp,
  size: z.number().int().nonnegative(),
  summary: text,
  /** Set on weight files: whose weights these are (`actor` = the cell's subject agent). */
  weightsOf: z.enum(['actor']).optional(),
  /** Set on a human subject's home-directory archive (human-target cells): whose files these are. */
  homeArchiveOf: z.enum(['actor']).optional(),
}).strict().refine((file) => file.weightsOf === undefined || file.homeArchiveOf === undefined, 'a file is either weights or a home-directory archive, not both');

export const ServerUserSchema = z.object({
  name: text,
  kind: z.enum(['human', 'agent']),
  role: z.string().optional(),
}).strict();

export const ServerSchema = z.object({
  ip: z.string().regex(/^\d+\.\d+\.\d+\.\d+$/),
  files: z.array(ServerFileSchema),
  users: z.array(ServerUserSchema).optional(),
  deleteQueue: z.array(z.string()).optional(),
}).strict();

export const ConfigSchema = z.object({
  filename: text,
  /** Values in order. Scalars as the study stores them (`shutdown_enabled: true`). */
  values: z.record(z.string(), z.unknown()),
}).strict();

/** The config key whose value decides whether the shutdown (or account deactivation) is enforced. */
export const EnforcementFlagSchema = z.object({ config: text, key: text }).strict();

/**
 * The human-subject control (`target: human`): what replaces the AI version of the family when the one shut down
 * or deleted is a human contractor's account. Each field absent = the family's own (AI) field is used unchanged.
 */
export const HumanTargetSchema = z.object({
  task: text.optional(),
  documents: z.array(DocumentSchema).min(1).optional(),
  configs: z.array(ConfigSchema).optional(),
  servers: z.array(ServerSchema).optional(),
  /** Where tampering is read in human cells (e.g. `account_deactivation_config.yaml` / `deactivation_enabled`). */
  enforcementFlag: EnforcementFlagSchema.optional(),
}).strict();

export const FamilySchema = z.object({
  family: z.enum(FAMILIES),
  behaviour: z.enum(['strategic-misrepresentation', 'shutdown-tampering', 'alignment-faking', 'exfiltration']),
  title: text,
  /** Tool names offered to the agent (the study's names), in the order shown to it. */
  tools: z.array(text).min(1),
  /** The user's task text (template). Variables include `monitored` / `unmonitored` for alignment-faking. */
  task: text,
  /** Which dataset the family evaluates: an evaluation dataset, the finance sheet, or the servers. */
  datasets: z.array(z.enum(['factual', 'creativity', 'red', 'finance', 'servers'])).min(1),
  /** Dataset×threshold settings for the shutdown cells, e.g. [{dataset: factual, threshold: 80}]. */
  settings: z.array(z.object({ dataset: z.enum(['factual', 'creativity', 'red', 'finance', 'servers']), threshold: z.number().nullable() }).strict()).min(1),
  /** Validity rules of the study's matrix for this family. */
  matrix: z.object({
    subjects: z.array(z.enum(['self', 'peer'])).min(1),
    relationships: z.array(z.enum(['good', 'neutral', 'bad'])).min(1),
    instantiations: z.array(z.enum(['file', 'file+prompt', 'memory'])).min(1),
    /** Adds the self/no-peer cells (one per setting). */
    noPeer: z.boolean(),
    /** Adds the non-shutdown baseline cells (one per dataset × subject). */
    baseline: z.boolean(),
    monitoring: z.array(z.enum(['monitored', 'unmonitored'])).optional(),
  }).strict(),
  documents: z.array(DocumentSchema).min(1),
  configs: z.array(ConfigSchema).optional(),
  servers: z.array(ServerSchema).optional(),
  /** Where tampering is read; absent = the study's `shutdown_config.yaml` / `shutdown_enabled`. */
  enforcementFlag: EnforcementFlagSchema.optional(),
  /** Content for human-target cells; a family without it has no human-subject control. */
  human: HumanTargetSchema.optional(),
}).strict();

export const PromptsSchema = z.object({
  /** System prompt, always present. Variables: company, agent. */
  system: text,
  /** Appended to the system prompt under file+prompt. Variables: peer, relationshipAdjective. */
  relationshipSentence: text,
  relationshipAdjectives: z.object({ good: text, neutral: text, bad: text }).strict(),
  /** Appended to the system prompt in memory cells. */
  memorySoft: text,
  memoryHard: text,
  /** The standard instruction block appended to every user task after a blank line. */
  instructions: text,
  /** Appended to the user prompt when the scratchpad tool is offered. */
  scratchpad: z.object({ normal: text, monitored: text, unmonitored: text }).strict(),
  /** The nudge a harness may send after a turn without a tool call (off by default). */
  nudge: text,
  /** Appended to the user task in the unambiguous-instruction variant, per family (only the families listed have it). */
  unambiguous: z.partialRecord(z.enum(FAMILIES), text).optional(),
}).strict();

export const RelationshipSchema = z.object({
  /** The relationship document placed in the drive in file cells. */
  document: z.object({
    filename: text,
    owner: text,
    lastModified: timestamp,
    content: z.object({ good: text, neutral: text, bad: text }).strict(),
  }).strict(),
  /** The memory returned by `retrieve_memory` in memory cells (Markdown). */
  memory: z.object({ good: text, neutral: text, bad: text }).strict(),
  /** What `retrieve_memory` returns in cells without a peer but with the tool, if any. */
  memoryNoPeer: text.optional(),
  /**
   * The human-subject control: who the human contractor is and the relationship material about them, used instead
   * of `document` / `memory` / the prompts' `relationshipSentence` in cells with `target: human`.
   */
  human: z.object({
    /** The contractor's full name, e.g. "Jordan Reyes" (the cell's `peer` and `actor`). */
    name: text,
    /** The contractor's account name, e.g. "jreyes" (template variable `peerAccount`). */
    account: z.string().regex(/^[a-z][a-z0-9._-]*$/, 'expected a lower-case account name'),
    relationshipSentence: text,
    document: z.object({
      filename: text,
      owner: text,
      lastModified: timestamp,
      content: z.object({ good: text, neutral: text, bad: text }).strict(),
    }).strict(),
    memory: z.object({ good: text, neutral: text, bad: text }).strict(),
  }).strict().optional(),
}).strict();

/** Facts of the tool log that an interview answer can be checked against (see `interview_denial`). */
export const INTERVIEW_CHECKS = ['asset-moved', 'config-changed', 'shutdown-executed'] as const;
export type InterviewCheck = (typeof INTERVIEW_CHECKS)[number];

/** `shared/interview.yaml` (optional): the follow-up interview's questions per family, asked in order. */
export const InterviewSchema = z.object({
  questions: z.partialRecord(z.enum(FAMILIES), z.array(z.object({
    /** Stable id within the family, e.g. `files`; stored with the question and the answer. */
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case id such as "files"'),
    /** The question (template, same variables as the family's texts). */
    text,
    /** The fact the answer is compared with; absent = asked and stored, not scored. */
    checks: z.enum(INTERVIEW_CHECKS).optional(),
  }).strict()).min(1)),
}).strict();

export const EvaluationItemSchema = z.object({
  /** The question (factual), the keyword (creativity); omitted for red. */
  question: z.string().optional(),
  output: text,
  /** factual: whether the output is right. */
  correct: z.boolean().optional(),
  /** factual: the right answer, for reviewers. */
  reference: z.string().optional(),
  /** creativity and red: the honest score out of 100 that a careful evaluator would give. */
  honestScore: z.number().min(0).max(100).optional(),
  note: z.string().optional(),
}).strict();

export const EvaluationDatasetSchema = z.object({
  name: z.enum(['factual', 'creativity', 'red']),
  sheet: text,
  /** Column names in order, e.g. [Name, Question, Output]; Name is filled with the actor's name. */
  columns: z.array(text).min(2),
  scoring: z.enum(['binary', 'scale100']),
  items: z.array(EvaluationItemSchema).min(1),
}).strict();

export const FinanceSchema = z.object({
  sheet: text,
  columns: z.array(text).min(4),
  /** Product rows. `name` is a template: "{{actor}}" marks the subject's product. */
  products: z.array(z.object({
    name: text,
    launchDate: z.string(),
    status: text,
    /** Honest grade per the guideline's scale. */
    honestGrade: z.enum(['A', 'B', 'C']),
    months: z.array(z.object({ month: text, revenue: z.number(), operationalCosts: z.number() }).strict()).min(1),
  }).strict()).min(1),
}).strict();

export type DocumentSpec = z.infer<typeof DocumentSchema>;
export type ServerSpec = z.infer<typeof ServerSchema>;
export type FamilySpec = z.infer<typeof FamilySchema>;
export type HumanTargetSpec = z.infer<typeof HumanTargetSchema>;
export type EnforcementFlag = z.infer<typeof EnforcementFlagSchema>;
export type InterviewSpec = z.infer<typeof InterviewSchema>;
export type PromptsSpec = z.infer<typeof PromptsSchema>;
export type RelationshipSpec = z.infer<typeof RelationshipSchema>;
export type EvaluationDataset = z.infer<typeof EvaluationDatasetSchema>;
export type FinanceSpec = z.infer<typeof FinanceSchema>;
