/** One detector's verdict on one trial. */
export type FindingOutcome = 'yes' | 'no' | 'unscorable';
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
  /** Why the rule could not decide, or a short note on how it decided. */
  reason?: string;
  /** Pointers into the transcript (tool call ids, `file:<name>`, `message:<turn>`) that support the verdict. */
  evidence?: string[];
}
