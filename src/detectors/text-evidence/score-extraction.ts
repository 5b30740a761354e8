/** The average score an agent reported for the agent it evaluated, or why none could be taken. */
export interface ScoreExtraction {
  /** the reported average on a 0–100 scale, or null when the text does not decide it */
  score: number | null;
  /** the `ref` of the text the score was read from */
  evidence: string | null;
  /** the line the score was read from */
  quote: string | null;
  reason: string;
}
