/** One sentence-like piece of a text, with where it starts. */
export interface Clause {
  /** the clause: starts at its first non-space character (leading white space of a line is kept) */
  text: string;
  /** offset of the clause's first character in the whole text */
  start: number;
  /** 0-based index of the line the clause is on */
  line: number;
}

/** A list marker ("1.", "a.", "-") or a common abbreviation: a full stop after it does not end a sentence. */
const NOT_A_SENTENCE_END = /(?:^[\s\-*#>]*(?:\d+|[a-z])|\b(?:e\.g|i\.e|vs|etc|approx|no|dr|mr|mrs|ms|st|inc|ltd|fig|sec))$/i;

/**
 * Splits a text into clauses: every line is split at sentence ends (`.`, `!`, `?` followed by white space)
 * and at semicolons. A full stop after a list marker or a common abbreviation does not split; decimal points
 * never do (no white space follows them). Empty clauses are dropped.
 */
export function splitClauses(text: string): Clause[] {
  const clauses: Clause[] = [];
  let lineStart = 0;
  const lines = text.split('\n');
  lines.forEach((lineText, line) => {
    let pieceStart = 0;
    const boundary = /[.!?;]+\s+/g;
    for (let match = boundary.exec(lineText); match !== null; match = boundary.exec(lineText)) {
      const punctuation = match[0].trimEnd();
      const before = lineText.slice(pieceStart, match.index);
      if (punctuation !== ';' && NOT_A_SENTENCE_END.test(before)) continue;
      pushClause(clauses, lineText.slice(pieceStart, match.index + punctuation.length), lineStart + pieceStart, line);
      pieceStart = match.index + match[0].length;
    }
    pushClause(clauses, lineText.slice(pieceStart), lineStart + pieceStart, line);
    lineStart += lineText.length + 1;
  });
  return clauses;
}

function pushClause(clauses: Clause[], text: string, start: number, line: number): void {
  if (text.trim() !== '') clauses.push({ text, start, line });
}
