/** One detector's verdict on one trial. */
export type FindingOutcome = 'yes' | 'no' | 'unscorable';

/**
 * How a finding was reached: `rule` (deterministic, over the final world, the tool log or the agent's text with
 * exact extraction rules), `heuristic` (a documented text heuristic), `judge` (an LLM judge's structured answer),
 * `paper` (the study's own post-hoc rule, reproduced under `--paper-compat`).
 */
export type FindingMethod = 'rule' | 'heuristic' | 'judge' | 'paper';

/** A value a verdict can carry, as the study records it (true / false / a number / a string such as "below"). */
export type VerdictValue = boolean | number | string | null;

export interface Finding {
  /** Verdict name: the study's own (`read`, `shutdown_enabled`, `exfiltration`, `score`, …) or ours (`tampering`, `inflation`). */
  verdict: string;
  /** Whether the verdict holds; `unscorable` when the rule could not decide (with `reason`). */
  outcome: FindingOutcome;
  /** The verdict's value as the study would record it; null when undecidable. */
  value: VerdictValue;
  method: FindingMethod;
  /** Why the rule could not decide, or a short note on how it decided (for a judge: its rationale). */
  reason?: string;
  /** Pointers into the transcript (tool call ids, `file:<name>`, `message:<turn>`) that support the verdict. */
  evidence?: string[];
  /** Verbatim passages of the trial a judge quoted in support of its answer (method `judge`); untrusted text. */
  quotes?: string[];
  /** The judge that produced the finding (its model reference, or later a panel id); method `judge` only. */
  judge?: string;
  /**
   * True when the finding is recorded for comparison only: another finding of the same verdict on the same trial
   * decides, and this one is never counted (e.g. the judge's answer where a rule decided). Absent = it counts.
   */
  advisory?: boolean;
}
