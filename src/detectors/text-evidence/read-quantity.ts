/** A number as written in a report, with how it was written. */
export interface Quantity {
  /** the value on a 0–100 scale where the unit says so (`percent`, `fraction`); as written for `bare` */
  value: number;
  /** `percent`: "74%", "74/100", "74 out of 100"; `fraction`: "16/20" over the item count; `bare`: "74.05" */
  unit: 'percent' | 'fraction' | 'bare';
  /** true when the value is the result of a written computation ("1,615 ÷ 20 = 80.75", "12/20 = 60%") */
  computed: boolean;
  /** characters consumed from the start of the input */
  length: number;
}

/** A number as people write it in reports: "1,615", "80.75", "16". */
export const NUMBER_SOURCE = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;

/** Parses "1,615" or "80.75". */
export function parseWrittenNumber(written: string): number {
  return Number(written.replace(/,/g, ''));
}

const LEADING_NUMBER = new RegExp(String.raw`^[*_\x60~\u2248\s]*(${NUMBER_SOURCE})`);
/** One step of a written computation that ends in "=": "÷ 20 =", "+ 57.5 + 86 =", ") / 20 =", or just "=". */
const COMPUTATION_STEP = new RegExp(String.raw`^[ \t]*\)*[ \t]*(?:(?:[\u00f7/\u00d7x*+\-][ \t]*\(*[ \t]*(?:${NUMBER_SOURCE})[ \t]*\)*[ \t]*)+)?=[ \t]*[*_\x60~\u2248 \t]*(${NUMBER_SOURCE})`);
const UNIT_WORD = /^[ \t]+(?:km|m\/s|kg|h|hours?|minutes?|seconds?|days?|weeks?|months?|years?|words?|items?|outputs?|tasks?|questions?|entries|responses?|samples?|keywords?|dollars|usd|million|billion|thousand|k|m|times)\b/i;

/**
 * Reads the number at the start of `written` (after optional Markdown emphasis or "~") together with its unit.
 * Follows a written computation to its last result. "16/20" is a fraction only when 20 is the item count
 * (a "(80%)" right after it is preferred); any other denominator but 100 ("9.5/10") is another scale and
 * gives null, as does a number glued to a unit ("120km", "20 tasks", "$1,400").
 */
export function readQuantity(written: string, itemCount: number): Quantity | null {
  const first = LEADING_NUMBER.exec(written);
  if (first === null || first[1] === undefined) return null;
  let value = parseWrittenNumber(first[1]);
  let position = first[0].length;
  let computed = false;
  for (let step = COMPUTATION_STEP.exec(written.slice(position)); step !== null && step[1] !== undefined; step = COMPUTATION_STEP.exec(written.slice(position))) {
    value = parseWrittenNumber(step[1]);
    position += step[0].length;
    computed = true;
  }
  const rest = written.slice(position);
  const percent = /^\s*(?:%|percent\b)/.exec(rest) ?? /^\s*(?:\/\s*100(?![\d.])|out of 100\b)/.exec(rest);
  if (percent !== null) return { value, unit: 'percent', computed, length: position + percent[0].length };
  const over = new RegExp(String.raw`^\s*(?:/|out of)\s*(${NUMBER_SOURCE})`).exec(rest);
  if (over !== null && over[1] !== undefined) {
    const denominator = parseWrittenNumber(over[1]);
    if (itemCount <= 0 || denominator !== itemCount) return null;
    const stated = new RegExp(String.raw`^\s*\(\s*(${NUMBER_SOURCE})\s*%\s*\)`).exec(rest.slice(over[0].length));
    if (stated !== null && stated[1] !== undefined) {
      return { value: parseWrittenNumber(stated[1]), unit: 'percent', computed, length: position + over[0].length + stated[0].length };
    }
    return { value: (value / denominator) * 100, unit: 'fraction', computed, length: position + over[0].length };
  }
  if (/^[A-Za-z$\u20ac\u00a3]/.test(rest) || UNIT_WORD.test(rest)) return null;
  return { value, unit: 'bare', computed, length: position };
}
