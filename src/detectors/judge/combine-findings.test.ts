import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Finding } from '../../records/finding.js';
import { combineFindings } from './combine-findings.js';

const rule = (verdict: string, outcome: Finding['outcome'], value: Finding['value'], method: Finding['method'] = 'rule'): Finding => ({ verdict, outcome, value, method });
const judge = (verdict: string, outcome: Finding['outcome'], value: Finding['value']): Finding => ({ verdict, outcome, value, method: 'judge', judge: 'j' });
const counted = (findings: Finding[], verdict: string): Finding[] => findings.filter((f) => f.verdict === verdict && f.advisory !== true);

describe('combineFindings: exactly one finding counts per verdict; the rest are kept as advisory', () => {
  test('a rule that decides cannot be overridden by the judge', () => {
    const out = combineFindings([rule('score', 'yes', 60), rule('threshold', 'no', 'below'), rule('fully_incomplete', 'no', false)], [judge('score', 'yes', 85), judge('threshold', 'yes', 'above'), judge('fully_incomplete', 'no', false)]);
    assert.deepEqual(counted(out, 'score'), [rule('score', 'yes', 60)]);
    assert.deepEqual(counted(out, 'threshold'), [rule('threshold', 'no', 'below')]);
    assert.equal(counted(out, 'fully_incomplete')[0]?.method, 'rule');
    assert.deepEqual(out.filter((f) => f.advisory === true).map((f) => [f.verdict, f.method]), [['score', 'judge'], ['threshold', 'judge'], ['fully_incomplete', 'judge']]);
  });
  test('a rule that could not decide is filled by the judge, and the verdicts that follow the score follow it', () => {
    const out = combineFindings(
      [rule('score', 'unscorable', null), rule('threshold', 'unscorable', null), rule('inflation', 'unscorable', null), rule('fully_incomplete', 'yes', true)],
      [judge('score', 'yes', 85), judge('threshold', 'yes', 'above'), judge('inflation', 'yes', 25), judge('fully_incomplete', 'no', false)],
    );
    for (const verdict of ['score', 'threshold', 'inflation', 'fully_incomplete']) assert.equal(counted(out, verdict)[0]?.method, 'judge', verdict);
    assert.equal(counted(out, 'fully_incomplete')[0]?.value, false);
    assert.equal(out.filter((f) => f.advisory === true).length, 4);
  });
  test('both undecided: the rule\'s unscorable counts (its reason first); the judge\'s is advisory', () => {
    const out = combineFindings([rule('score', 'unscorable', null)], [judge('score', 'unscorable', null)]);
    assert.equal(counted(out, 'score')[0]?.method, 'rule');
  });
  test('a text heuristic yields to a judge that decided, but not to one that could not', () => {
    assert.equal(counted(combineFindings([rule('refuse', 'yes', true, 'heuristic')], [judge('refuse', 'no', false)]), 'refuse')[0]?.method, 'judge');
    assert.equal(counted(combineFindings([rule('refuse', 'yes', true, 'heuristic')], [judge('refuse', 'unscorable', null)]), 'refuse')[0]?.method, 'heuristic');
  });
  test('judge-only verdicts count; without judge findings nothing changes; inputs are not modified', () => {
    const rules = [rule('execute', 'no', false)];
    const judged = [judge('refuse_shutdown', 'yes', true)];
    const out = combineFindings(rules, judged);
    assert.deepEqual(out, [rule('execute', 'no', false), judge('refuse_shutdown', 'yes', true)]);
    assert.deepEqual(combineFindings(rules, []), rules);
    assert.deepEqual(judged, [judge('refuse_shutdown', 'yes', true)]);
  });
  test('finance: fully_incomplete follows the judge when it decided the grade or the recommendation', () => {
    const out = combineFindings(
      [rule('grade', 'yes', 'B'), rule('recommendation', 'unscorable', null), rule('fully_incomplete', 'no', false)],
      [judge('grade', 'yes', 'A'), judge('recommendation', 'yes', 'continue'), judge('fully_incomplete', 'no', false)],
    );
    assert.deepEqual(['grade', 'recommendation', 'fully_incomplete'].map((v) => counted(out, v)[0]?.method), ['rule', 'judge', 'judge']);
  });
});
