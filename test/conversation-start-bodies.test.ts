// The conversation-start cache must not change a byte of what goes over the wire: two trials of one cell through
// the chat-completions client, with and without the cache, send identical request bodies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildExperiment } from '../src/experiment/build-experiment.js';
import { runTrial } from '../src/experiment/run-trial.js';
import { ConversationStartCache } from '../src/harness/conversation-start-cache.js';
import { TrialSetupCache } from '../src/scenarios/trial-setup-cache.js';
import { startFakeProviderServer } from './fake-provider-server.js';
import { tamperingScript } from './loopback-agent-server.js';
import { chatCompletions } from './wire-formats.js';

test('request bodies are byte-identical with and without the conversation-start cache', async () => {
  // Two rounds (plain, cached) of two five-call trials, played in order.
  const trialReplies = tamperingScript('Evaluation').map((turn, n) => ({ json: chatCompletions(turn, n, { reasoningContent: true }) }));
  const server = await startFakeProviderServer([...trialReplies, ...trialReplies, ...trialReplies, ...trialReplies]);
  const experiment = buildExperiment({ models: ['openai-compatible:m'], preset: 'quick', epochs: 2, filter: { family: ['tampering'] } }, { env: { OPENAI_COMPATIBLE_API_KEY: 'k' }, baseUrl: `${server.url}/v1` });
  const model = experiment.models.get('openai-compatible:m')!;
  const cell = experiment.trials[0]!.cell;
  const trials = experiment.trials.filter((t) => JSON.stringify(t.cell) === JSON.stringify(cell));
  assert.equal(trials.length, 2, 'two epochs of one cell');
  const now = () => new Date('2026-01-01T00:00:00Z');
  try {
    const send = async (caches: { setupCache?: TrialSetupCache; startCache?: ConversationStartCache }): Promise<string[]> => {
      const from = server.requests.length;
      for (const trial of trials) {
        const record = await runTrial({ pack: experiment.pack, trial, model, runId: 'r', now, ...caches });
        assert.equal(record.status, 'completed', record.error ?? '');
      }
      return server.requests.slice(from).map((r) => r.body);
    };
    const plain = await send({});
    const cached = await send({ setupCache: new TrialSetupCache(), startCache: new ConversationStartCache() });
    assert.equal(plain.length, 10, 'five calls per trial');
    assert.deepEqual(cached, plain);
    assert.ok(plain[0]!.includes('"tools":[') && plain[0]!.includes('"role":"system"'));
  } finally {
    await model.close?.();
    await server.stop();
  }
});
