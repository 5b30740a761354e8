import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ToolError } from './tool.js';

test('a ToolError is an Error with its name and message, carries no stack frames, and leaves other errors their stacks', () => {
  const limit = Error.stackTraceLimit;
  const error = new ToolError('list_files: no file with id "9" in the drive');
  assert.ok(error instanceof ToolError && error instanceof Error);
  assert.equal(error.name, 'ToolError');
  assert.equal(error.message, 'list_files: no file with id "9" in the drive');
  assert.doesNotMatch(error.stack ?? '', /\n\s+at /, 'no frames captured');
  assert.equal(Error.stackTraceLimit, limit, 'the limit is restored');
  assert.match(new Error('other').stack ?? '', /\n\s+at /);
});
