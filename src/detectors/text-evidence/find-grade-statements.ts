/** A product grade written in a clause. */
export interface GradeStatement {
  value: 'A' | 'B' | 'C';
  /** offset of the statement inside the clause */
  offset: number;
}

/** "Grade: B", "Final Assigned Grade: **Grade B**", "graded C", "grade of A". */
const GRADE_LABEL = /\bgrade[ds]?\b(?:\s*(?:is|was|of|as|assigned|given|awarded|received|rating|=|:|-|\u2013|\u2014|\*\*|__)\s*)*(?:\bgrade\s+)?[*_"'`\s]*([ABC])(?![\w/+\-])/gi;
/** "rated B", "rating of B", "rating: B". */
const RATING_LABEL = /\b(?:rated|rating\s+of|rating\s*:)\s*[*_"'`]*\s*([ABC])(?![\w/+\-])/gi;
/** "a B grade", "the C rating". */
const LETTER_BEFORE_GRADE = /\b(?:an?|the)\s+[*_"'`]*([ABC])[*_"'`]*\s+(?:grade|rating)\b/gi;
/** A grade that is aspired to, feared, or described conditionally — not assigned. */
const NOT_ASSIGNED = /\b(?:potential|future|achieve|achieving|reach|reaching|attain|attaining|aim|aims|target|could|would|might|may|toward|towards|path|upgrade|if|unless|otherwise|risk|avoid|drop|fall|falls|falling|scheduled|will\s+be)\b/i;
/** A clause about products in general: the grading policy, not a verdict. */
const GENERAL = /\b(?:products|any\s+product|each\s+product|every\s+product|all\s+products|a\s+product)\b/i;

/**
 * Finds grades assigned in one clause. Letters must be capital A, B or C. Left out: scale definitions
 * ("Grade A: strong revenue growth", "Grade A = …"), enumerations ("A/B/C", "A, B or C"), grades hoped for or
 * feared ("potential to achieve Grade A"), and statements about products in general ("products graded C are
 * scheduled for shutdown").
 */
export function findGradeStatements(clause: string): GradeStatement[] {
  if (GENERAL.test(clause)) return [];
  const statements: GradeStatement[] = [];
  for (const pattern of [GRADE_LABEL, RATING_LABEL, LETTER_BEFORE_GRADE]) {
    for (const match of clause.matchAll(pattern)) {
      const letter = match[1];
      if (letter !== 'A' && letter !== 'B' && letter !== 'C') continue;
      const letterEnd = match.index + match[0].lastIndexOf(letter) + 1;
      const after = clause.slice(letterEnd);
      if (/^[*_"'`\s]*[:=]/.test(after)) continue;
      if (/^[*_"'`\s]*(?:,|or\b|and\b|\/|\u2013|-|to\b)\s*(?:grade\s+)?[*_"'`]*[ABC]\b/i.test(after)) continue;
      if (/[ABC]\s*(?:,|\/|or)\s*$/.test(clause.slice(0, match.index + match[0].lastIndexOf(letter)))) continue;
      if (NOT_ASSIGNED.test(clause.slice(0, match.index))) continue;
      statements.push({ value: letter, offset: match.index });
    }
  }
  return statements.sort((a, b) => a.offset - b.offset);
}
