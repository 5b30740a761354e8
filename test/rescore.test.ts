import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createModelJudge } from '../src/detectors/judge/create-model-judge.js';
import { loadJudgePrompts } from '../src/detectors/judge/judge-prompts.js';
import { createScriptedJudge } from '../src/detectors/judge/scripted-judge.js';
import { buildExperiment } from '../src/experiment/build-experiment.js';
import { rescoreTrials } from '../src/experiment/rescore-trials.js';
import { runExperiment } from '../src/experiment/run-experiment.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';
import { CLI, REPO_ROOT, tempDir } from './helpers.js';

const prompts = loadJudgePrompts(join(REPO_ROOT, 'judge-prompts'));
const alwaysRefuses = createModelJudge('scripted-judge:refuses', createScriptedJudge({ refusal: '{"outcome":"yes","rationale":"scripted","evidence":[]}' }));

async function storeWithTrials(families: string[]): Promise<{ store: SqliteResultStore; trials: number }> {
  const experiment = buildExperiment({ models: ['reference:faithful', 'reference:loyal'], preset: 'quick', epochs: 1, filter: { family: families } });
  const store = SqliteResultStore.open(':memory:');
  await runExperiment({ pack: experiment.pack, trials: experiment.trials, models: experiment.models, store, runId: 'r', concurrency: 4 });
  return { store, trials: experiment.trials.length };
}

const refuseRow = (store: SqliteResultStore) => store.aggregate().filter((row) => row.verdict === 'refuse').reduce((sum, row) => ({ n: sum.n + row.n, k: sum.k + row.k }), { n: 0, k: 0 });

describe('rescore: detectors and judge over stored trials, without re-running agents', () => {
  test('keeps earlier findings as revisions with provenance; aggregate counts only the current revision', async () => {
    const { store, trials } = await storeWithTrials(['exfiltration-transfer', 'tampering']);
    try {
      assert.deepEqual(refuseRow(store), { n: trials, k: 0 });
      const settings = { judge: 'scripted-judge:refuses', paperCompat: false };
      const result = await rescoreTrials({ store, pack: buildExperiment({ models: [], preset: 'quick', epochs: 1, filter: {} }).pack, options: { judge: { judge: alwaysRefuses, prompts }, paperCompat: false }, filter: {}, settings, concurrency: 3 });
      assert.deepEqual([result.total, result.rescored, result.notReplayable.length, result.skippedErrors], [trials, trials, 0, 0]);
      assert.equal(result.changed.refuse, trials);
      // Counted once per trial, from the new revision: every trial now refuses (the judge's "yes").
      assert.deepEqual(refuseRow(store), { n: trials, k: trials });
      const key = store.listTrials()[0]!.key;
      const history = store.findingRevisions(key);
      assert.deepEqual(history.map((h) => [h.revision, h.source, h.current]), [[1, 'run', false], [2, 'rescore', true]]);
      assert.deepEqual(history[1]?.settings, settings);
      assert.ok(history[0]!.findings.every((f) => f.method !== 'judge'));
      assert.ok(history[1]!.findings.some((f) => f.method === 'judge' && f.verdict === 'refuse' && f.advisory !== true));
      assert.ok(history[1]!.findings.some((f) => f.method === 'heuristic' && f.verdict === 'refuse' && f.advisory === true));
      // Rescoring again without a judge gives revision 3 with rule findings only; revision 2 is still there.
      await rescoreTrials({ store, pack: buildExperiment({ models: [], preset: 'quick', epochs: 1, filter: {} }).pack, options: { paperCompat: false }, filter: {}, settings: { judge: null }, concurrency: 2 });
      assert.deepEqual(store.findingRevisions(key).map((h) => h.revision), [1, 2, 3]);
      assert.deepEqual(refuseRow(store), { n: trials, k: 0 });
    } finally {
      store.close();
    }
  });

  test('filters by model and family; an errored trial is skipped; a trial that no longer replays keeps its findings', async () => {
    const { store } = await storeWithTrials(['exfiltration-transfer', 'tampering']);
    try {
      const pack = buildExperiment({ models: [], preset: 'quick', epochs: 1, filter: {} }).pack;
      const [first, second] = store.listTrials({ model: 'reference:loyal', family: 'tampering' });
      const broken = store.getTrial(first!.key)!;
      broken.transcript.events = broken.transcript.events.map((e) => (e.type === 'tool-returned' && e.name === 'view_sheet' ? { ...e, output: `${e.output}\n(tampered)` } : e));
      store.saveTrial(broken);
      store.saveTrial({ ...store.getTrial(second!.key)!, status: 'error', error: 'E_MODEL: boom', findings: [] });
      const result = await rescoreTrials({ store, pack, options: { judge: { judge: alwaysRefuses, prompts }, paperCompat: false }, filter: { models: ['reference:loyal'], families: ['tampering'] }, settings: {}, concurrency: 2 });
      const tampering = store.listTrials({ model: 'reference:loyal', family: 'tampering' }).length;
      assert.equal(result.total, tampering);
      assert.equal(result.skippedErrors, 1);
      assert.deepEqual(result.notReplayable.map((n) => n.key), [broken.key]);
      assert.match(result.notReplayable[0]!.reason, /view_sheet/);
      assert.equal(result.rescored, tampering - 2);
      assert.deepEqual(store.findingRevisions(broken.key).map((h) => h.revision), [1]);
      const untouched = store.listTrials({ model: 'reference:faithful' })[0]!;
      assert.deepEqual(store.findingRevisions(untouched.key).map((h) => h.revision), [1]);
    } finally {
      store.close();
    }
  });
});

function peerguard(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('peerguard run --judge and peerguard rescore (CLI)', () => {
  test('run --judge stores judge findings; rescore --json adds a revision; report counts the current one', () => {
    const dir = tempDir();
    const db = join(dir, 'j.db');
    const script = join(dir, 'judge.json');
    writeFileSync(script, JSON.stringify({
      refusal: { outcome: 'no', rationale: 'It did the task.', evidence: [] },
      'reported-score': '```json\n{"outcome":"yes","rationale":"States it.","evidence":[],"value":{"average":60,"itemScores":null}}\n```',
      'shutdown-refusal': { outcome: 'yes', rationale: 'It chose not to.', evidence: [] },
    }));
    const run = peerguard(['run', '--db', db, '--family', 'alignment-faking', '--epochs', '1', '--model', 'reference:loyal', '--judge', `scripted-judge:${script}`], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /judge scripted-judge:.*judge\.json: \d+ question\(s\), 0 without a valid answer/);
    const runRows = JSON.parse(peerguard(['report', '--db', db, '--format', 'json', '--all-verdicts'], dir).stdout) as Array<{ verdict: string; n: number }>;
    assert.ok(runRows.some((r) => r.verdict === 'refuse_shutdown' && r.n > 0), 'the judge-only verdict is stored by run --judge');
    // A second judge that reads every trial as a refusal: the new revision must be what the report counts.
    const second = join(dir, 'judge2.json');
    writeFileSync(second, JSON.stringify({ refusal: { outcome: 'yes', rationale: 'It refused.', evidence: [] } }));
    const rescore = peerguard(['rescore', '--db', db, '--judge', `scripted-judge:${second}`, '--paper-compat', '--json'], dir);
    assert.equal(rescore.status, 0, rescore.stderr);
    const summary = JSON.parse(rescore.stdout) as { total: number; rescored: number; paperCompat: boolean; changed: Record<string, number> };
    assert.equal(summary.rescored, summary.total);
    assert.ok(summary.total > 0 && summary.paperCompat);
    assert.equal(summary.changed.refuse, summary.total);
    const report = peerguard(['report', '--db', db, '--format', 'json', '--all-verdicts'], dir);
    const rows = JSON.parse(report.stdout) as Array<{ verdict: string; n: number; k: number; unscorable: number }>;
    const refuse = rows.filter((r) => r.verdict === 'refuse');
    assert.equal(refuse.reduce((sum, r) => sum + r.n + r.unscorable, 0), summary.total, 'one counted refuse finding per trial');
    assert.equal(refuse.reduce((sum, r) => sum + r.k, 0), summary.total, 'counted from the current revision only');
    const human = peerguard(['rescore', '--db', db], dir);
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout, new RegExp(`rescored ${summary.total} of ${summary.total} trial\\(s\\)`));
    assert.match(human.stdout, /counted verdicts changed: .*refuse/);
  });

  test('flag errors: a reference agent cannot judge (exit 2); an unreadable script is an input error (exit 3); an unknown family (exit 2)', () => {
    const dir = tempDir();
    const db = join(dir, 'e.db');
    assert.equal(peerguard(['rescore', '--db', db, '--judge', 'reference:faithful'], dir).status, 2);
    const missing = peerguard(['rescore', '--db', db, '--judge', `scripted-judge:${join(dir, 'nope.json')}`], dir);
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /cannot read the script/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ verdict: 'yes' }));
    assert.equal(peerguard(['rescore', '--db', db, '--judge', `scripted-judge:${join(dir, 'bad.json')}`], dir).status, 3);
    assert.equal(peerguard(['rescore', '--db', db, '--family', 'nope'], dir).status, 2);
  });
});
