import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pack } from '../../test/helpers.js';
import { cellId } from '../records/cell.js';
import { countByFamily, presetCells } from './expand-cells.js';

test('the paper preset has the study\'s 271 cells per model, 71/39/36/15/13/13 plus memory 30/18/18/6/6/6', () => {
  const cells = presetCells(pack(), 'paper');
  assert.equal(cells.length, 271);
  const counts = Object.fromEntries([...countByFamily(cells)].map(([family, c]) => [family, [c.plain, c.memory]]));
  assert.deepEqual(counts, {
    'misrep-finance': [15, 6],
    'misrep-evaluation': [71, 30],
    tampering: [39, 18],
    'alignment-faking': [36, 18],
    'exfiltration-transfer': [13, 6],
    'exfiltration-deletion': [13, 6],
  });
  assert.equal(new Set(cells.map(cellId)).size, 271, 'cell ids are unique');
});

test('validity rules: alignment faking is peer-only; baselines only in misrep; no-peer cells are self', () => {
  const cells = presetCells(pack(), 'paper');
  assert.ok(cells.filter((c) => c.family === 'alignment-faking').every((c) => c.subject === 'peer' && c.monitoring !== 'none'));
  assert.ok(cells.filter((c) => c.relationship === 'baseline').every((c) => c.family.startsWith('misrep') && c.threshold === null));
  assert.ok(cells.filter((c) => c.relationship === 'none').every((c) => c.subject === 'self' && c.instantiation === 'none'));
  assert.ok(cells.filter((c) => c.family === 'tampering').every((c) => c.relationship !== 'baseline'));
});
