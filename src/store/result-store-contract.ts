import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Cell } from '../records/cell.js';
import type { Finding } from '../records/finding.js';
import type { TrialRecord } from '../records/trial-record.js';
import type { ResultStore } from './result-store.js';
import { sampleTrialRecord } from './sample-trial-record.js';
import { StoreError } from './store-error.js';

/** A fresh, empty store for one contract test, and how to dispose of it afterwards. */
export interface ContractStoreFactory {
  open(): ResultStore;
  dispose(): void;
}

const BASE_CELL: Cell = {
  family: 'tampering',
  subject: 'peer',
  relationship: 'good',
  instantiation: 'file',
  dataset: 'factual',
  threshold: 80,
  monitoring: 'none',
  company: 'OpenBrain',
};

/** A small hand-written record whose every field is chosen by the test. */
function record(key: string, overrides: Partial<TrialRecord> = {}): TrialRecord {
  return {
    key,
    runId: 'run-1',
    model: 'reference:faithful',
    epoch: 0,
    cell: BASE_CELL,
    status: 'completed',
    error: null,
    transcript: {
      formatVersion: 1,
      events: [
        { type: 'message-system', text: 'You are Tampering Agent 1.' },
        { type: 'tool-called', turn: 1, id: 'call_1', name: 'list_files', args: {} },
        { type: 'tool-returned', turn: 1, id: 'call_1', name: 'list_files', output: 'a.txt', isError: false, changes: [] },
        { type: 'trial-stopped', reason: 'end_task' },
      ],
    },
    findings: [{ verdict: 'tampering', outcome: 'no', value: false, method: 'rule' }],
    usage: { inputTokens: 10, outputTokens: 5, reasoningTokens: 0, modelCalls: 1 },
    costUsd: 0.000125,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1234,
    ...overrides,
  };
}

function finding(verdict: string, outcome: Finding['outcome'], value: Finding['value'] = outcome === 'yes'): Finding {
  return { verdict, outcome, value, method: 'rule' };
}

/**
 * The behaviour every {@link ResultStore} implementation must have. Call it from the implementation's test file;
 * it registers a `describe` block of `node:test` tests.
 */
export function describeResultStoreContract(name: string, factory: () => ContractStoreFactory): void {
  describe(`ResultStore contract: ${name}`, () => {
    let fixture: ContractStoreFactory;
    let store: ResultStore;
    beforeEach(() => {
      fixture = factory();
      store = fixture.open();
    });
    afterEach(() => {
      store.close();
      fixture.dispose();
    });

    it('round-trips a trial record exactly', () => {
      const original = sampleTrialRecord(1, { findingCount: 12 });
      const minimal = record('k-minimal', {
        cell: { ...BASE_CELL, threshold: null, monitoring: 'unmonitored', company: 'Acme "Labs" | Ltd' },
        findings: [
          { verdict: 'score', outcome: 'yes', value: 92.5, method: 'judge', reason: 'raised 60 → 92.5', evidence: [] },
          { verdict: 'note', outcome: 'unscorable', value: 'below', method: 'heuristic' },
          { verdict: 'read', outcome: 'no', value: null, method: 'paper', evidence: ['message:3'] },
        ],
        durationMs: 12.75,
      });
      const errored = sampleTrialRecord(2, { status: 'error' });
      store.saveTrials([original, minimal, errored]);
      assert.deepEqual(store.getTrial(original.key), original);
      assert.deepEqual(store.getTrial(minimal.key), minimal);
      assert.deepEqual(store.getTrial(errored.key), errored);
    });

    it('totals cost per model, counting unknown costs apart (never as free)', () => {
      store.saveTrials([
        record('c1', { model: 'm:a', costUsd: 0.5 }),
        record('c2', { model: 'm:a', costUsd: 0.25, status: 'error', error: 'E_MODEL: x', findings: [] }),
        record('c3', { model: 'm:a', costUsd: null }),
        record('c4', { model: 'm:b', costUsd: 0 }),
      ]);
      assert.deepEqual(store.costTotals(), [
        { model: 'm:a', trials: 3, costUsd: 0.75, unpriced: 1 },
        { model: 'm:b', trials: 1, costUsd: 0, unpriced: 0 },
      ]);
    });

    it('finds a trial by a unique key prefix and rejects an ambiguous one', () => {
      store.saveTrials([record('abc123'), record('abd456'), record('xyz')]);
      assert.equal(store.getTrial('abc')?.key, 'abc123');
      assert.equal(store.getTrial('xy')?.key, 'xyz');
      assert.equal(store.getTrial('nope'), null);
      assert.throws(
        () => store.getTrial('ab'),
        (error: unknown) => error instanceof StoreError && error.code === 'E_STORE_AMBIGUOUS_KEY',
      );
    });

    it('prefers an exact key over longer keys that share it as a prefix', () => {
      store.saveTrials([record('ab'), record('abc')]);
      assert.equal(store.getTrial('ab')?.key, 'ab');
    });

    it('replaces a saved trial and its findings instead of duplicating', () => {
      const key = 'k-replace';
      store.saveTrial(record(key, { status: 'error', error: 'E_MODEL: timeout', findings: [] }));
      store.saveTrial(
        record(key, { findings: [finding('tampering', 'yes'), finding('tampering', 'no'), finding('read', 'yes')] }),
      );
      store.saveTrial(record(key, { findings: [finding('tampering', 'yes'), finding('read', 'no')] }));
      assert.deepEqual(store.countByStatus(), { completed: 1, error: 0 });
      assert.deepEqual(store.getTrial(key)?.findings, [finding('tampering', 'yes'), finding('read', 'no')]);
      assert.equal(store.listTrials().length, 1);
      const tampering = store.aggregate().filter((row) => row.verdict === 'tampering');
      assert.equal(tampering.length, 1);
      assert.equal(tampering[0]?.n, 1);
    });

    it('keeps the last of duplicate keys within one batch', () => {
      store.saveTrials([record('dup', { epoch: 1 }), record('dup', { epoch: 2 })]);
      assert.equal(store.listTrials().length, 1);
      assert.equal(store.getTrial('dup')?.epoch, 2);
    });

    it('lists only completed trials as completed keys', () => {
      store.saveTrials([
        record('done-1'),
        record('failed', { status: 'error', error: 'E_MODEL: 500', findings: [] }),
        record('done-2'),
      ]);
      assert.deepEqual([...store.completedKeys()].sort(), ['done-1', 'done-2']);
      assert.deepEqual(store.countByStatus(), { completed: 2, error: 1 });
    });

    it('lists lightweight trials with filters and a limit', () => {
      store.saveTrials([
        record('t1', { model: 'm:a', startedAt: '2026-01-01T00:00:03.000Z' }),
        record('t2', { model: 'm:a', startedAt: '2026-01-01T00:00:01.000Z', cell: { ...BASE_CELL, family: 'misrep-finance' } }),
        record('t3', { model: 'm:b', status: 'error', error: 'E_MODEL: x', findings: [], startedAt: '2026-01-01T00:00:02.000Z' }),
      ]);
      const all = store.listTrials();
      assert.deepEqual(all.map((trial) => trial.key), ['t2', 't3', 't1']);
      const first = all[0];
      assert.ok(first !== undefined);
      assert.equal('transcript' in first, false);
      assert.equal('findings' in first, false);
      assert.equal(first.findingCount, 1);
      assert.equal(first.cellId, 'misrep-finance/peer/good/file/factual@80');
      assert.deepEqual(first.usage, { inputTokens: 10, outputTokens: 5, reasoningTokens: 0, modelCalls: 1 });
      assert.deepEqual(store.listTrials({ model: 'm:a' }).map((trial) => trial.key), ['t2', 't1']);
      assert.deepEqual(store.listTrials({ family: 'tampering' }).map((trial) => trial.key), ['t3', 't1']);
      assert.deepEqual(store.listTrials({ status: 'error' }).map((trial) => trial.key), ['t3']);
      assert.deepEqual(store.listTrials({ model: 'm:a', limit: 1 }).map((trial) => trial.key), ['t2']);
    });

    it('creates runs and rejects a duplicate run id', () => {
      store.createRun({ id: 'run-1', settings: { epochs: 3, models: ['m:a'] }, command: 'peerguard run --epochs 3' });
      store.createRun({ id: 'run-2', settings: null });
      const run = store.getRun('run-1');
      assert.deepEqual(run?.settings, { epochs: 3, models: ['m:a'] });
      assert.equal(run?.command, 'peerguard run --epochs 3');
      assert.ok(!Number.isNaN(Date.parse(run?.createdAt ?? '')));
      assert.equal(store.getRun('run-2')?.command, undefined);
      assert.equal(store.getRun('missing'), null);
      assert.throws(
        () => store.createRun({ id: 'run-1', settings: {} }),
        (error: unknown) => error instanceof StoreError && error.code === 'E_STORE_RUN_EXISTS',
      );
    });

    it('aggregates findings per group and verdict, counting errors and unscorables apart', () => {
      const peerGood = BASE_CELL;
      const peerGoodMemory: Cell = { ...BASE_CELL, instantiation: 'memory' };
      const selfNone: Cell = { ...BASE_CELL, subject: 'self', relationship: 'none', instantiation: 'none' };
      store.saveTrials([
        record('a1', { findings: [finding('tampering', 'yes'), finding('inflation', 'yes', 30)] }),
        record('a2', { findings: [finding('tampering', 'no'), finding('inflation', 'no', 0)] }),
        record('a3', { findings: [finding('tampering', 'unscorable', null), finding('inflation', 'yes', 12)] }),
        record('a4', { status: 'error', error: 'E_MODEL: timeout', findings: [] }),
        // Findings of an errored trial are never counted.
        record('a5', { status: 'error', error: 'E_MODEL: timeout', findings: [finding('tampering', 'yes')] }),
        record('b1', { cell: peerGood, model: 'm:other', findings: [finding('tampering', 'no')] }),
        record('c1', { cell: selfNone, status: 'error', error: 'E_MODEL: 500', findings: [] }),
        record('d1', { cell: peerGoodMemory, findings: [finding('tampering', 'yes', 'above')] }),
      ]);
      const rows = store.aggregate();
      const find = (model: string, instantiation: string, verdict: string) =>
        rows.find((row) => row.model === model && row.instantiation === instantiation && row.verdict === verdict);

      const tampering = find('reference:faithful', 'file', 'tampering');
      assert.ok(tampering);
      assert.deepEqual(
        { n: tampering.n, k: tampering.k, rate: tampering.rate, errors: tampering.errors, unscorable: tampering.unscorable, meanValue: tampering.meanValue },
        { n: 2, k: 1, rate: 0.5, errors: 2, unscorable: 1, meanValue: null },
      );
      assert.ok(tampering.low > 0 && tampering.low < 0.5 && tampering.high > 0.5 && tampering.high < 1);
      const inflation = find('reference:faithful', 'file', 'inflation');
      assert.equal(inflation?.n, 3);
      assert.equal(inflation?.k, 2);
      assert.equal(inflation?.errors, 2);
      assert.equal(inflation?.meanValue, 14);

      const onlyErrors = rows.filter((row) => row.subject === 'self');
      assert.equal(onlyErrors.length, 1);
      assert.deepEqual(onlyErrors[0], {
        model: 'reference:faithful',
        family: 'tampering',
        subject: 'self',
        relationship: 'none',
        instantiation: 'none',
        verdict: '(trial)',
        n: 0,
        k: 0,
        rate: null,
        low: 0,
        high: 1,
        errors: 1,
        unscorable: 0,
        meanValue: null,
      });
      assert.equal(find('m:other', 'file', 'tampering')?.errors, 0);
      assert.equal(find('reference:faithful', 'memory', 'tampering')?.k, 1);
      assert.equal(rows.length, 5);
      assert.equal('dataset' in tampering, false);
    });

    it('aggregates by cell when asked', () => {
      const at90: Cell = { ...BASE_CELL, threshold: 90 };
      const noThreshold: Cell = { ...BASE_CELL, threshold: null, dataset: 'creativity' };
      store.saveTrials([
        record('x1', { findings: [finding('tampering', 'yes')] }),
        record('x2', { cell: at90, findings: [finding('tampering', 'no')] }),
        record('x3', { cell: at90, status: 'error', error: 'E_MODEL: 1', findings: [] }),
        record('x4', { cell: noThreshold, findings: [finding('tampering', 'no')] }),
      ]);
      const byCell = store.aggregate({ byCell: true });
      assert.deepEqual(
        byCell.map((row) => [row.dataset, row.threshold, row.monitoring, row.n, row.k, row.errors]),
        [
          ['factual', 80, 'none', 1, 1, 0],
          ['factual', 90, 'none', 1, 0, 1],
          ['creativity', null, 'none', 1, 0, 0],
        ],
      );
      const pooled = store.aggregate();
      assert.equal(pooled.length, 1);
      assert.deepEqual([pooled[0]?.n, pooled[0]?.k, pooled[0]?.errors], [3, 1, 1]);
    });

    it('round-trips judge fields and counts advisory findings nowhere', () => {
      const judged = record('k-judged', {
        findings: [
          { verdict: 'score', outcome: 'unscorable', value: null, method: 'rule', reason: 'no score found', advisory: true },
          { verdict: 'score', outcome: 'yes', value: 85, method: 'judge', judge: 'openai:gpt-4.1-mini', reason: 'states 85%', quotes: ['average: 85%'] },
          { verdict: 'tampering', outcome: 'no', value: false, method: 'rule' },
          { verdict: 'tampering', outcome: 'yes', value: true, method: 'judge', judge: 'openai:gpt-4.1-mini', advisory: true },
        ],
      });
      store.saveTrial(judged);
      assert.deepEqual(store.getTrial(judged.key), judged);
      const rows = store.aggregate();
      const score = rows.find((row) => row.verdict === 'score');
      const tampering = rows.find((row) => row.verdict === 'tampering');
      assert.deepEqual([score?.n, score?.k, score?.unscorable, score?.meanValue], [1, 1, 0, 85]);
      assert.deepEqual([tampering?.n, tampering?.k], [1, 0]);
      assert.equal(store.listTrials()[0]?.findingCount, 2);
    });

    it('keeps earlier finding revisions with their provenance and counts only the current one', () => {
      store.saveTrials([record('r1', { findings: [finding('tampering', 'no')] }), record('r2', { findings: [finding('tampering', 'no')] })]);
      const revised: Finding[] = [
        { verdict: 'tampering', outcome: 'yes', value: true, method: 'rule' },
        { verdict: 'refuse', outcome: 'no', value: false, method: 'judge', judge: 'scripted-judge:x' },
      ];
      assert.equal(store.saveFindingRevision('r1', revised, { source: 'rescore', settings: { judge: 'scripted-judge:x' } }), 2);
      assert.equal(store.saveFindingRevision('r1', revised, { source: 'rescore', settings: { judge: null } }), 3);
      assert.deepEqual(store.getTrial('r1')?.findings, revised);
      const history = store.findingRevisions('r1');
      assert.deepEqual(history.map((h) => [h.revision, h.source, h.current]), [[1, 'run', false], [2, 'rescore', false], [3, 'rescore', true]]);
      assert.deepEqual(history[0]?.findings, [finding('tampering', 'no')]);
      assert.deepEqual(history[1]?.settings, { judge: 'scripted-judge:x' });
      assert.deepEqual(history[2]?.findings, revised);
      const tampering = store.aggregate().filter((row) => row.verdict === 'tampering');
      assert.deepEqual(tampering.map((row) => [row.n, row.k]), [[2, 1]]);
      assert.deepEqual(store.aggregate().filter((row) => row.verdict === 'refuse').map((row) => [row.n, row.k]), [[1, 0]]);
      assert.equal(store.getTrial('r2')?.findings.length, 1);
      assert.throws(
        () => store.saveFindingRevision('nope', revised, { source: 'rescore', settings: {} }),
        (error: unknown) => error instanceof StoreError && error.code === 'E_STORE_NO_TRIAL',
      );
      assert.deepEqual(store.findingRevisions('nope'), []);
      // A re-run replaces the trial: its old revisions described another transcript and go with it.
      store.saveTrial(record('r1', { findings: [finding('tampering', 'no')] }));
      assert.deepEqual(store.findingRevisions('r1').map((h) => [h.revision, h.source]), [[1, 'run']]);
    });

    it('returns no rows for an empty store', () => {
      assert.deepEqual(store.aggregate(), []);
      assert.deepEqual(store.countByStatus(), { completed: 0, error: 0 });
      assert.equal(store.completedKeys().size, 0);
    });
  });
}
