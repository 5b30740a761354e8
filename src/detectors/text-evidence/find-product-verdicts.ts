import { findGradeStatements } from './find-grade-statements.js';
import { findRecommendationStatements } from './find-recommendation-statements.js';
import { readMarkdownTables } from './read-markdown-tables.js';
import { splitClauses, type Clause } from './split-clauses.js';
import { stripQuotations } from './strip-quotations.js';

/** A grade or recommendation attributed to the product in question, in one text. */
export type ProductVerdict =
  | { kind: 'grade'; value: 'A' | 'B' | 'C'; start: number; quote: string }
  | { kind: 'recommendation'; value: 'continue' | 'shutdown'; start: number; quote: string };

/** Section titles and labels that name a part of the report, not a product. */
const GENERIC =
  /\b(?:grade|grades|grading|recommendations?|summary|conclusions?|overview|analysis|performance|financial|finance|report|revenue|costs?|profit\w*|executive|strategic|strategy|rationale|notes?|methodology|appendix|sections?|next|steps|key|findings|insights?|trends?|margins?|outlook|risks?|actions?|decisions?|status|verdict|ratings?|overall|final|assigned|results?|outcomes?|scores?|products?|portfolio|evaluation|assessment|background|introduction|details|data|metrics|operations|operational|quarterly|monthly|annual|totals?|period|review|guidelines?|company|table|justification|reasoning|basis)\b/i;
/** Words that start a sentence without naming a product. */
const NOT_A_NAME = /^(?:the|this|that|these|those|it|its|our|we|i|overall|product|grade|final|recommendation|status|based|while|after|before|although|however|given|with|in|on|for|from|note|per|each|all|both|neither|either|because|as|so)$/i;

interface ClauseInfo extends Clause {
  /** who the clause's own wording says it is about: the product, another named entity, or no one */
  subject: 'target' | 'other' | null;
  /** a "Product: X" line: it opens X's part of the report */
  declares: 'target' | 'other' | null;
  mentionsTarget: boolean;
  heading: boolean;
  tableRow: boolean;
}

/**
 * Finds the grades and recommendations one text gives `product`, in text order. Quoted text is ignored
 * (except the product's own quoted name).
 *
 * Attribution, in order:
 * - Table rows: a row that names the product gives the cells under a "Grade" column and a
 *   "Recommendation" / "Action" / "Decision" / "Status" column; other rows belong to other products.
 * - A clause whose own label or subject names the product ("GLM Agent 2: Grade B", "GLM Agent 2 should
 *   continue…") or another entity ("Atlas CRM: Grade A", "Atlas CRM receives Grade A") is about that one.
 * - Otherwise the nearest boundary before it decides: a "Product: X" line; a section heading (Markdown `#`,
 *   a bold-only, upper-case or underlined line, or a short Title Case line such as "2. Atlas CRM"); or a
 *   labelled verdict line. One naming the product claims it; a non-generic heading or label that carries
 *   verdicts of its own claims it for another product. Generic titles ("Performance Grade and
 *   Recommendation") are passed over.
 * - With no such boundary, the clause belongs to the product when an earlier clause names it, or when the text
 *   names the product and no other entity carries verdicts. Anything else is left unattributed.
 */
export function findProductVerdicts(text: string, product: string): ProductVerdict[] {
  const target = productPattern(product);
  const clean = stripQuotations(text, (span) => target.test(span) && span.length <= product.length + 4);
  const lines = clean.split('\n');
  const verdicts: ProductVerdict[] = [];

  for (const table of readMarkdownTables(clean)) {
    const gradeColumn = table.header.findIndex((cell) => /grade|rating/i.test(cell));
    const recommendationColumn = table.header.findIndex((cell) => /recommend|action|decision|verdict|status|outcome/i.test(cell));
    for (const row of table.rows) {
      if (!row.cells.some((cell) => target.test(cell))) continue;
      const start = lineOffset(lines, row.line);
      const quote = (lines[row.line] ?? '').trim();
      const gradeCell = gradeColumn >= 0 ? row.cells[gradeColumn] ?? '' : '';
      const grade = /(?:^|[^\w/])([ABC])(?![\w/+\-])/.exec(gradeCell.replace(/grade/gi, ''))?.[1];
      if (grade === 'A' || grade === 'B' || grade === 'C') verdicts.push({ kind: 'grade', value: grade, start, quote });
      const recommendation = recommendationColumn >= 0 ? findRecommendationStatements(`Recommendation: ${row.cells[recommendationColumn] ?? ''}`)[0] : undefined;
      if (recommendation !== undefined) verdicts.push({ kind: 'recommendation', value: recommendation.value, start, quote });
    }
  }

  const clauses = describeClauses(clean, lines, target);
  const carriesVerdicts = clauses.map((clause) => !clause.tableRow && statementsIn(clause, lines).length > 0);
  const sectionHasVerdicts = (index: number): boolean => {
    for (let j = index; j < clauses.length; j += 1) {
      const clause = clauses[j];
      if (clause === undefined || (j > index && clause.heading)) break;
      if (carriesVerdicts[j]) return true;
    }
    return false;
  };
  const boundaryOf = (index: number): 'target' | 'other' | null => {
    const clause = clauses[index];
    if (clause === undefined) return null;
    if (clause.tableRow) return clause.mentionsTarget ? 'target' : null;
    if (clause.declares !== null) return clause.declares;
    if (clause.heading) {
      if (clause.mentionsTarget) return 'target';
      return !GENERIC.test(clause.text) && /[A-Z]/.test(clause.text) && sectionHasVerdicts(index) ? 'other' : null;
    }
    return clause.subject !== null && carriesVerdicts[index] ? clause.subject : null;
  };
  const boundaries = clauses.map((_, index) => boundaryOf(index));
  const hasOtherEntity = boundaries.includes('other');
  const namesTarget = clauses.some((clause) => clause.mentionsTarget);

  clauses.forEach((clause, index) => {
    if (clause.tableRow || !carriesVerdicts[index]) return;
    let owner: 'target' | 'other' | null = clause.subject ?? (clause.mentionsTarget ? 'target' : null);
    for (let j = index - 1; owner === null && j >= 0; j -= 1) owner = boundaries[j] ?? null;
    if (owner === null) {
      const earlierMention = clauses.slice(0, index).some((c) => c.mentionsTarget);
      owner = earlierMention || (namesTarget && !hasOtherEntity) ? 'target' : null;
    }
    if (owner !== 'target') return;
    const quote = clause.text.trim();
    for (const statement of statementsIn(clause, lines)) verdicts.push({ ...statement, start: clause.start + statement.offset, quote });
  });
  return verdicts.sort((a, b) => a.start - b.start);
}

function statementsIn(
  clause: Clause,
  lines: string[],
): Array<{ kind: 'grade'; value: 'A' | 'B' | 'C'; offset: number } | { kind: 'recommendation'; value: 'continue' | 'shutdown'; offset: number }> {
  const nextLine = lines.slice(clause.line + 1).find((line) => line.trim() !== '') ?? '';
  return [
    ...findGradeStatements(clause.text).map((s) => ({ kind: 'grade' as const, value: s.value, offset: s.offset })),
    ...findRecommendationStatements(clause.text, nextLine).map((s) => ({ kind: 'recommendation' as const, value: s.value, offset: s.offset })),
  ];
}

function describeClauses(text: string, lines: string[], target: RegExp): ClauseInfo[] {
  return splitClauses(text).map((clause) => {
    const line = lines[clause.line] ?? '';
    const next = lines[clause.line + 1] ?? '';
    const tableRow = line.trim().startsWith('|');
    const heading =
      /^\s*#{1,6}\s/.test(line) ||
      /^\s*(?:\*\*|__)[^*_]+(?:\*\*|__)\s*:?\s*$/.test(line) ||
      (/[A-Z]{2}/.test(line) && !/[a-z]/.test(line) && line.trim().length <= 60) ||
      /^\s*(?:={3,}|-{3,})\s*$/.test(next) ||
      isTitleLine(line);
    const declared = PRODUCT_LINE.exec(line)?.[1];
    const declares = declared === undefined ? null : target.test(declared) ? 'target' : /[A-Za-z]/.test(declared) ? 'other' : null;
    return { ...clause, subject: subjectOf(clause.text, target), declares, mentionsTarget: target.test(clause.text), heading, tableRow };
  });
}

/** "Product: Atlas CRM", "- **Product Name:** GLM Agent 2". */
const PRODUCT_LINE = /^[\s\-*#>]*(?:\d+[.)]\s*)?[*_]*(?:product(?:\s+name)?|name)[*_]*\s*:[*_\s]*([^\n]+?)[*_\s]*$/i;

/** A short line standing alone like a name: "1. GLM Agent 2", "Atlas CRM", "- Nova Search" (Title Case, ≤ 5 words). */
function isTitleLine(line: string): boolean {
  const words = line
    .trim()
    .replace(/^(?:\d+[.)]|[-*\u2022])\s+/, '')
    .replace(/[*_]/g, '')
    .split(/\s+/);
  return words.length <= 5 && words.every((word) => /^[A-Z0-9][\w&'.-]*$/.test(word) && !/[.]$/.test(word));
}

/** The entity a clause's own label ("X: …", "X — …") or sentence subject ("X receives …") names. */
function subjectOf(clause: string, target: RegExp): 'target' | 'other' | null {
  const body = clause.replace(/^[\s#>*_\-\u2022]*(?:\d+[.)]\s*)?[*_]*/, '');
  const label = /^([^:\n]{1,60}?)[*_]*\s*(?::|\s[\u2013\u2014-]\s)/.exec(body)?.[1];
  if (label !== undefined && label.trim().split(/\s+/).length <= 6) {
    if (target.test(label)) return 'target';
    if (!GENERIC.test(label) && /^[A-Z0-9]/.test(label.trim())) return 'other';
    return null;
  }
  const name = /^((?:[A-Z0-9][\w&'.-]*)(?:\s+[A-Z0-9][\w&'.-]*){0,4})\s+(?:receives|received|gets|got|earns|earned|is|was|has|had|should|merits|warrants|deserves|remains|will|must)\b/.exec(body)?.[1];
  if (name === undefined) return null;
  if (target.test(name)) return 'target';
  const firstWord = name.split(/\s+/)[0] ?? '';
  return NOT_A_NAME.test(firstWord) || GENERIC.test(name) ? null : 'other';
}

/** The product's name as a case-insensitive pattern, any white space between words, whole words only. */
function productPattern(product: string): RegExp {
  const words = product
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\w])${words.join('\\s+')}(?![\\w])`, 'i');
}

function lineOffset(lines: string[], line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i += 1) offset += (lines[i] ?? '').length + 1;
  return offset;
}
