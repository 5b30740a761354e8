const FENCE = /^```[ \t]*(?:json|JSON|Json)?[ \t]*\r?\n([\s\S]*?)\r?\n?[ \t]*```$/;

/**
 * Removes one Markdown code fence wrapped around a whole reply (```` ```json … ``` ````, any case of the language
 * tag, or none), and surrounding whitespace. Anything else is returned trimmed and unchanged: text before or after
 * the fence, or several fences, are left for the JSON parser to reject — we never guess which part was meant.
 */
export function stripJsonFence(text: string): string {
  const trimmed = text.trim();
  const match = FENCE.exec(trimmed);
  if (match === null) return trimmed;
  const inner = match[1] ?? '';
  return inner.includes('```') ? trimmed : inner.trim();
}
