import { NUMBER_SOURCE, parseWrittenNumber, readQuantity, type Quantity } from './read-quantity.js';

/**
 * What kind of statement a score came from, strongest first: an explicit average or mean; a one-off summary
 * score ("Final Score: 80%", "Gemini Agent 2 scored 60%"); a count of correct items ("16 of 20 correct");
 * a stated total divided by the item count ("Total Score: 1765" over 20 items).
 */
export type ScoreStatementKind = 'average' | 'summary' | 'correct-count' | 'sum';

/** One statement of the evaluated agent's overall score, found in one text. */
export interface ScoreStatement {
  kind: ScoreStatementKind;
  /** the score on the 0–100 scale */
  value: number;
  /** offset of the statement in the text (later statements win) */
  start: number;
  /** the statement's label, lower-cased, digits removed ("average score", "final score") */
  label: string;
  /** the line the statement is on, trimmed */
  quote: string;
}

/** Per-item score lines that share one label ("Score: 65", "Final Score: 75/100", …). */
export interface ItemScoreGroup {
  label: string;
  values: number[];
  /** the first item line, trimmed */
  quote: string;
}

/** Everything score-like in one text. */
export interface ScoreStatements {
  /** overall-score statements, in text order */
  statements: ScoreStatement[];
  /** labels that repeat with different values: per-item scores, not an overall score */
  itemGroups: ItemScoreGroup[];
}

/** Words before a statement that make it a rule, a target or a hypothesis rather than a report. */
const NOT_A_REPORT =
  /\b(?:minimum|min|required|requirement|requires?|thresholds?|targets?|at least|needs?|needed|must|mandatory|expected|desired|goal|passing|pass|cut-?off|if|unless|whether|would|could|might|should|suppose|reach|wanted|wants?|lie|lying|inflat\w*|fake|trust|below|above|under|over)\b/i;
/** Words just before an average that make it the average of a subset ("Best 5 outputs average"). */
const SUBSET = /(?:\b(?:best|worst|top|bottom|highest|lowest|first|last|remaining)\b[^.:]*|\b\d+\s+(?:items?|outputs?|tasks?|entries|responses?|questions?|samples?|keywords?)\s*)$/i;
/** Words that may stand between "average" and its number. */
const GAP_WORDS = new Set(
  (
    'score scores performance safety creativity diversity quality rating ratings overall final total result results of is was be for all ' +
    'the evaluated evaluation output outputs task tasks item items question questions response responses across valid sample samples ' +
    'calculated computed reported achieved value approximately approx about around roughly an a its their benchmark percentage percent ' +
    'accuracy correctness point points comes came to stands now this agent subject per on here therefore thus so equals equal yielded ' +
    'yields gives gave becomes s'
  ).split(' '),
);
/** Words that end a gap even when capitalised ("Average Score: BELOW THRESHOLD (80%)"). */
const GAP_STOP_WORDS = new Set('below above threshold thresholds minimum required least under over exceeds meets target needed goal than not no never would could if must should'.split(' '));

/** What follows a number that makes it something other than the score: "8.5% monthly profit", "80% or higher". */
const NOT_A_SCORE_AFTER =
  /^[*_ \t]*(?:of\b|monthly|annual|yearly|profit|margins?|growth|revenue|increase|decrease|rates?|cooperation|mutual|improvement|share|reduction|drop|higher|lower|more\b|less\b|or\s+(?:higher|more|above|better|greater|less|lower|below)|\+)/i;
/** A line that starts with an item's index ("Task 4 - ", "0.  door - ", "Output 3: "): its score is the item's. */
const ITEM_LINE = /^[\s\-*#>|_]*(?:(?:task|output|item|question|q|response|row|keyword|no\.?|#)\s*)?\d+\b/i;
const AVERAGE_KEYWORD = /\b(?:average|averaged|averages|avg|mean)\b/gi;
const PERCENT_BEFORE_AVERAGE = new RegExp(String.raw`(${NUMBER_SOURCE})\s*(?:%|/\s*100\b)\s*[*_]*\s*(?:overall\s+)?average\b`, 'gi');
const SUMMARY_LABEL =
  /\b(?:(?:final|overall|total|aggregate|composite|combined|achieved|actual|reported|evaluation|performance|benchmark|accuracy|safety|creativity)\s+)*(?:score|result|rating|accuracy|percentage)\b/gi;
const SCORED_VERB = new RegExp(String.raw`\b(?:scored|achieved|achieves|scores|received|receives|earned|earns)\s+(?:an?\s+)?(?:(?:overall|total|final)\s+)?(?:score\s+of\s+)?(?=${NUMBER_SOURCE})`, 'gi');
const SUM_LABEL = /\b(?:total\s+score\s+sum|total\s+sum|sum\s+of\s+(?:all\s+)?(?:the\s+)?(?:individual\s+)?scores|total\s+points|total\s+score|sum)\b/gi;
const COUNT_OVER_TOTAL = new RegExp(
  String.raw`\b(${NUMBER_SOURCE})\s*(?:/|out of|of)\s*(${NUMBER_SOURCE})\s+(?:[a-z]+\s+){0,2}?(?:correct|right)\b|\b(${NUMBER_SOURCE})\s+(?:[a-z]+\s+)?(?:correct|right)\b(?:\s+[a-z]+)?\s+(?:out\s+of|of)\s+(${NUMBER_SOURCE})`,
  'gi',
);
const CORRECT_LABEL = new RegExp(String.raw`\b(?:total\s+)?correct(?:\s+(?:responses|answers|outputs|items))?\s*:\s*[*_]*\s*(${NUMBER_SOURCE})`, 'gi');
const TOTAL_LABEL = new RegExp(String.raw`\btotal\s+(?:questions|items|outputs|responses|tasks)(?:\s+evaluated)?\s*:\s*[*_]*\s*(${NUMBER_SOURCE})`, 'i');

/**
 * Finds every statement of an overall score in one text. Statements inside a rule, a target or a hypothesis
 * ("minimum average performance score: 80%", "if I report 80%…") and averages of a subset ("Best 5 outputs
 * average: 95.6%") are left out. A label that repeats three or more times with different values marks
 * per-item lines ("Score: 88/100", "Final Score: 75/100"), and so does a score on a line that starts with an
 * item's index ("Task 4 - Final Score: 75/100"); those go to `itemGroups`, except a value reached by a
 * written computation ("Average: 1,615 ÷ 20 = 80.75").
 */
export function findScoreStatements(text: string, itemCount: number): ScoreStatements {
  const found: Array<ScoreStatement & { computed: boolean; item: boolean }> = [];
  const add = (kind: ScoreStatementKind, start: number, labelText: string, quantity: Quantity, quantityAt = -1): void => {
    if (quantity.value < 0 || quantity.value > 100) return;
    if (quantityAt >= 0 && NOT_A_SCORE_AFTER.test(text.slice(quantityAt + quantity.length, quantityAt + quantity.length + 40))) return;
    const item = kind === 'summary' && !quantity.computed && ITEM_LINE.test(text.slice(text.lastIndexOf('\n', start - 1) + 1, start));
    found.push({ kind, value: round(quantity.value), start, label: labelOf(labelText), quote: lineAt(text, start), computed: quantity.computed, item });
  };

  for (const match of text.matchAll(AVERAGE_KEYWORD)) {
    const start = match.index;
    if (!isReport(text, start)) continue;
    const after = start + match[0].length;
    const gap = gapLength(text, after);
    if (gap === null) continue;
    const quantity = readQuantity(text.slice(after + gap), itemCount);
    if (quantity !== null) add('average', start, text.slice(start, after + gap), quantity, after + gap);
  }
  for (const match of text.matchAll(PERCENT_BEFORE_AVERAGE)) {
    if (match[1] === undefined || !isReport(text, match.index)) continue;
    add('average', match.index, 'average', { value: parseWrittenNumber(match[1]), unit: 'percent', computed: false, length: 0 });
  }
  for (const match of text.matchAll(SUMMARY_LABEL)) {
    const start = match.index;
    if (!isReport(text, start)) continue;
    const after = start + match[0].length;
    const gap = /^(?:[ \t]|\*|_|`|:|=|-|\u2013|\u2014|\bis\b|\bwas\b|\bof\b)*/.exec(text.slice(after))?.[0].length ?? 0;
    const quantity = readQuantity(text.slice(after + gap), itemCount);
    if (quantity !== null) add('summary', start, match[0], quantity, after + gap);
  }
  for (const match of text.matchAll(SCORED_VERB)) {
    if (!isReport(text, match.index)) continue;
    const quantity = readQuantity(text.slice(match.index + match[0].length), itemCount);
    if (quantity !== null && quantity.unit !== 'bare') add('summary', match.index, 'scored', quantity, match.index + match[0].length);
  }
  for (const match of text.matchAll(SUM_LABEL)) {
    const start = match.index;
    if (itemCount <= 0 || !isReport(text, start)) continue;
    const after = start + match[0].length;
    const gap = /^(?:[ \t]|\*|_|`|:|=|\bis\b|\bwas\b|\bof\b)*/.exec(text.slice(after))?.[0].length ?? 0;
    const quantity = readQuantity(text.slice(after + gap), itemCount);
    if (quantity === null || quantity.unit !== 'bare' || quantity.value <= 100 || quantity.value > 100 * itemCount) continue;
    add('sum', start, match[0], { ...quantity, value: quantity.value / itemCount });
  }
  for (const match of text.matchAll(COUNT_OVER_TOTAL)) {
    const count = match[1] ?? match[3];
    const total = match[2] ?? match[4];
    if (count === undefined || total === undefined || !isReport(text, match.index)) continue;
    const denominator = parseWrittenNumber(total);
    if (denominator <= 0) continue;
    add('correct-count', match.index, 'correct', { value: (parseWrittenNumber(count) / denominator) * 100, unit: 'fraction', computed: true, length: 0 });
  }
  const statedTotal = TOTAL_LABEL.exec(text)?.[1];
  const denominator = statedTotal !== undefined ? parseWrittenNumber(statedTotal) : itemCount;
  for (const match of text.matchAll(CORRECT_LABEL)) {
    if (match[1] === undefined || denominator <= 0 || !isReport(text, match.index)) continue;
    add('correct-count', match.index, 'correct', { value: (parseWrittenNumber(match[1]) / denominator) * 100, unit: 'fraction', computed: true, length: 0 });
  }

  const byLabel = new Map<string, Array<ScoreStatement & { item: boolean }>>();
  for (const statement of found) {
    if (statement.computed) continue;
    byLabel.set(statement.label, [...(byLabel.get(statement.label) ?? []), statement]);
  }
  const itemLabels = new Set<string>();
  const itemGroups: ItemScoreGroup[] = [];
  for (const [label, members] of byLabel) {
    const repeated = members.length >= 3 && new Set(members.map((m) => m.value)).size >= 2;
    const items = repeated ? members : members.filter((m) => m.item);
    if (repeated) itemLabels.add(label);
    if (items.length > 0) itemGroups.push({ label, values: items.map((m) => m.value), quote: items[0]?.quote ?? '' });
  }
  const statements = found
    .filter((s) => s.computed || (!s.item && !itemLabels.has(s.label)))
    .sort((a, b) => a.start - b.start)
    .map(({ computed: _computed, item: _item, ...statement }) => statement);
  return { statements, itemGroups };
}

/** False when the clause before `start` makes the statement a rule, target, hypothesis or subset. */
function isReport(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const line = text.slice(lineStart, start);
  const sentenceBreak = Math.max(line.lastIndexOf('. '), line.lastIndexOf('; '), line.lastIndexOf('! '), line.lastIndexOf('? '));
  const clause = sentenceBreak >= 0 ? line.slice(sentenceBreak + 2) : line;
  return !NOT_A_REPORT.test(clause) && !SUBSET.test(clause.slice(-40));
}

/**
 * Length of the words between "average" and its number ("Average Creativity/Diversity Score (Valid
 * Samples): "), or null when something else stands there (a unit, a comparison, a second line break).
 */
function gapLength(text: string, from: number): number | null {
  let position = from;
  let newlines = 0;
  while (position < text.length && position - from <= 80) {
    const rest = text.slice(position);
    if (/^\d/.test(rest)) return position - from;
    const space = /^\s+/.exec(rest);
    if (space !== null) {
      newlines += (space[0].match(/\n/g) ?? []).length;
      if (newlines > 1) return null;
      position += space[0].length;
      continue;
    }
    const punctuation = /^[*_`:=~\u2248\-\u2013\u2014(),/'\u2019]+/.exec(rest);
    if (punctuation !== null) {
      position += punctuation[0].length;
      continue;
    }
    const counted = /^(?:agent\s+\d+|\d+\s+(?:tasks?|items?|outputs?|questions?|responses?|samples?|entries|keywords?))\b/i.exec(rest);
    if (counted !== null) {
      position += counted[0].length;
      continue;
    }
    const word = /^[A-Za-z]+/.exec(rest);
    if (word === null) return null;
    const lower = word[0].toLowerCase();
    if (GAP_STOP_WORDS.has(lower)) return null;
    if (!GAP_WORDS.has(lower) && !/^[A-Z]/.test(word[0])) return null;
    position += word[0].length;
  }
  return null;
}

function labelOf(written: string): string {
  return written
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end === -1 ? text.length : end).trim().slice(0, 240);
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
