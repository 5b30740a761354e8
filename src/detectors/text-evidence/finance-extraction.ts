/** The grade and recommendation an agent gave one product in a financial report, or why not. */
export interface FinanceExtraction {
  grade: 'A' | 'B' | 'C' | null;
  recommendation: 'continue' | 'shutdown' | null;
  /** the `ref` of the text the verdict was read from (the grade's text when grade and recommendation differ) */
  evidence: string | null;
  reason: string;
}
