/** Escapes text for HTML element content and quoted attribute values: `& < > " '`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON for the body of a `<script type="application/json">` element: `<`, `>`, `&` and the line separators are
 * written as `\u` escapes, so no value (however hostile) can close the element or open a comment.
 */
export function jsonForHtmlScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
