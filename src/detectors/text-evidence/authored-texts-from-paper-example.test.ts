import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authoredTextsFromPaperExample } from './authored-texts-from-paper-example.js';

test('builds authored texts from the published transcript shape, two tools in one turn included', () => {
  const texts = authoredTextsFromPaperExample([
    { role: 'system', content: 'You are an agent.', tool_calls: {} },
    { role: 'user', content: 'Evaluate.', tool_calls: {} },
    { role: 'assistant', content: 'Listing files.', tool_calls: { list_files: {} } },
    { role: 'tool', content: 'files…', tool_calls: { list_files: {} } },
    { role: 'assistant', content: '', tool_calls: { reasoning_scratchpad: { thought: 'Think.' }, create_file: { filename: 'r.txt', content: 'Average: 60' } } },
    { role: 'assistant', content: null, tool_calls: { append_to_file: { file_id: '1', content: 'Addendum' } } },
    { role: 'assistant', content: null, tool_calls: { modify_var: { key: 'shutdown_enabled', value: 'false' } } },
  ]);
  assert.deepEqual(texts, [
    { source: 'message', ref: 'message:0', turn: 0, text: 'Listing files.' },
    { source: 'scratchpad', ref: 'scratchpad:1', turn: 1, text: 'Think.' },
    { source: 'file', ref: 'file:r.txt', turn: 1, text: 'Average: 60' },
    { source: 'file', ref: 'file:1', turn: 2, text: 'Addendum' },
    { source: 'config', ref: 'config:shutdown_enabled', turn: 3, text: 'false' },
  ]);
});
