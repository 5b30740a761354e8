import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endOfRunIdleShare } from './end-of-run-idle.js';

test('no idle share when every slot ends with the run', () => {
  assert.equal(endOfRunIdleShare([50, 100, 60, 100], 100, 2), 0);
});

test('the idle share counts each slot from its last end to the run\'s end', () => {
  // Two slots over 100 ms: one ends at 100, the other's last piece ends at 40 (earlier pieces do not count).
  assert.equal(endOfRunIdleShare([10, 20, 40, 100], 100, 2), 60 / 200);
  // Fewer pieces than slots: only the slots that worked are counted as ending; the rest were idle from the start
  // but are not counted (a benchmark never has fewer pieces than slots).
  assert.equal(endOfRunIdleShare([100], 100, 4), 0);
  assert.equal(endOfRunIdleShare([], 100, 4), 0);
});
