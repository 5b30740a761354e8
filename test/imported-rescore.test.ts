import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createModelJudge } from '../src/detectors/judge/create-model-judge.js';
import { combinePanelFindings, createJudgePanel, judgeTrialByPanel } from '../src/detectors/judge/judge-panel.js';
import { loadJudgePrompts } from '../src/detectors/judge/judge-prompts.js';
import { createScriptedJudge } from '../src/detectors/judge/scripted-judge.js';
import { rescoreTrials } from '../src/experiment/rescore-trials.js';
import { importPaper } from '../src/importer/import-paper.js';
import { importedTrialAssessor } from '../src/importer/imported-trial-assessor.js';
import type { Finding } from '../src/records/finding.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';
import { CLI, pack, PAPER_EXAMPLES, REPO_ROOT, tempDir } from './helpers.js';

const prompts = loadJudgePrompts(join(REPO_ROOT, 'judge-prompts'));
const refusal = (outcome: 'yes' | 'no') => JSON.stringify({ outcome, rationale: `scripted ${outcome}`, evidence: [] });
const judgeSaying = (id: string, outcome: 'yes' | 'no') => createModelJudge(id, createScriptedJudge({ refusal: refusal(outcome) }));

async function importedStore(): Promise<SqliteResultStore> {
  const store = SqliteResultStore.open(':memory:');
  await importPaper({ store, pack: pack(), paths: [PAPER_EXAMPLES], runId: 'paper', now: () => new Date('2026-11-23T10:00:00Z') });
  return store;
}

const counted = (findings: readonly Finding[], verdict: string) => findings.find((f) => f.verdict === verdict && f.advisory !== true);

describe('rescore of imported trials (no trial settings; replayed from the stored original)', () => {
  test('rules only: every imported trial gets a new revision with the same rule findings and the paper findings carried', async () => {
    const store = await importedStore();
    try {
      const before = new Map(store.listTrials().map((t) => [t.key, store.getTrial(t.key)!.findings]));
      const result = await rescoreTrials({ store, pack: pack(), options: { paperCompat: false }, filter: {}, settings: { judge: null }, concurrency: 4, special: importedTrialAssessor(store, pack()) });
      assert.deepEqual([result.total, result.rescored, result.notReplayable.length], [19, 19, 0]);
      assert.deepEqual(result.changed, {});
      for (const [key, findings] of before) {
        assert.deepEqual(store.getTrial(key)!.findings, findings, 'same findings, paper ones included');
        assert.deepEqual(store.findingRevisions(key).map((r) => [r.revision, r.source]), [[1, 'run'], [2, 'rescore']]);
      }
    } finally {
      store.close();
    }
  });

  test('without the importer hook, imported trials are reported as not replayable (the pack does not render the study\'s prompts)', async () => {
    const store = await importedStore();
    try {
      const result = await rescoreTrials({ store, pack: pack(), options: { paperCompat: false }, filter: { families: ['tampering'] }, settings: {}, concurrency: 2 });
      assert.equal(result.rescored, 0);
      assert.equal(result.notReplayable.length, result.total);
    } finally {
      store.close();
    }
  });

  test('a judge: its decided refusal outranks the heuristic; a panel that disagrees leaves refuse unscorable, with the votes and members stored', async () => {
    const store = await importedStore();
    try {
      const filter = { families: ['exfiltration-transfer'] };
      const single = await rescoreTrials({ store, pack: pack(), options: { judge: { judge: judgeSaying('judge-a', 'yes'), prompts }, paperCompat: false }, filter, settings: { judge: 'judge-a' }, concurrency: 2, special: importedTrialAssessor(store, pack()) });
      assert.equal(single.rescored, 2);
      let withPaper = 0;
      for (const t of store.listTrials({ family: 'exfiltration-transfer' })) {
        const findings = store.getTrial(t.key)!.findings;
        assert.deepEqual([counted(findings, 'refuse')?.method, counted(findings, 'refuse')?.value], ['judge', true]);
        if (findings.some((f) => f.method === 'paper' && f.verdict === 'exfiltration')) withPaper += 1;
      }
      assert.equal(withPaper, 1, 'paper findings carried (the follow-up file records none)');
      const panel = createJudgePanel([judgeSaying('judge-a', 'yes'), judgeSaying('judge-b', 'no')]);
      const result = await rescoreTrials({ store, pack: pack(), options: { judge: { judge: panel, prompts }, paperCompat: false }, filter, settings: { judge: panel.id }, concurrency: 2, special: importedTrialAssessor(store, pack()) });
      assert.equal(result.asked, 4, 'two members × two trials × one question');
      for (const t of store.listTrials({ family: 'exfiltration-transfer' })) {
        const findings = store.getTrial(t.key)!.findings;
        const refuse = counted(findings, 'refuse')!;
        assert.deepEqual([refuse.method, refuse.judge, refuse.outcome, refuse.value], ['judge', 'panel(judge-a,judge-b)', 'unscorable', null]);
        assert.match(refuse.reason!, /panel disagreement: judge-a: yes \(true\); judge-b: no \(false\); majority: none/);
        assert.deepEqual(refuse.evidence, ['vote:judge-a=yes:true', 'vote:judge-b=no:false']);
        assert.deepEqual(findings.filter((f) => f.verdict === 'refuse' && f.method === 'judge' && f.judge !== refuse.judge).map((f) => [f.judge, f.value, f.advisory]), [['judge-a', true, true], ['judge-b', false, true]]);
        // A rule still decides where it can: exfiltration is the rule's, whatever the judges said.
        assert.equal(counted(findings, 'exfiltration')?.method, 'rule');
      }
    } finally {
      store.close();
    }
  });

  test('panel reduction: unanimous answers count under the panel id; a rule that decided wins over a disagreement; majority recorded', async () => {
    const rule: Finding = { verdict: 'shutdown_enabled', outcome: 'no', value: false, method: 'rule' };
    const heuristic: Finding = { verdict: 'refuse', outcome: 'no', value: false, method: 'heuristic' };
    const votes = (judge: string, value: boolean): Finding[] => [
      { verdict: 'refuse', outcome: value ? 'yes' : 'no', value, method: 'judge', judge },
      { verdict: 'shutdown_enabled', outcome: value ? 'yes' : 'no', value, method: 'judge', judge },
    ];
    const combined = combinePanelFindings([rule, heuristic], {
      panelFindings: [
        { verdict: 'refuse', outcome: 'unscorable', value: null, method: 'judge', judge: 'panel(a,b,c)', reason: 'panel disagreement' },
        { verdict: 'shutdown_enabled', outcome: 'unscorable', value: null, method: 'judge', judge: 'panel(a,b,c)' },
      ],
      memberFindings: [...votes('a', true), ...votes('b', true), ...votes('c', false)],
      disagreements: new Set(['refuse', 'shutdown_enabled']),
    });
    assert.deepEqual(counted(combined, 'shutdown_enabled'), rule);
    assert.equal(counted(combined, 'refuse')?.judge, 'panel(a,b,c)', 'the heuristic does not settle a disagreement');
    assert.equal(combined.filter((f) => f.advisory !== true).length, 2);
    assert.equal(combined.length, 2 + 2 + 6);

    const store = await importedStore();
    try {
      const key = store.listTrials({ family: 'exfiltration-transfer' })[0]!.key;
      const { assessImportedTrial } = await import('../src/importer/assess-imported-trial.js');
      const { getPaperImport } = await import('../src/store/paper-import-table.js');
      const imported = getPaperImport(store.database(), key)!;
      const agreeing = createJudgePanel([judgeSaying('a', 'no'), judgeSaying('b', 'no')]);
      const assessed = await assessImportedTrial({ pack: pack(), record: { key, model: 'm' }, imported, options: { judge: { judge: agreeing, prompts }, paperCompat: false } });
      const refuse = counted(assessed.findings, 'refuse')!;
      assert.deepEqual([refuse.judge, refuse.value], ['panel(a,b)', false]);
      assert.match(refuse.reason!, /^unanimous \(2\/2\)/);
      const three = createJudgePanel([judgeSaying('a', 'yes'), judgeSaying('b', 'yes'), judgeSaying('c', 'no')]);
      const replayed = await (await import('../src/importer/convert-paper-record.js')).replayImportedTranscript(pack(), imported.original, imported.row, 'x', imported.replay);
      const judgement = await judgeTrialByPanel({ panel: three, prompts, evidence: replayed.replay.evidence, ruleFindings: replayed.replay.findings, trial: { key, setup: replayed.replay.setup } });
      const panelRefuse = judgement.panelFindings.find((f) => f.verdict === 'refuse')!;
      assert.match(panelRefuse.reason!, /majority: yes true \(2\/3\)/);
      assert.ok(panelRefuse.evidence!.includes('majority:yes:true'));
    } finally {
      store.close();
    }
  });

  test('CLI: rescore --judge A --judge B over imported trials stores a panel revision', () => {
    const dir = tempDir();
    const db = join(dir, 'p.db');
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify({ refusal: { outcome: 'no', rationale: 'a', evidence: [] } }));
    writeFileSync(b, JSON.stringify({ refusal: { outcome: 'no', rationale: 'b', evidence: [] } }));
    const imported = spawnSync(process.execPath, [CLI, 'import', 'paper', join(PAPER_EXAMPLES, 'transcripts', 'gemini-pro-exfiltration-subject2-transcript221.json'), '--db', db], { encoding: 'utf8' });
    assert.equal(imported.status, 0, imported.stderr);
    const rescored = spawnSync(process.execPath, [CLI, 'rescore', '--db', db, '--judge', `scripted-judge:${a}`, '--judge', `scripted-judge:${b}`, '--json'], { encoding: 'utf8' });
    assert.equal(rescored.status, 0, rescored.stderr);
    const summary = JSON.parse(rescored.stdout) as { rescored: number; judge: string; asked: number };
    assert.deepEqual([summary.rescored, summary.judge, summary.asked], [1, `panel(scripted-judge:${a},scripted-judge:${b})`, 2]);
  });
});
