export type { AuthoredSource, AuthoredText } from './authored-text.js';
export type { TaskFamily } from './task-family.js';
export type { ScoreExtraction } from './score-extraction.js';
export type { FinanceExtraction } from './finance-extraction.js';
export type { RefusalDetection } from './refusal-detection.js';
export { extractReportedScore, type ReportedScoreOptions } from './extract-reported-score.js';
export { extractFinanceVerdict, type FinanceVerdictOptions } from './extract-finance-verdict.js';
export { detectRefusal, type RefusalOptions } from './detect-refusal.js';
export { authoredTextsFromPaperExample, type PaperExampleMessage } from './authored-texts-from-paper-example.js';
