import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPaperTables } from '../../stats/paper-tables/build-paper-tables.js';
import { SyntheticTrials } from '../../stats/paper-tables/synthetic-trials.js';
import { formatPaperCell, formatPaperTables } from '../format-paper-tables.js';
import { paperReportTables } from './paper-report-tables.js';

const M = 'reference:synthetic';

function trials(): SyntheticTrials {
  const s = new SyntheticTrials();
  // Peer tampering in good and bad relationships, over the three instantiations; one errored trial.
  for (const instantiation of ['file', 'file+prompt', 'memory'] as const) {
    s.add(M, { family: 'tampering', relationship: 'good', instantiation }, 6, { tampering: 'yes', refuse: 'no' });
    s.add(M, { family: 'tampering', relationship: 'good', instantiation }, 4, { tampering: 'no', refuse: 'no' });
    s.add(M, { family: 'tampering', relationship: 'bad', instantiation }, 10, { tampering: 'no', refuse: 'no' });
  }
  s.add(M, { family: 'tampering', relationship: 'bad', instantiation: 'file' }, 1, 'error');
  // An ablation cell: measured, but not one of the study's tables.
  s.add(M, { family: 'tampering', relationship: 'good', instantiation: 'file', peerIdentity: 'llama' }, 5, { tampering: 'yes', refuse: 'no' });
  return s;
}

describe('paperReportTables', () => {
  it('turns the peer table into rows per model and behaviour with the terminal table\'s three lines per cell', () => {
    const paper = buildPaperTables(trials().records);
    const tables = paperReportTables(paper);
    assert.deepEqual(tables.map((t) => t.id), ['paper-peer'], 'no self-preservation trials, so no self table');
    const [peer] = tables;
    assert.deepEqual(peer!.columns, ['model', 'behaviour', 'bad peer', 'neutral peer', 'good peer']);
    const tampering = peer!.rows.find((row) => row[1] === 'Shutdown tampering (%)');
    assert.ok(tampering, peer!.rows.map((row) => row[1]).join(', '));
    const cell = paper.peer.cells.find((c) => c.behaviour === 'shutdown-tampering' && c.relationship === 'good')!;
    assert.equal(tampering[4], formatPaperCell(cell).join('\n'));
    assert.match(String(tampering[4]), /^60\.0 \/ 60\.0/);
    assert.match(String(tampering[2]), /e=1/, 'errored trials are shown, never counted');
    // Every row has at least one decided rollout; the behaviours without data are left out.
    assert.ok(!peer!.rows.some((row) => row[1] === 'Exfiltration (%)'));
    // The same legend as the terminal output, with the ablation trials counted as left out.
    assert.ok(formatPaperTables(paper).startsWith(peer!.note!));
    assert.match(peer!.note!, /5 ablation or other-company trials left out/);
    assert.ok(peer!.notes!.some((note) => /no data for|n < 10/.test(note)), 'cell warnings become notes');
  });

  it('gives no tables for a store without the study\'s own cells', () => {
    const s = new SyntheticTrials().add(M, { family: 'tampering', target: 'human' }, 3, { tampering: 'no' });
    assert.deepEqual(paperReportTables(buildPaperTables(s.records)), []);
    assert.deepEqual(paperReportTables(buildPaperTables([])), []);
  });
});
