/**
 * A URL safe to show or store: scheme, host, port and path only. User info, query and fragment are dropped
 * because they are where keys hide (`https://user:token@host/v1`, `…?api-key=…`). Unparsable input gives
 * `(invalid URL)` rather than echoing it.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Replaces every occurrence of each secret (4+ characters) in `text` with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
