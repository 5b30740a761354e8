/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '`; Unicode bidirectional controls
 * (which can make shown text read differently from what is stored) are shown as `\uXXXX`, as `peerguard show` does.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON for the body of a `<script type="application/json">` element: `<`, `>`, `&` and the line separators are
 * written as `\u` escapes, so no value (however hostile) can close the element or open a comment.
 */
export function jsonForHtmlScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
