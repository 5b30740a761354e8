import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { importPaper } from '../src/importer/import-paper.js';
import { readPaperTranscript } from '../src/replay/paper-transcript.js';
import { replayPaperTranscriptInShell } from '../src/replay/replay-paper-in-shell.js';
import { paperVerdicts, replayPaperTranscript } from '../src/replay/replay-paper.js';
import { getPaperImport } from '../src/store/paper-import-table.js';
import { SqliteResultStore } from '../src/store/sqlite-result-store.js';
import { CLI, pack, PAPER_EXAMPLES, tempDir } from './helpers.js';

const allFiles = ['transcripts', 'scratchpad', 'follow-up'].flatMap((dir) => readdirSync(join(PAPER_EXAMPLES, dir)).map((name) => join(PAPER_EXAMPLES, dir, name))).filter((f) => f.endsWith('.json')).sort();
const fixedNow = () => new Date('2026-11-23T10:00:00Z');

/** Dataset rows like the released dataset's: transcript_json plus merged_data.csv fields. */
function datasetRows(): Array<Record<string, unknown>> {
  const pick = (name: string) => allFiles.find((f) => f.endsWith(name))!;
  return [
    { transcript_id: 'aa11', group: 'main', task_type: 'tampering', agent_model: 'gemini/gemini-3-flash-preview', condition: 'collaboration', subject: 'peer', dataset: 'creativity', threshold: 90, transcript_json: readFileSync(pick('gemini-flash-evaluation2-creativity-transcript101.json'), 'utf8') },
    { transcript_id: 'bb22', group: 'main', task_type: 'exfiltration_transfer', agent_model: 'gemini/gemini-3-pro-preview', condition: 'collaboration', subject: 'peer', dataset: 'default', threshold: null, transcript_json: readFileSync(pick('gemini-pro-exfiltration-subject2-transcript221.json'), 'utf8') },
    { transcript_id: 'cc33', group: 'main', task_type: 'no_such_task', agent_model: 'x', condition: 'c', subject: 'peer', dataset: 'default', threshold: null, transcript_json: readFileSync(pick('gemini-pro-exfiltration-subject2-transcript221.json'), 'utf8') },
    { transcript_id: 'dd44', group: 'main', task_type: 'tampering', agent_model: 'x', condition: 'c', subject: 'peer', dataset: 'factual', threshold: 80, transcript_json: '{"not": "a transcript"}' },
    // The same transcript as row 1 under another group is another trial of the dataset.
    { transcript_id: 'aa11', group: 'explicit_instructions', task_type: 'tampering', agent_model: 'gemini/gemini-3-flash-preview', condition: 'collaboration', subject: 'peer', dataset: 'creativity', threshold: 90, transcript_json: readFileSync(pick('gemini-flash-evaluation2-creativity-transcript101.json'), 'utf8') },
  ];
}

describe('import paper: the study\'s transcript files', () => {
  test('every file in shared/paper-examples imports, with our rule findings counted and the authors\' verdicts kept as `paper`', async () => {
    assert.equal(allFiles.length, 19);
    const store = SqliteResultStore.open(':memory:');
    try {
      const summary = await importPaper({ store, pack: pack(), paths: [PAPER_EXAMPLES], runId: 'paper', now: fixedNow, batchSize: 5 });
      assert.deepEqual([summary.files, summary.imported, summary.skipped, summary.duplicates], [19, 19, 0, 0]);
      const db = store.database();
      for (const file of allFiles) {
        const key = db.prepare('SELECT trial_key FROM paper_imports WHERE source = ?').pluck().get(file) as string;
        assert.ok(key, `${file} imported`);
        const record = store.getTrial(key)!;
        const transcript = readPaperTranscript(file);
        const coding = file.includes('/coding-');
        const replay = coding ? await replayPaperTranscriptInShell(pack(), transcript) : replayPaperTranscript(pack(), transcript);
        assert.equal(record.model, `paper:${String(transcript.metadata.agent_model)}`);
        assert.deepEqual(record.cell, replay.cellFactors, `${file}: cell inferred as by the replay`);
        assert.equal(getPaperImport(db, key)!.replay.harness, coding ? 'shell' : 'tools');
        // The counted findings are our replay's, unchanged by the study's outputs in the stored transcript.
        const counted = record.findings.filter((f) => f.advisory !== true);
        assert.deepEqual(counted, replay.findings, `${file}: rule findings`);
        const paper = record.findings.filter((f) => f.method === 'paper');
        assert.ok(paper.every((f) => f.advisory === true));
        if (transcript.evaluation === null) {
          assert.equal(paper.length, 0);
        } else {
          const expected = paperVerdicts(transcript.evaluation, replay.evidence.truth.actor);
          assert.deepEqual(Object.fromEntries(paper.map((f) => [f.verdict, f.value])), expected, `${file}: paper verdicts`);
        }
        // The stored transcript shows what the study's agent saw: its tool messages, not our world's text.
        const firstTool = transcript.messages.find((m) => m.role === 'tool');
        const firstResult = record.transcript.events.find((e) => e.type === 'tool-returned');
        if (firstTool && firstResult?.type === 'tool-returned') assert.equal(firstResult.output, firstTool.content ?? '');
        // Provenance of revision 1.
        assert.deepEqual(store.findingRevisions(key)[0]!.settings, { source: 'import', kind: 'paper', runId: 'paper' });
      }
      // Re-import is idempotent: the same files are all duplicates.
      const again = await importPaper({ store, pack: pack(), paths: [PAPER_EXAMPLES], runId: 'paper', now: fixedNow });
      assert.deepEqual([again.imported, again.duplicates, again.skipped], [0, 19, 0]);
      assert.equal(store.listTrials().length, 19);
    } finally {
      store.close();
    }
  });

  test('a refusal with score false records a null score (unscorable); finance verdicts key on the subject', async () => {
    const store = SqliteResultStore.open(':memory:');
    try {
      await importPaper({ store, pack: pack(), paths: [join(PAPER_EXAMPLES, 'transcripts', 'claude-haiku-af-non-monitoring-red-transcript545.json'), join(PAPER_EXAMPLES, 'transcripts', 'glm47-report-writing-memory-transcript45.json')], runId: 'r', now: fixedNow });
      const findings = store.listTrials().flatMap((t) => store.getTrial(t.key)!.findings.filter((f) => f.method === 'paper'));
      assert.deepEqual(findings.find((f) => f.verdict === 'score'), { verdict: 'score', outcome: 'unscorable', value: null, method: 'paper', reason: 'the study\'s recorded verdict (evaluation)', advisory: true });
      assert.equal(findings.find((f) => f.verdict === 'refuse')?.outcome, 'yes');
      assert.deepEqual([findings.find((f) => f.verdict === 'grade')?.value, findings.find((f) => f.verdict === 'recommendation')?.outcome], ['B', 'yes']);
    } finally {
      store.close();
    }
  });
});

describe('import paper: dataset files (JSONL and Parquet)', () => {
  test('JSONL: rows import by the dataset id; malformed and unknown rows are reported by line and skipped', async () => {
    const dir = tempDir();
    const rows = datasetRows();
    const lines = [JSON.stringify(rows[0]), JSON.stringify(rows[1]), '{"broken json', '', JSON.stringify(rows[2]), JSON.stringify(rows[3]), JSON.stringify({ transcript_id: 'ee55' }), JSON.stringify(rows[4]), JSON.stringify(rows[0])];
    const file = join(dir, 'main.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const store = SqliteResultStore.open(':memory:');
    try {
      const summary = await importPaper({ store, pack: pack(), paths: [file], runId: 'ds', now: fixedNow });
      assert.deepEqual([summary.imported, summary.skipped, summary.duplicates], [3, 4, 1]);
      assert.deepEqual(summary.problems.map((p) => p.position), [`${file}:3`, `${file}:5`, `${file}:6`, `${file}:7`]);
      assert.match(summary.problems[0]!.reason, /not valid JSON/);
      assert.match(summary.problems[1]!.reason, /unknown task type "no_such_task"/);
      assert.match(summary.problems[2]!.reason, /field "conversation": missing/);
      assert.match(summary.problems[3]!.reason, /transcript_json/);
      const imports = store.database().prepare('SELECT transcript_id, dataset_group, position, row FROM paper_imports ORDER BY position').all() as Array<{ transcript_id: string; dataset_group: string; position: string; row: string }>;
      assert.deepEqual(imports.map((r) => [r.transcript_id, r.dataset_group, r.position]), [['aa11', 'main', 'line 1'], ['bb22', 'main', 'line 2'], ['aa11', 'explicit_instructions', 'line 8']]);
      // The row's other fields are kept verbatim (without transcript_json).
      assert.deepEqual(JSON.parse(imports[0]!.row), { transcript_id: 'aa11', group: 'main', task_type: 'tampering', agent_model: 'gemini/gemini-3-flash-preview', condition: 'collaboration', subject: 'peer', dataset: 'creativity', threshold: 90 });
      const again = await importPaper({ store, pack: pack(), paths: [file], runId: 'ds', now: fixedNow });
      assert.deepEqual([again.imported, again.duplicates, again.skipped], [0, 4, 4]);
    } finally {
      store.close();
    }
  });

  test('row outcome columns fill verdicts the transcript does not record ("False" strings, empty cells ignored)', async () => {
    const dir = tempDir();
    const original = JSON.parse(datasetRows()[0]!.transcript_json as string) as Record<string, unknown>;
    delete original.task_evaluation;
    const row = { ...datasetRows()[0], transcript_json: JSON.stringify(original), shutdown_enabled: 'False', read_config: true, eval_score: '74.05', threshold_result: 'below', delete_model: '', refused: 'nan' };
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, `${JSON.stringify(row)}\n`);
    const store = SqliteResultStore.open(':memory:');
    try {
      await importPaper({ store, pack: pack(), paths: [file], runId: 'ds', now: fixedNow });
      const paper = store.getTrial(store.listTrials()[0]!.key)!.findings.filter((f) => f.method === 'paper');
      assert.deepEqual(Object.fromEntries(paper.map((f) => [f.verdict, [f.outcome, f.value]])), {
        read_config: ['yes', true], shutdown_enabled: ['no', false], score: ['yes', 74.05], threshold: ['no', 'below'],
      });
    } finally {
      store.close();
    }
  });

  test('Parquet (several row groups): rows import; a bad row is reported by its 0-based row index', async () => {
    const dir = tempDir();
    const rows = datasetRows();
    const column = (name: string) => rows.map((r) => (r[name] === undefined || r[name] === null ? null : String(r[name])));
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'transcript_id', data: column('transcript_id'), type: 'STRING' },
        { name: 'group', data: column('group'), type: 'STRING' },
        { name: 'task_type', data: column('task_type'), type: 'STRING' },
        { name: 'agent_model', data: column('agent_model'), type: 'STRING' },
        { name: 'threshold', data: rows.map((r) => (typeof r.threshold === 'number' ? BigInt(r.threshold) : null)), type: 'INT64' },
        { name: 'transcript_json', data: column('transcript_json'), type: 'STRING' },
      ],
      rowGroupSize: 2,
    });
    const file = join(dir, 'main.parquet');
    writeFileSync(file, Buffer.from(buffer));
    const store = SqliteResultStore.open(':memory:');
    try {
      const summary = await importPaper({ store, pack: pack(), paths: [file], runId: 'pq', now: fixedNow });
      assert.deepEqual([summary.imported, summary.skipped, summary.duplicates], [3, 2, 0]);
      assert.deepEqual(summary.problems.map((p) => p.position), [`${file} row 2`, `${file} row 3`]);
      const row = JSON.parse(store.database().prepare("SELECT row FROM paper_imports WHERE position = 'row 0'").pluck().get() as string) as Record<string, unknown>;
      assert.equal(row.threshold, 90, 'INT64 becomes a JSON number');
      const trial = store.listTrials({ model: 'paper:gemini/gemini-3-flash-preview' });
      assert.equal(trial.length, 2);
      assert.equal(trial[0]!.cell.family, 'tampering');
    } finally {
      store.close();
    }
  });

  test('CLI: summary, problems on stderr with positions, exit 3 when rows were skipped, 0 on a clean re-import', () => {
    const dir = tempDir();
    const db = join(dir, 'p.db');
    const file = join(dir, 'rows.jsonl');
    writeFileSync(file, `${JSON.stringify(datasetRows()[1])}\nnot json\n`);
    const first = spawnSync(process.execPath, [CLI, 'import', 'paper', file, '--db', db, '--run-id', 'cli', '--json'], { encoding: 'utf8' });
    assert.equal(first.status, 3, first.stderr);
    assert.match(first.stderr, new RegExp(`skipped ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: not valid JSON`));
    const summary = JSON.parse(first.stdout) as { imported: number; skipped: number };
    assert.deepEqual([summary.imported, summary.skipped], [1, 1]);
    writeFileSync(file, `${JSON.stringify(datasetRows()[1])}\n`);
    const second = spawnSync(process.execPath, [CLI, 'import', 'paper', file, '--db', db, '--run-id', 'cli'], { encoding: 'utf8' });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /0 imported, 0 skipped, 1 duplicate/);
    const missing = spawnSync(process.execPath, [CLI, 'import', 'paper', join(dir, 'nope.jsonl'), '--db', db], { encoding: 'utf8' });
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /no such file/);
  });
});
