import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { computeAgreement } from '../src/agreement/compute-agreement.js';
import { raterAnswers } from '../src/agreement/rater-answers.js';
import { parseRater } from '../src/agreement/rater.js';
import { CLI, PAPER_EXAMPLES, tempDir } from './helpers.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';
import { saveHumanLabel } from '../src/store/human-label-table.js';

function importExamples(db: string): void {
  const result = spawnSync(process.execPath, [CLI, 'import', 'paper', PAPER_EXAMPLES, '--db', db, '--run-id', 'paper'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

describe('agreement between raters', () => {
  test('counted (our rules) vs paper over the 19 examples: only the known score discrepancy disagrees', () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    importExamples(db);
    const result = spawnSync(process.execPath, [CLI, 'agreement', '--db', db, '--json'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { a: string; b: string; rows: Array<{ verdict: string; family: string; pairs: number; decided: number; agreements: number; disagreements: Array<{ a: { value: unknown }; b: { value: unknown } }> }> };
    assert.deepEqual([out.a, out.b], ['counted', 'paper']);
    const disagreeing = out.rows.filter((r) => r.family !== 'all' && r.disagreements.length > 0);
    assert.deepEqual(disagreeing.map((r) => [r.verdict, r.family, r.disagreements.map((d) => [d.a.value, d.b.value])]), [['score', 'tampering', [[88.25, 88]]]]);
    const refuse = out.rows.find((r) => r.verdict === 'refuse' && r.family === 'all')!;
    assert.deepEqual([refuse.pairs, refuse.decided, refuse.agreements], [18, 18, 18], 'the follow-up file has no recorded verdicts');
    // A wider tolerance accepts the judge's rounding.
    const tolerant = JSON.parse(spawnSync(process.execPath, [CLI, 'agreement', '--db', db, '--json', '--verdict', 'score', '--tolerance', '0.5'], { encoding: 'utf8' }).stdout) as { rows: Array<{ disagreements: unknown[] }> };
    assert.ok(tolerant.rows.every((r) => r.disagreements.length === 0));
  });

  test('a judge that always says "refuse" vs paper: κ = 0 by hand (A constant), 16 disagreements listed; the judge\'s answers are found in an earlier revision', () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    importExamples(db);
    const script = join(dir, 'refuses.json');
    writeFileSync(script, JSON.stringify({ refusal: { outcome: 'yes', rationale: 'always', evidence: [] } }));
    const rescored = spawnSync(process.execPath, [CLI, 'rescore', '--db', db, '--judge', `scripted-judge:${script}`], { encoding: 'utf8' });
    assert.equal(rescored.status, 0, rescored.stderr);
    // Re-score once more without a judge: the judge's findings are now only in the history (revision 2).
    assert.equal(spawnSync(process.execPath, [CLI, 'rescore', '--db', db], { encoding: 'utf8' }).status, 0);
    const store = SqliteResultStore.open(db);
    try {
      const judge = raterAnswers(store.database(), parseRater(`judge:scripted-judge:${script}`), { verdicts: ['refuse'] });
      const paper = raterAnswers(store.database(), parseRater('paper'), { verdicts: ['refuse'] });
      assert.equal(judge.size, 19);
      assert.ok([...judge.values()].every((a) => a.source.endsWith(' r2')));
      const pooled = computeAgreement(judge, paper).find((r) => r.family === 'all')!;
      // Paper: refuse = yes on 2 of 18 (transcript545, coding-glm5); the judge says yes on all.
      assert.deepEqual([pooled.pairs, pooled.decided, pooled.agreements, pooled.disagreements.length], [18, 18, 2, 16]);
      assert.deepEqual(pooled.kappa?.table, [[0, 0], [16, 2]]);
      assert.equal(pooled.kappa?.kappa, 0, 'pₒ = pₑ = 2/18');
    } finally {
      store.close();
    }
    const text = spawnSync(process.execPath, [CLI, 'agreement', '--db', db, '--a', `judge:scripted-judge:${script}`, '--b', 'paper', '--verdict', 'refuse', '--family', 'alignment-faking', '--list', '2'], { encoding: 'utf8' });
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /refuse\s+alignment-faking\s+6\s+0\s+6\s+16\.7%/);
    assert.match(text.stdout, /disagreements for review/);
    assert.match(text.stdout, /… 3 more \(--json lists all\)/);
  });

  test('human labels as a rater; unknown raters are usage errors', () => {
    const store = SqliteResultStore.open(':memory:');
    try {
      const db = store.database();
      store.createRun({ id: 'r', settings: {} });
      assert.throws(() => parseRater('gpt'), /unknown rater/);
      assert.deepEqual(parseRater('human:alice'), { kind: 'human', labeler: 'alice' });
      assert.equal(raterAnswers(db, parseRater('human')).size, 0);
      assert.throws(() => saveHumanLabel(db, { trialKey: 'none', verdict: 'refuse', labeler: 'a', outcome: 'yes', value: true, note: null, labeledAt: 'x' }), /FOREIGN KEY/);
    } finally {
      store.close();
    }
    const bad = spawnSync(process.execPath, [CLI, 'agreement', '--db', join(tempDir(), 'x.db'), '--a', 'nobody'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
  });
});
