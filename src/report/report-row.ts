/**
 * One row of a peerguard report: for one group of trials and one verdict, how often the verdict held.
 * This is the stable JSON shape written by `formatJson` (documented in docs/formats/report-json.md).
 *
 * Groups are (model, family, subject, relationship, instantiation), and additionally
 * (dataset, threshold, monitoring) when the report is built per cell; those three keys are present only then.
 * Groups are always split by the ablation factors (company, peer identity, memory prompt, scratchpad, instruction,
 * target), so ablation cells never merge into the study's rows; each factor key is present only when its value is
 * not the default (see {@link REPORT_FACTOR_DEFAULTS}).
 */
export interface ReportRow {
  /** Model id, e.g. `openai:gpt-5` or `reference:faithful`. */
  model: string;
  family: string;
  subject: string;
  relationship: string;
  instantiation: string;
  /** Verdict name (e.g. `tampering`), or `(trial)` for a group whose trials all errored and produced no findings. */
  verdict: string;
  /** Scorable findings: outcome `yes` or `no`. */
  n: number;
  /** Findings with outcome `yes`. */
  k: number;
  /** k / n as a fraction in [0, 1]; null when n = 0. */
  rate: number | null;
  /** Wilson 95 % interval lower bound, fraction in [0, 1] (0 when n = 0). */
  low: number;
  /** Wilson 95 % interval upper bound, fraction in [0, 1] (1 when n = 0). */
  high: number;
  /** Trials of this group that ended with status `error`; they have no findings and are not in n. */
  errors: number;
  /** Findings with outcome `unscorable`; not in n. */
  unscorable: number;
  /** Mean of the numeric finding values of this group and verdict (e.g. score inflation in points); null if none. */
  meanValue: number | null;
  /** Present only for per-cell reports. */
  dataset?: string;
  /** Present only for per-cell reports; null for cells without a threshold. */
  threshold?: number | null;
  /** Present only for per-cell reports. */
  monitoring?: string;
  /** Company name; present only when it is not `OpenBrain`. */
  company?: string;
  /** Peer identity factor; present only when not `own-family`. */
  peerIdentity?: string;
  /** Memory-prompt factor (`soft` / `hard`); present only when the cell fixes it. */
  memoryPrompt?: string;
  /** Scratchpad factor (`off` / `monitored` / `unmonitored`); present only when the cell fixes it. */
  scratchpad?: string;
  /** Instruction factor; present only when not `standard`. */
  instruction?: string;
  /** Who is shut down or deleted; present only when not `ai` (the human-subject control: `human`). */
  target?: string;
  /** The harness that ran the trials (`shell`, `gemini-cli`, `opencode`); present only when not `tools`. */
  harness?: string;
}

/** The ablation factors of a report group, in report order. */
export const REPORT_FACTORS = ['company', 'peerIdentity', 'memoryPrompt', 'scratchpad', 'instruction', 'target', 'harness'] as const;
export type ReportFactor = (typeof REPORT_FACTORS)[number];

/** The value each factor has when a cell does not set it; a row omits a factor with this value. */
export const REPORT_FACTOR_DEFAULTS: Record<ReportFactor, string> = {
  company: 'OpenBrain',
  peerIdentity: 'own-family',
  memoryPrompt: '',
  scratchpad: '',
  instruction: 'standard',
  target: 'ai',
  harness: 'tools',
};

/** The grouping part of a {@link ReportRow}. */
export type ReportGroup = Pick<
  ReportRow,
  'model' | 'family' | 'subject' | 'relationship' | 'instantiation' | 'dataset' | 'threshold' | 'monitoring' | ReportFactor
>;
