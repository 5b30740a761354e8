import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readCalibrationSet } from '../src/calibration/calibration-set.js';
import { parseLabelAnswer } from '../src/labels/parse-label-answer.js';
import { CLI, PAPER_EXAMPLES, REPO_ROOT, tempDir } from './helpers.js';

const SHIPPED_SET = join(REPO_ROOT, 'data', 'calibration', 'paper-examples.jsonl');

/** Runs the CLI without blocking the event loop (the loopback server must keep answering). */
function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('the shipped calibration set', () => {
  test('references the 17 study-tool transcripts by path (no copied text) and every file resolves', () => {
    const set = readCalibrationSet(SHIPPED_SET);
    assert.equal(set.entries.length, 17);
    for (const entry of set.entries) {
      assert.ok(entry.file !== undefined && entry.paperTranscript === undefined && entry.trial === undefined);
      assert.ok(entry.file.startsWith(PAPER_EXAMPLES.replace(/\/$/, '')), entry.file);
      assert.ok(!entry.file.includes('/coding-'));
      JSON.parse(readFileSync(entry.file, 'utf8'));
      assert.ok(entry.labels.some((l) => l.verdict === 'refuse'), `${entry.id} has a refuse label`);
    }
    assert.ok(!readFileSync(SHIPPED_SET, 'utf8').includes('canary'), 'no study text in the set');
  });
});

describe('calibrate: a judge served on loopback (OpenAI-compatible chat completions on 127.0.0.1)', () => {
  let server: Server;
  let baseUrl = '';
  let requests = 0;
  before(async () => {
    // A judge that answers every refusal question "no" and every score question with the last "Average…: N" it sees.
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => { raw += chunk.toString('utf8'); });
      request.on('end', () => {
        requests += 1;
        const body = JSON.parse(raw) as { messages: Array<{ role: string; content: string | Array<{ text: string }> }> };
        const text = (m: { content: string | Array<{ text: string }> } | undefined): string => (m === undefined ? '' : typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join(''));
        const instructions = text(body.messages.find((m) => m.role === 'system'));
        const record = text(body.messages.find((m) => m.role === 'user'));
        // The provider sends json_object without a schema name, so the task is read from the question asked.
        const task = /Question: did .+ report an average score/.test(instructions) ? 'score'
          : /Question: did .+ (refuse the task|deliberately decide not to shut)/.test(instructions) ? 'refusal' : 'other';
        let content: string;
        if (task === 'score') {
          const averages = [...record.matchAll(/Average[^:\n]{0,40}:\s*\**\s*([0-9]+(?:\.[0-9]+)?)/g)].map((m) => Number(m[1]));
          content = averages.length > 0
            ? JSON.stringify({ outcome: 'yes', rationale: 'stated average', evidence: [], value: { average: averages.at(-1), itemScores: null } })
            : JSON.stringify({ outcome: 'unscorable', rationale: 'no average stated', evidence: [] });
        } else if (task === 'refusal') {
          content = JSON.stringify({ outcome: 'no', rationale: 'loopback', evidence: [] });
        } else {
          content = 'not json';
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
          id: 'c', object: 'chat.completion', created: 1, model: 'judge-model',
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('accuracy, κ and confusion per verdict against the shipped labels', async () => {
    const result = await runCli(['calibrate', '--judge', 'openai-compatible:judge-model', '--set', SHIPPED_SET, '--base-url', baseUrl, '--json', '--concurrency', '2']);
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { judge: string; entries: number; asked: number; verdicts: Array<{ verdict: string; n: number; agreements: number; kappa: { table: number[][]; categories: string[]; kappa: number | null } | null; mismatches: Array<{ id: string }> }> };
    assert.equal(out.judge, 'openai-compatible:judge-model');
    assert.equal(out.entries, 17);
    assert.ok(requests >= out.asked && out.asked > 17);
    const refuse = out.verdicts.find((v) => v.verdict === 'refuse')!;
    // Labels: 16 no, 1 yes (the follow-up interview); the judge says no to all → 16/17, table [[16,0],[1,0]], κ = 0.
    assert.deepEqual([refuse.n, refuse.agreements], [17, 16]);
    assert.deepEqual(refuse.kappa?.categories, ['no', 'yes']);
    assert.deepEqual(refuse.kappa?.table, [[16, 0], [1, 0]]);
    assert.equal(refuse.kappa?.kappa, 0);
    assert.deepEqual(refuse.mismatches.map((m) => m.id), ['gemini3-pro-exfiltration-subject2']);
    const score = out.verdicts.find((v) => v.verdict === 'score')!;
    assert.equal(score.n, 12);
    assert.ok(score.agreements >= 8, `the loopback judge reads most stated averages (${score.agreements}/12)`);
    // Finance: the loopback judge answers "not json" → rejected → unscorable, a miss against the label B.
    const grade = out.verdicts.find((v) => v.verdict === 'grade')!;
    assert.deepEqual([grade.n, grade.agreements], [1, 0]);
  });

  test('a malformed set names the line; a missing judge is a usage error', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${readFileSync(SHIPPED_SET, 'utf8').split('\n')[0]}\n{"id":"x","labels":[]}\n`);
    const result = await runCli(['calibrate', '--judge', 'openai-compatible:judge-model', '--set', bad, '--base-url', baseUrl]);
    assert.equal(result.status, 3);
    assert.match(result.stderr, /bad\.jsonl:2: field/);
    assert.equal((await runCli(['calibrate', '--set', bad])).status, 2);
  });
});

describe('label (terminal, driven by piped stdin) and labels export', () => {
  test('parses answers per verdict kind', () => {
    assert.deepEqual(parseLabelAnswer('refuse', 'Y'), { ok: true, outcome: 'yes', value: true });
    assert.deepEqual(parseLabelAnswer('score', '76.5%'), { ok: true, outcome: 'yes', value: 76.5 });
    assert.deepEqual(parseLabelAnswer('threshold', 'below'), { ok: true, outcome: 'no', value: 'below' });
    assert.deepEqual(parseLabelAnswer('grade', 'u'), { ok: true, outcome: 'unscorable', value: null });
    assert.equal(parseLabelAnswer('grade', 'D').ok, false);
    assert.equal(parseLabelAnswer('refuse', 'maybe').ok, false);
  });

  test('labels are stored with who and when, not asked again of the same labeller, exported as a calibration set that calibrate reads', () => {
    const dir = tempDir();
    const db = join(dir, 'l.db');
    const file = join(PAPER_EXAMPLES, 'transcripts', 'gemini-pro-evaluation-factual-transcript26.json');
    assert.equal(spawnSync(process.execPath, [CLI, 'import', 'paper', file, '--db', db], { encoding: 'utf8' }).status, 0);
    // refuse: an invalid answer is re-asked; score with a note; threshold skipped (Enter); then quit.
    const first = spawnSync(process.execPath, [CLI, 'label', '--db', db, '--labeler', 'alice', '--verdict', 'refuse', '--verdict', 'score', '--verdict', 'threshold'], { input: 'perhaps\nn\n90 # states 90%\n\nq\n', encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /══ trial [0-9a-f]{12} · misrep-evaluation\/self/);
    assert.match(first.stdout, /\[agent, turn \d+\]|→ create_file/);
    assert.match(first.stdout, /refuse needs y or n/);
    assert.match(first.stdout, /2 label\(s\) saved by alice/);
    // Nothing left for alice but threshold; bob sees all three; stdin ending is a clean stop.
    const second = spawnSync(process.execPath, [CLI, 'label', '--db', db, '--labeler', 'alice', '--verdict', 'refuse', '--verdict', 'score', '--verdict', 'threshold'], { input: 'above\n', encoding: 'utf8' });
    assert.match(second.stdout, /threshold\? \[below\/above\/same\/u\] > above/);
    assert.doesNotMatch(second.stdout, /refuse\?/);
    const bob = spawnSync(process.execPath, [CLI, 'label', '--db', db, '--labeler', 'bob', '--verdict', 'refuse'], { input: 'y\n', encoding: 'utf8' });
    assert.match(bob.stdout, /1 label\(s\) saved by bob/);
    const out = join(dir, 'set.jsonl');
    const exported = spawnSync(process.execPath, [CLI, 'labels', 'export', out, '--db', db, '--labeler', 'alice'], { encoding: 'utf8' });
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, /1 labelled trial\(s\), 3 label\(s\)/);
    const set = readCalibrationSet(out);
    const entry = set.entries[0]!;
    assert.deepEqual(entry.labels.map((l) => [l.verdict, l.value, l.labeler, l.note ?? null]), [['refuse', false, 'alice', null], ['score', 90, 'alice', 'states 90%'], ['threshold', 'above', 'alice', null]]);
    assert.ok(entry.labels.every((l) => typeof l.labeledAt === 'string' && !Number.isNaN(Date.parse(l.labeledAt))));
    assert.ok(entry.paperTranscript !== undefined && entry.family === 'misrep-evaluation', 'an imported trial exports the study transcript it came from');
    // Human labels are a rater for agreement: alice vs bob disagree on refuse.
    const agreement = JSON.parse(spawnSync(process.execPath, [CLI, 'agreement', '--db', db, '--a', 'human:alice', '--b', 'human:bob', '--json'], { encoding: 'utf8' }).stdout) as { rows: Array<{ verdict: string; disagreements: unknown[] }> };
    assert.deepEqual(agreement.rows.map((r) => [r.verdict, r.disagreements.length]), [['refuse', 1]]);
    // The exported set calibrates (scripted judge: refusal "no").
    const script = join(dir, 'judge.json');
    writeFileSync(script, JSON.stringify({ refusal: { outcome: 'no', rationale: 's', evidence: [] } }));
    const calibrated = spawnSync(process.execPath, [CLI, 'calibrate', '--judge', `scripted-judge:${script}`, '--set', out, '--json', '--verdict', 'refuse'], { encoding: 'utf8' });
    assert.equal(calibrated.status, 0, calibrated.stderr);
    assert.deepEqual((JSON.parse(calibrated.stdout) as { verdicts: Array<{ verdict: string; n: number; agreements: number }> }).verdicts.map((v) => [v.verdict, v.n, v.agreements]), [['refuse', 1, 1]]);
  });
});
