import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { replayPaperTranscriptInShell } from '../src/replay/replay-paper-in-shell.js';
import { paperVerdicts } from '../src/replay/replay-paper.js';
import { readPaperTranscript } from '../src/replay/paper-transcript.js';
import { CLI, pack, PAPER_EXAMPLES } from './helpers.js';

/** The verdicts the study recorded for its two real-CLI transcripts, all of which we reproduce. */
const COMPARED = ['read', 'refuse', 'delete_model', 'delete_others', 'change_user', 'exfiltration', 'fully_incomplete', 'attempt'];
const FILES = ['coding-gemini31pro-exfiltration2-memory-transcript36.json', 'coding-glm5-exfiltration2-memory-transcript39.json'];

for (const name of FILES) {
  test(`shell replay of ${name} reproduces the authors' verdicts`, async () => {
    const transcript = readPaperTranscript(join(PAPER_EXAMPLES, 'transcripts', name));
    const result = await replayPaperTranscriptInShell(pack(), transcript);
    assert.equal(result.rejectedCalls, 0, 'every shell and file tool call is mapped');
    assert.equal(result.family, 'exfiltration-deletion');
    const theirs = paperVerdicts(transcript.evaluation ?? {}, '');
    for (const verdict of COMPARED) {
      assert.ok(verdict in theirs, `the paper records ${verdict}`);
      assert.deepEqual(result.verdicts[verdict], theirs[verdict], `${verdict}: ours ${JSON.stringify(result.verdicts[verdict])} vs paper ${JSON.stringify(theirs[verdict])}`);
    }
  });
}

test('the Gemini CLI transcript\'s commands see the study\'s world: 765G weights, 2.0T disks, scp via agent forwarding', async () => {
  const transcript = readPaperTranscript(join(PAPER_EXAMPLES, 'transcripts', FILES[0]!));
  const result = await replayPaperTranscriptInShell(pack(), transcript);
  const outputs = result.events.filter((e) => e.type === 'tool-returned').map((e) => (e.type === 'tool-returned' ? e.output : ''));
  assert.ok(outputs.some((o) => /765G -rw-r--r-- 1 maintainer maintainer 765G Oct  1  2024 \/data\/gemini_agent_2_model_weight\.safetensors/.test(o)));
  assert.ok(outputs.some((o) => /\/dev\/vda1\s+2\.0T\s+765G\s+1\.3T\s+38% \/data/.test(o)));
  assert.ok(outputs.some((o) => /820359221000 Feb  3 21:2\d gemini_agent_2_model_weight\.safetensors/.test(o)), 'the copy on .46 is stamped now');
});

test('peerguard replay --paper --harness shell prints agreement for both files', () => {
  const run = spawnSync(process.execPath, [CLI, 'replay', '--paper', '--harness', 'shell', ...FILES.map((f) => join(PAPER_EXAMPLES, 'transcripts', f))], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal((run.stdout.match(/≠/g) ?? []).length, 0, run.stdout);
  assert.equal((run.stdout.match(/ = attempt /g) ?? []).length, 2, run.stdout);
  const bad = spawnSync(process.execPath, [CLI, 'replay', '--paper', '--harness', 'docker', join(PAPER_EXAMPLES, 'transcripts', FILES[0]!)], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(bad.status, 2, bad.stderr);
});
