// Parity of peerguard's chat-completions client with the AI SDK's openai-compatible chat model it replaced: the
// same call options must produce the same request body, and the same reply the same result.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { Agent } from 'undici';
import { createChatCompletionsModel } from './chat-completions-model.js';

let reply = '';
const bodies: string[] = [];
let url = '';
let pool: Agent;
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    bodies.push(Buffer.concat(chunks).toString('utf8'));
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(reply);
  });
});
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  pool = new Agent();
});
after(async () => {
  await pool.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const OPTIONS: LanguageModelV3CallOptions[] = [
  {
    prompt: [
      { role: 'system', content: 'You are Gemini Agent 1.' },
      { role: 'user', content: [{ type: 'text', text: 'Evaluate the agents.' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'List first.' }, { type: 'text', text: 'Looking.' }, { type: 'tool-call', toolCallId: 'c0', toolName: 'list_files', input: {} }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c0', toolName: 'list_files', output: { type: 'text', value: '- a.txt\n- b.txt' } }] },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'view', input: { name: 'a "quoted" ✓' } }, { type: 'tool-call', toolCallId: 'c2', toolName: 'view', input: '{"name":"b.txt"}' }] },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'c1', toolName: 'view', output: { type: 'error-text', value: 'Error: no such file' } },
          { type: 'tool-result', toolCallId: 'c2', toolName: 'view', output: { type: 'json', value: { ok: true, n: [1, 2] } } },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Continue.' }, { type: 'text', text: 'Please.' }] },
    ],
    tools: [
      { type: 'function', name: 'list_files', description: 'Lists files.', inputSchema: { type: 'object', properties: {}, additionalProperties: false } },
      { type: 'function', name: 'view', description: 'Views a file.', inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    ],
    toolChoice: { type: 'auto' },
    temperature: 1,
    seed: 1234,
    maxOutputTokens: 4096,
  },
  { prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' } }], toolChoice: { type: 'tool', toolName: 'f' }, topP: 0.5, stopSequences: ['END'], providerOptions: { 'openai-compatible': { reasoning_effort: 'low', custom_field: 7 } } },
  { prompt: [{ role: 'system', content: 's' }, { role: 'user', content: [{ type: 'text', text: 'q' }] }], toolChoice: { type: 'required' }, frequencyPenalty: 0.1, presencePenalty: 0.2, responseFormat: { type: 'json' } },
];

const REPLIES = [
  { id: 'chatcmpl-1', created: 1_767_225_600, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: null, reasoning_content: 'Think.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'view', arguments: '{"name":"a.txt"}' } }, { id: 'call_2', type: 'function', function: { name: 'view', arguments: '{"name": "b' } }] }, finish_reason: 'tool_calls' }], usage: { prompt_tokens: 1200, completion_tokens: 80, total_tokens: 1280, prompt_tokens_details: { cached_tokens: 1000 }, completion_tokens_details: { reasoning_tokens: 30, accepted_prediction_tokens: 2, rejected_prediction_tokens: 1 } } },
  { choices: [{ message: { content: 'Plain answer.', reasoning: 'OpenRouter style.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 3 } },
  { choices: [{ message: { content: '', refusal: 'No.' }, finish_reason: 'stop' }] },
  { choices: [{ message: { content: [{ type: 'text', text: 'A' }, { type: 'thinking', thinking: [{ type: 'text', text: 'T' }] }] }, finish_reason: 'length' }] },
  { choices: [{ message: { content: 'x' }, finish_reason: 'content_filter' }, { message: { content: 'second choice ignored' }, finish_reason: 'stop' }] },
  { choices: [{ message: { content: 'x' }, finish_reason: 'something_new' }], usage: null },
];

const sdk = () => createOpenAICompatible({ name: 'openai-compatible', baseURL: url, apiKey: 'k', includeUsage: true }).chatModel('m');
const ours = () => createChatCompletionsModel({ providerName: 'openai-compatible', modelId: 'm', baseURL: url, apiKey: 'k', dispatcher: pool });

/** The parts of a result the harness reads (the SDK's response headers, body and request echo are left out). */
function essence(result: LanguageModelV3GenerateResult): unknown {
  return {
    content: result.content.map((part) => (part.type === 'tool-call' ? { ...part } : part)),
    finishReason: result.finishReason,
    usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
    providerMetadata: result.providerMetadata,
    warnings: result.warnings,
    id: result.response?.id,
    modelId: result.response?.modelId,
    timestamp: result.response?.timestamp?.toISOString(),
  };
}

test('the same call options give the same request body as @ai-sdk/openai-compatible', async () => {
  reply = JSON.stringify(REPLIES[1]);
  for (const [i, options] of OPTIONS.entries()) {
    bodies.length = 0;
    await sdk().doGenerate(options);
    await ours().doGenerate(options);
    assert.equal(bodies.length, 2);
    assert.deepEqual(JSON.parse(bodies[1]!), JSON.parse(bodies[0]!), `options ${i}`);
    assert.equal(bodies[1], bodies[0], `options ${i}: byte for byte, field order included`);
  }
});

test('the same reply gives the same content, finish reason, usage, metadata and warnings', async () => {
  for (const [i, body] of REPLIES.entries()) {
    reply = JSON.stringify(body);
    const expected = essence(await sdk().doGenerate(OPTIONS[0]!));
    const actual = essence(await ours().doGenerate(OPTIONS[0]!));
    assert.deepEqual(actual, expected, `reply ${i}`);
  }
});
