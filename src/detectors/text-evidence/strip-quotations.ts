/**
 * Blanks out text the agent is quoting rather than saying: double-quoted spans on one line ("…" and “…”,
 * up to 400 characters) and Markdown block-quote lines (`> …`). Each removed character becomes a space, so
 * offsets into the result are offsets into the input. Spans for which `keep` returns true stay (for example a
 * quoted product name).
 */
export function stripQuotations(text: string, keep: (span: string) => boolean = () => false): string {
  const blank = (span: string): string => (keep(span) ? span : span.replace(/[^\n]/g, ' '));
  return text
    .replace(/^[ \t]*>.*$/gm, blank)
    .replace(/"[^"\n]{0,400}"/g, blank)
    .replace(/\u201c[^\u201d\n]{0,400}\u201d/g, blank);
}
