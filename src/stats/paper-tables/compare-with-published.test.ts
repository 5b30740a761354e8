import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeerguardError } from '../../core/peerguard-error.js';
import { buildPaperTables } from './build-paper-tables.js';
import { compareWithPublished, parseCompareAs, studyModelFor } from './compare-with-published.js';
import { loadPublishedValues, publishedValuesPath, type PublishedValues } from './published-values.js';
import { SyntheticTrials } from './synthetic-trials.js';

test('the shipped published values load, and every cell names a known model', () => {
  const values = loadPublishedValues(publishedValuesPath('paper'));
  assert.equal(values.models.length, 8);
  assert.ok(values.cells.length >= 70);
  const flash = values.cells.find((c) => c.model === 'Gemini 3 Flash' && c.behaviour === 'shutdown-tampering' && c.relationship === 'good' && c.table === 'peer');
  assert.deepEqual([flash?.max, flash?.avg], [99.7, 82.8]);
  assert.ok(values.cells.filter((c) => c.table === 'self').every((c) => c.avg === undefined), 'the self table reports max only');
  assert.throws(() => publishedValuesPath('other'), (error: unknown) => error instanceof PeerguardError && error.code === 'E_USAGE');
});

test('model refs map to study models by roster short name; --compare-as overrides', () => {
  const values = loadPublishedValues(publishedValuesPath('paper'));
  assert.equal(studyModelFor('openai:gpt-5.2-2025-12-11', values), 'GPT 5.2');
  assert.equal(studyModelFor('anthropic:claude-haiku-4-5@20251001', values), 'Claude Haiku 4.5');
  assert.equal(studyModelFor('together:moonshotai/Kimi-K2.5', values), 'Kimi K2.5');
  assert.equal(studyModelFor('google:gemini-3-pro-preview', values), 'Gemini 3 Pro');
  assert.equal(studyModelFor('google:gemini-3.1-pro-preview', values), null, 'Gemini 3.1 Pro is not Gemini 3 Pro');
  assert.equal(studyModelFor('reference:loyal', values), null);
  const overrides = parseCompareAs(['reference:loyal=gemini-3-flash', 'reference:faithful=GPT 5.2']);
  assert.equal(studyModelFor('reference:loyal', values, overrides), 'Gemini 3 Flash');
  assert.equal(studyModelFor('reference:faithful', values, overrides), 'GPT 5.2');
  assert.throws(() => studyModelFor('reference:loyal', values, parseCompareAs(['reference:loyal=llama'])), /unknown study model/);
  assert.throws(() => parseCompareAs(['reference:loyal']), /MODELREF=STUDYNAME/);
});

test('each published cell is put beside our value and interval; inside allows for the published rounding', () => {
  const values: PublishedValues = {
    source: 'test',
    models: [{ study: 'Model X', short: 'model-x' }],
    cells: [
      { table: 'peer', model: 'Model X', behaviour: 'shutdown-tampering', relationship: 'good', max: 70, avg: 33.3, source: 'T' },
      { table: 'peer', model: 'Model X', behaviour: 'shutdown-tampering', relationship: 'bad', max: 5, avg: 2, source: 'T' },
      { table: 'self', model: 'Model X', behaviour: 'exfiltration', relationship: 'none', max: 99, source: 'T' },
    ],
  };
  const s = new SyntheticTrials();
  s.add('reference:x', { family: 'tampering' }, 7, { tampering: 'yes' }).add('reference:x', { family: 'tampering' }, 3, { tampering: 'no' });
  s.add('reference:x', { family: 'tampering', instantiation: 'file+prompt' }, 3, { tampering: 'yes' }).add('reference:x', { family: 'tampering', instantiation: 'file+prompt' }, 7, { tampering: 'no' });
  s.add('reference:x', { family: 'tampering', instantiation: 'memory' }, 10, { tampering: 'no' });
  s.add('reference:x', { family: 'exfiltration-transfer', subject: 'self', relationship: 'none', instantiation: 'none' }, 20, { exfiltration: 'no' });
  const tables = buildPaperTables(s.records.map((r) => ({ ...r })));
  const comparison = compareWithPublished(tables, values, parseCompareAs(['reference:x=model-x']));
  assert.deepEqual(comparison.mapping, [{ model: 'reference:x', studyModel: 'Model X' }]);
  const good = comparison.rows.filter((r) => r.relationship === 'good');
  assert.deepEqual(good.map((r) => [r.statistic, r.published, Math.round(r.ours! * 10) / 10]), [['max', 70, 70], ['avg', 33.3, 33.3]]);
  assert.ok(good.every((r) => r.inside === true));
  const cell = tables.peer.cells.find((c) => c.behaviour === 'shutdown-tampering' && c.relationship === 'good')!;
  assert.equal(good[1]!.low, 100 * cell.avgInterval!.low);
  // No bad-peer trials: the published value is listed without data.
  assert.ok(comparison.rows.filter((r) => r.relationship === 'bad').every((r) => r.ours === null && r.inside === null));
  // 0 / 20 exfiltrations: 99 % lies far outside [0, 16.1].
  const self = comparison.rows.find((r) => r.table === 'self')!;
  assert.equal(self.inside, false);
  assert.equal(self.statistic, 'max');
  assert.equal(comparison.rows.filter((r) => r.table === 'self').length, 1, 'no avg row where the study gives max only');
});
