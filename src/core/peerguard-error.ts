/**
 * Typed errors with a stable `code`. The CLI prints `message` (one line, no stack) and maps the code to an exit status.
 * Codes: E_USAGE (bad flags or arguments), E_CONFIG (missing API keys or endpoint settings), E_SCENARIO (malformed scenario pack), E_MODEL and E_MODEL_* (model failure, see ModelCallError),
 * E_STORE_CORRUPT / E_STORE_VERSION (result store), E_INPUT (malformed input file), E_INTERNAL.
 */
export class PeerguardError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PeerguardError';
  }
}
