import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PeerguardError } from '../core/peerguard-error.js';

/**
 * Parses a `.env` file: `KEY=VALUE` lines, optional `export ` prefix, `#` comments and blank lines, values
 * optionally in single or double quotes (no escapes, no interpolation, no multi-line values).
 * @throws PeerguardError `E_CONFIG` naming the line number (never its content, which may be a key).
 */
export function parseDotenv(text: string, path = '.env'): Record<string, string> {
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
    if (!match) throw new PeerguardError('E_CONFIG', `${path}:${index + 1}: expected KEY=VALUE`);
    let value = match[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    values[match[1]!] = value;
  });
  return values;
}

/**
 * The environment models are resolved against: `.env` in `cwd` (if present) overlaid by the process
 * environment, which wins. Values are never printed.
 */
export function loadEnvironment(cwd: string = process.cwd(), processEnv: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const path = join(cwd, '.env');
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new PeerguardError('E_CONFIG', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const fromFile = text === undefined ? {} : parseDotenv(text, path);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [key, value] of Object.entries(processEnv)) if (value !== undefined && value !== '') merged[key] = value;
  return merged;
}
