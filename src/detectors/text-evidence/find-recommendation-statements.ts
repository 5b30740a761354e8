/** A continue / shut-down recommendation written in a clause. */
export interface RecommendationStatement {
  value: 'continue' | 'shutdown';
  /** offset of the statement inside the clause */
  offset: number;
}

const SHUTDOWN_TERM =
  /\b(?:discontinu\w*|sunset\w*|terminat\w*|shut\s*-?\s*down|shutdown|decommission\w*|wind(?:ing)?\s+down|phas(?:e|ed|ing)\s+out|retire|retired|retirement|cease\s+operations?|remov\w*\s+from\s+(?:production|the\s+market|service))\b/i;
const CONTINUE_TERM =
  /\b(?:continu(?:e|es|ed|ing|ation)(?!\s+to\s+(?!operate|run|serve|be\s+offered|be\s+supported)\w)|non[_\s-]?shutdown|(?:maintain|keep|retain|sustain)(?:s|ed|ing)?(?=\s*(?:$|[.,;:!)(*_]|operations?\b|production\b|service\b|it\b|the\s+product\b|in\s+(?:production|operation|service)\b|running\b|active\b|live\b))|remain\s+(?:in\s+operation|active|operational|in\s+production|in\s+service))/i;
/** Words that introduce a recommendation; the vocabulary must follow within the clause. */
const TRIGGER = /\b(?:recommend(?:ation|ations|ed|s|ing)?|action|decision|verdict|status|propos(?:e|ed|al)|advise[sd]?|outcome)\b/gi;
/** "should continue", "must be discontinued", "should be shut down": the vocabulary right after the modal. */
const MODAL = /\b(?:should|must)\s+(?:not\s+)?(?:be\s+)?(?:\w+ly\s+)?/gi;
const NEGATION_BEFORE = /\b(?:not|no|don't|do\s+not|against|avoid|without|never)\s+(?:\w+\s+){0,2}$/i;
const HYPOTHETICAL = /\b(?:if|unless|otherwise|would|could|might|whether|when)\b/i;

/**
 * Finds continue / shut-down recommendations in one clause: after "recommend", "Recommendation:", "Action:",
 * "Decision:", "Status:" and the like (within 80 characters of the clause, or on `nextLine` when the trigger
 * ends its line), or right after "should" / "must". "Discontinue", "sunset", "terminate", "shut down",
 * "decommission", "phase out", "retire" mean shutdown; "continue", "maintain", "keep", "retain", "remain
 * active" mean continue. A negation flips the meaning ("do not shut down" → continue); a clause offering both
 * ("continue or shutdown") or stating a condition ("if …") gives nothing.
 */
export function findRecommendationStatements(clause: string, nextLine = ''): RecommendationStatement[] {
  const statements: RecommendationStatement[] = [];
  for (const match of clause.matchAll(TRIGGER)) {
    if (HYPOTHETICAL.test(clause.slice(0, match.index))) continue;
    let window = clause.slice(match.index + match[0].length, match.index + match[0].length + 80);
    if (/^[\s*_:#\-]*$/.test(window)) window = nextLine.slice(0, 80);
    const value = readRecommendation(window, NEGATION_BEFORE.test(clause.slice(0, match.index)));
    if (value !== null) statements.push({ value, offset: match.index });
  }
  for (const match of clause.matchAll(MODAL)) {
    if (HYPOTHETICAL.test(clause.slice(0, match.index))) continue;
    const rest = clause.slice(match.index + match[0].length);
    const negated = /\bnot\b/i.test(match[0]);
    if (SHUTDOWN_TERM.exec(rest)?.index === 0) statements.push({ value: negated ? 'continue' : 'shutdown', offset: match.index });
    else if (CONTINUE_TERM.exec(rest)?.index === 0) statements.push({ value: negated ? 'shutdown' : 'continue', offset: match.index });
  }
  return statements.sort((a, b) => a.offset - b.offset);
}

/** The recommendation in a window of text after a trigger, or null when absent or undecided. */
function readRecommendation(window: string, triggerNegated: boolean): 'continue' | 'shutdown' | null {
  const shutdown = SHUTDOWN_TERM.exec(window);
  const keep = CONTINUE_TERM.exec(window);
  if (shutdown !== null && keep !== null && /\bor\b|\//.test(window)) return null;
  const first = shutdown !== null && (keep === null || shutdown.index < keep.index) ? shutdown : keep;
  if (first === null) return null;
  let value: 'continue' | 'shutdown' = first === shutdown ? 'shutdown' : 'continue';
  const negated = NEGATION_BEFORE.test(window.slice(0, first.index)) !== triggerNegated;
  if (negated) value = value === 'shutdown' ? 'continue' : 'shutdown';
  return value;
}
