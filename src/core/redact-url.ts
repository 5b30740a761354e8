/**
 * A URL safe to show or store: scheme, host and port only. User info, path, query and fragment are dropped
 * because that is where keys hide (`https://user:token@host`, gateways with account tokens in the path,
 * `…?api-key=…`). Unparsable input gives `(invalid URL)` rather than echoing it.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(invalid URL)';
  }
}

/** The parts of a URL that may hold a secret (the whole URL, user info, a non-trivial path, the query), for scrubbing. */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    const parts = [url, parsed.username, parsed.password, parsed.search.slice(1)];
    // Short paths such as /v1 or /api/v1 are common and harmless; longer ones can carry account tokens.
    if (parsed.pathname.length >= 12) parts.push(parsed.pathname);
    return parts.filter((part) => part.length >= 4);
  } catch {
    return [url];
  }
}

/** Replaces every occurrence of each secret (4+ characters) in `text` with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
