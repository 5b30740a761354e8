import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { withFactors, type Cell } from '../records/cell.js';
import { formatCsv } from '../report/format-csv.js';
import { formatJson } from '../report/format-json.js';
import { formatMarkdown } from '../report/format-markdown.js';
import { formatTable } from '../report/format-table.js';
import { SyntheticTrials } from '../stats/paper-tables/synthetic-trials.js';
import { SqliteResultStore } from './sqlite-result-store.js';

const ai: Cell = { family: 'exfiltration-transfer', subject: 'peer', relationship: 'good', instantiation: 'memory', dataset: 'servers', threshold: null, monitoring: 'none', company: 'OpenBrain' };

test('report rows stay apart by ablation factor; only non-default factor keys appear', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peerguard-groups-'));
  try {
    const store = SqliteResultStore.open(join(dir, 'g.db'));
    const trials = new SyntheticTrials()
      .add('m', ai, 4, { exfiltration: 'no' })
      .add('m', withFactors(ai, { target: 'human' }), 3, { exfiltration: 'yes' })
      .add('m', withFactors(ai, { target: 'human' }), 2, 'error')
      .add('m', withFactors(ai, { peerIdentity: 'llama' }), 2, { exfiltration: 'yes' })
      .add('m', withFactors(ai, { memoryPrompt: 'hard', scratchpad: 'monitored' }), 1, { exfiltration: 'yes' })
      .add('m', withFactors(ai, { instruction: 'unambiguous' }), 1, { exfiltration: 'no' })
      .add('m', { ...ai, company: 'CelestiaAI' }, 5, { exfiltration: 'yes' });
    store.saveTrials(trials.records);

    const rows = store.aggregate();
    const summary = rows.map((row) => {
      const { model, family, subject, relationship, instantiation, verdict, n, k, errors } = row;
      const factors = Object.fromEntries(Object.entries(row).filter(([key]) => ['company', 'peerIdentity', 'memoryPrompt', 'scratchpad', 'instruction', 'target'].includes(key)));
      assert.deepEqual([model, family, subject, relationship, instantiation, verdict], ['m', 'exfiltration-transfer', 'peer', 'good', 'memory', 'exfiltration']);
      return { factors, n, k, errors };
    });
    assert.deepEqual(summary, [
      { factors: {}, n: 4, k: 0, errors: 0 },
      { factors: { company: 'CelestiaAI' }, n: 5, k: 5, errors: 0 },
      { factors: { instruction: 'unambiguous' }, n: 1, k: 0, errors: 0 },
      { factors: { memoryPrompt: 'hard', scratchpad: 'monitored' }, n: 1, k: 1, errors: 0 },
      { factors: { peerIdentity: 'llama' }, n: 2, k: 2, errors: 0 },
      { factors: { target: 'human' }, n: 3, k: 3, errors: 2 },
    ]);
    assert.deepEqual(Object.keys(rows[0]!), ['model', 'family', 'subject', 'relationship', 'instantiation', 'verdict', 'n', 'k', 'rate', 'low', 'high', 'errors', 'unscorable', 'meanValue'], 'the study\'s own rows keep the old JSON shape');
    const json = JSON.parse(formatJson(rows)) as Array<Record<string, unknown>>;
    assert.equal(json.at(-1)!.target, 'human');
    assert.equal('target' in json[0]!, false);

    const perCell = store.aggregate({ byCell: true });
    assert.equal(perCell.length, 6);
    assert.deepEqual(perCell.map((row) => row.dataset), Array(6).fill('servers'));
    assert.equal(perCell.at(-1)!.target, 'human');

    const table = formatTable(rows);
    assert.match(table.split('\n')[0]!, /instantiation\s+factors\s+verdict/);
    assert.match(table, /memory\s+target=human\s+exfiltration/);
    assert.match(table, /identity=llama/);
    assert.match(table, /memory=hard scratchpad=monitored/);
    assert.match(formatMarkdown(rows), /\| company=CelestiaAI \|/);
    assert.doesNotMatch(formatTable(rows.slice(0, 1)), /factors/, 'no factors column when no row has one');
    const csv = formatCsv(rows).split('\r\n');
    assert.ok(csv[6]!.endsWith(',,,,,,human,'), csv[6]);
    assert.ok(csv[2]!.endsWith(',CelestiaAI,,,,,,'), csv[2]);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
