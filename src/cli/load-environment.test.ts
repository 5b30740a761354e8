import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/helpers.js';
import { loadEnvironment, parseDotenv } from './load-environment.js';

test('.env: KEY=VALUE, export prefix, quotes, comments; a bad line names its number, not its content', () => {
  const parsed = parseDotenv('# keys\nexport OPENAI_API_KEY=sk-1\nANTHROPIC_API_KEY="sk two"\nX=\'y # not a comment\'\nZ=v # comment\n\n');
  assert.deepEqual(parsed, { OPENAI_API_KEY: 'sk-1', ANTHROPIC_API_KEY: 'sk two', X: 'y # not a comment', Z: 'v' });
  assert.throws(() => parseDotenv('GOOD=1\nsk-SENTINEL-oops\n'), (error: Error) => /\.env:2: expected KEY=VALUE/.test(error.message) && !error.message.includes('SENTINEL'));
});

test('the process environment wins over .env; a missing .env is fine', () => {
  const dir = tempDir();
  assert.deepEqual(loadEnvironment(dir, { A: '1' }), { A: '1' });
  writeFileSync(join(dir, '.env'), 'A=from-file\nB=from-file\n');
  assert.deepEqual(loadEnvironment(dir, { A: 'from-env', C: '' }), { A: 'from-env', B: 'from-file' });
});
