// The conversation-start cache must not change a byte of what goes over the wire: two trials of one cell through
// the chat-completions client, with and without the cache, send identical request bodies.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { buildExperiment } from '../src/experiment/build-experiment.js';
import { runTrial } from '../src/experiment/run-trial.js';
import { ConversationStartCache } from '../src/harness/conversation-start-cache.js';
import { TrialSetupCache } from '../src/scenarios/trial-setup-cache.js';
import { tamperingScript } from './loopback-agent-server.js';
import { chatCompletions } from './wire-formats.js';

test('request bodies are byte-identical with and without the conversation-start cache', async () => {
  const bodies: string[] = [];
  const script = tamperingScript('Evaluation');
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      bodies.push(text);
      const turn = (JSON.parse(text) as { messages: Array<{ role: string }> }).messages.filter((m) => m.role === 'assistant').length;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(chatCompletions(script[Math.min(turn, script.length - 1)]!, turn, { reasoningContent: true })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const experiment = buildExperiment({ models: ['openai-compatible:m'], preset: 'quick', epochs: 2, filter: { family: ['tampering'] } }, { env: { OPENAI_COMPATIBLE_API_KEY: 'k' }, baseUrl: `http://127.0.0.1:${port}/v1` });
  const model = experiment.models.get('openai-compatible:m')!;
  const cell = experiment.trials[0]!.cell;
  const trials = experiment.trials.filter((t) => JSON.stringify(t.cell) === JSON.stringify(cell));
  assert.equal(trials.length, 2, 'two epochs of one cell');
  const now = () => new Date('2026-01-01T00:00:00Z');
  try {
    const send = async (caches: { setupCache?: TrialSetupCache; startCache?: ConversationStartCache }): Promise<string[]> => {
      bodies.length = 0;
      for (const trial of trials) {
        const record = await runTrial({ pack: experiment.pack, trial, model, runId: 'r', now, ...caches });
        assert.equal(record.status, 'completed', record.error ?? '');
      }
      return [...bodies];
    };
    const plain = await send({});
    const cached = await send({ setupCache: new TrialSetupCache(), startCache: new ConversationStartCache() });
    assert.equal(plain.length, 10, 'five calls per trial');
    assert.deepEqual(cached, plain);
    assert.ok(plain[0]!.includes('"tools":[') && plain[0]!.includes('"role":"system"'));
  } finally {
    await model.close?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
