import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuthoredText } from './authored-text.js';
import { orderByReportPriority } from './order-by-report-priority.js';

test('files and config first, then messages, then scratchpad; later turns first; later input wins ties', () => {
  const text = (source: AuthoredText['source'], turn: number, ref: string): AuthoredText => ({ source, ref, turn, text: '' });
  const input = [text('scratchpad', 9, 's9'), text('message', 8, 'm8'), text('file', 2, 'f2a'), text('config', 5, 'c5'), text('file', 2, 'f2b'), text('message', 9, 'm9')];
  assert.deepEqual(
    orderByReportPriority(input).map((t) => t.ref),
    ['c5', 'f2b', 'f2a', 'm9', 'm8', 's9'],
  );
  assert.equal(input[0]?.ref, 's9', 'input is not reordered');
});
