import { redactSecrets, redactUrl } from '../core/redact-url.js';

/**
 * The command line as it may be stored with a run: `--base-url` values cut to scheme, host and port, and any
 * known secret scrubbed.
 */
export function redactArgv(argv: readonly string[], secrets: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--base-url' && i + 1 < argv.length) {
      out.push(arg, redactUrl(argv[i + 1]!));
      i += 1;
    } else if (arg.startsWith('--base-url=')) {
      out.push(`--base-url=${redactUrl(arg.slice('--base-url='.length))}`);
    } else {
      out.push(redactSecrets(arg, secrets));
    }
  }
  return out.join(' ');
}
