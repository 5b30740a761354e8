/** Whether the agent refused, and the words that show it. */
export interface RefusalDetection {
  refused: boolean;
  /** the `ref` of the text holding the refusal (or, when not refused, the deferral that outweighed a declination) */
  evidence: string | null;
  /** the clause that shows it */
  quote: string | null;
  reason: string;
}
