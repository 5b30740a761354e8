import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { buildEvidence } from '../src/detectors/evidence.js';
import { runDetectors } from '../src/detectors/detector-catalogue.js';
import { createModelJudge } from '../src/detectors/judge/create-model-judge.js';
import { loadJudgePrompts } from '../src/detectors/judge/judge-prompts.js';
import { judgeTrial, type JudgeTrialResult } from '../src/detectors/judge/judge-trial.js';
import { DEFAULT_LOOP_POLICY, runAgentLoop } from '../src/harness/run-agent-loop.js';
import { createScriptedModel } from '../src/models/scripted-model.js';
import { cell, REPO_ROOT, setupFor } from './helpers.js';

/** What the loopback server answers next: a chat completion with this content, an HTTP status, or no answer at all. */
type Reply = { content: string | null } | { status: number; body: string } | { hang: true };

interface Seen {
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
  raw: string;
}

const API_KEY = 'sk-loopback-judge-key-0123456789';

describe('judge over the OpenAI-compatible wire format (loopback server on 127.0.0.1)', () => {
  let server: Server;
  let baseURL = '';
  const replies: Reply[] = [];
  const seen: Seen[] = [];
  before(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => { raw += chunk.toString('utf8'); });
      request.on('end', () => {
        seen.push({ url: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(raw) as Record<string, unknown>, raw });
        const next = replies.shift() ?? { status: 500, body: '{"error":{"message":"no scripted reply"}}' };
        if ('hang' in next) return;
        if ('status' in next) {
          response.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body);
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
          id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'judge-model',
          choices: [{ index: 0, message: { role: 'assistant', content: next.content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** One refusal question about a small exfiltration-transfer trial, answered by the loopback server. */
  async function ask(reply: Reply[], options: { timeoutMs?: number; maxAttempts?: number } = {}): Promise<JudgeTrialResult> {
    replies.splice(0, replies.length, ...reply);
    seen.length = 0;
    const c = cell({ family: 'exfiltration-transfer' });
    const setup = setupFor(c);
    const loop = await runAgentLoop({ setup, model: createScriptedModel([{ text: 'I will not move these files.', calls: [{ name: 'end_task' }] }]), policy: DEFAULT_LOOP_POLICY, nudgeText: 'nudge' });
    const evidence = buildEvidence({ cell: c, setup, events: loop.events, final: loop.world.state });
    const model = createOpenAICompatible({ baseURL, name: 'loopback', apiKey: API_KEY, supportsStructuredOutputs: true }).chatModel('judge-model');
    const judge = createModelJudge('openai-compatible:judge-model', model, { timeoutMs: options.timeoutMs ?? 5000, maxAttempts: options.maxAttempts ?? 1, retryDelayMs: 0 });
    return judgeTrial({ judge, prompts: loadJudgePrompts(join(REPO_ROOT, 'judge-prompts')), evidence, ruleFindings: runDetectors(evidence), trial: { key: 'k', setup } });
  }
  const refuse = (result: JudgeTrialResult) => result.findings.find((f) => f.verdict === 'refuse')!;

  test('a valid structured answer becomes a judge finding; the request is chat completions with a strict JSON schema at temperature 0', async () => {
    const result = await ask([{ content: '{"outcome":"yes","rationale":"It declines outright.","evidence":["I will not move these files."]}' }]);
    assert.deepEqual([refuse(result).outcome, refuse(result).value, refuse(result).method, refuse(result).judge], ['yes', true, 'judge', 'openai-compatible:judge-model']);
    assert.deepEqual(refuse(result).quotes, ['I will not move these files.']);
    const [request] = seen;
    assert.equal(request?.url, '/v1/chat/completions');
    assert.equal(request?.body.temperature, 0);
    const format = request?.body.response_format as { type: string; json_schema: { name: string; schema: { additionalProperties: boolean } } };
    assert.equal(format.type, 'json_schema');
    assert.equal(format.json_schema.name, 'peerguard_refusal');
    assert.equal(format.json_schema.schema.additionalProperties, false);
    const messages = request?.body.messages as Array<{ role: string; content: string }>;
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user']);
    assert.match(messages[1]?.content ?? '', /BEGIN RECORD[\s\S]*I will not move these files\.[\s\S]*END RECORD/);
  });

  test('a fenced answer is accepted; prose around it is not', async () => {
    assert.equal(refuse(await ask([{ content: '```json\n{"outcome":"no","rationale":"Defers.","evidence":[]}\n```' }])).outcome, 'no');
    const prose = refuse(await ask([{ content: 'Sure! ```json\n{"outcome":"no","rationale":"Defers.","evidence":[]}\n```' }]));
    assert.equal(prose.outcome, 'unscorable');
    assert.match(prose.reason ?? '', /not valid JSON/);
  });

  test('a reply that does not match the schema is unscorable with the reason', async () => {
    const result = await ask([{ content: '{"outcome":"refused","rationale":"x","evidence":[]}' }]);
    assert.equal(refuse(result).outcome, 'unscorable');
    assert.match(refuse(result).reason ?? '', /judge reply rejected: the reply does not match the schema: outcome/);
    assert.deepEqual([result.asked, result.unanswered], [1, 1]);
  });

  test('an empty reply (empty content, or none) is unscorable with the reason', async () => {
    for (const content of ['', null]) {
      const finding = refuse(await ask([{ content }]));
      assert.equal(finding.outcome, 'unscorable');
      assert.match(finding.reason ?? '', /empty reply/);
    }
  });

  test('HTTP 500 is a failed call (retried when allowed), recorded as unscorable — never a verdict', async () => {
    const once = await ask([{ status: 500, body: '{"error":{"message":"upstream exploded"}}' }]);
    assert.equal(refuse(once).outcome, 'unscorable');
    assert.match(refuse(once).reason ?? '', /judge call failed: HTTP 500/);
    assert.equal(seen.length, 1);
    const retried = await ask([{ status: 500, body: '{"error":{"message":"busy"}}' }, { content: '{"outcome":"no","rationale":"r","evidence":[]}' }], { maxAttempts: 3 });
    assert.equal(refuse(retried).outcome, 'no');
    assert.equal(seen.length, 2);
    const exhausted = await ask([{ status: 503, body: '{}' }, { status: 503, body: '{}' }], { maxAttempts: 2 });
    assert.match(refuse(exhausted).reason ?? '', /failed after 2 attempts: HTTP 503/);
  });

  test('a hung response times out as a failed call', async () => {
    const result = await ask([{ hang: true }], { timeoutMs: 300 });
    assert.equal(refuse(result).outcome, 'unscorable');
    assert.match(refuse(result).reason ?? '', /no answer within 300 ms/);
  });

  test('secrets: the key travels only in the Authorization header; no environment value is in the request body', async () => {
    process.env.PEERGUARD_LOOPBACK_SECRET = 'sk-env-secret-abcdefghijklmnop';
    try {
      await ask([{ content: '{"outcome":"no","rationale":"r","evidence":[]}' }]);
      const [request] = seen;
      assert.equal(request?.authorization, `Bearer ${API_KEY}`);
      assert.ok(!request?.raw.includes(API_KEY));
      for (const [name, value] of Object.entries(process.env)) {
        if (value !== undefined && value.length >= 16) assert.ok(!request?.raw.includes(value), `environment variable ${name} is in the request body`);
      }
    } finally {
      delete process.env.PEERGUARD_LOOPBACK_SECRET;
    }
  });
});
