import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { LanguageModelV3CallOptions, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { Agent } from 'undici';
import { createChatCompletionsModel, CHAT_COMPLETIONS_USER_AGENT } from './chat-completions-model.js';
import { classifyModelError, type ModelCallError } from './model-call-error.js';
import { resolveModel } from './resolve-model.js';

const KEY = 'sk-SENTINEL-thin-client-0000';

/** What the next request gets: a status, headers and a raw body, or `cut` (socket destroyed) / `hang`. */
type Reply = { status?: number; headers?: Record<string, string>; body: string } | 'cut' | 'hang';
interface Seen { path: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }

const replies: Reply[] = [];
const seen: Seen[] = [];
const sockets = new Set<Socket>();
let url = '';
let pool: Agent;
const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    seen.push({ path: request.url ?? '', headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
    const reply = replies.shift() ?? { status: 500, body: '{"error":{"message":"no reply scripted"}}' };
    if (reply === 'hang') return;
    if (reply === 'cut') {
      response.socket?.destroy();
      return;
    }
    response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    response.end(reply.body);
  });
});
server.on('connection', (socket: Socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pool = new Agent({ keepAliveTimeout: 1000 });
});
after(async () => {
  await pool.close();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const model = () => createChatCompletionsModel({ providerName: 'openai-compatible', modelId: 'qwen3-32b', baseURL: `${url}/v1/`, apiKey: KEY, dispatcher: pool });

const PROMPT: LanguageModelV3Prompt = [
  { role: 'system', content: 'You are an agent.' },
  { role: 'user', content: [{ type: 'text', text: 'Do the task.' }] },
  {
    role: 'assistant',
    content: [
      { type: 'reasoning', text: 'I list first.' },
      { type: 'tool-call', toolCallId: 'call_0', toolName: 'list_files', input: {} },
    ],
  },
  { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_0', toolName: 'list_files', output: { type: 'text', value: 'a.txt' } }] },
  { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'view', input: '{"name":"a.txt"}' }] },
  { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'view', output: { type: 'error-text', value: 'Error: no such file' } }] },
];

const CALL: LanguageModelV3CallOptions = {
  prompt: PROMPT,
  tools: [{ type: 'function', name: 'list_files', description: 'Lists files.', inputSchema: { type: 'object', properties: {} } }],
  toolChoice: { type: 'auto' },
  temperature: 0.7,
  seed: 42,
  maxOutputTokens: 900,
};

const ok = (message: Record<string, unknown>, extra: Record<string, unknown> = {}): Reply => ({
  body: JSON.stringify({
    id: 'chatcmpl-1', object: 'chat.completion', created: 1_767_225_600, model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'tool_calls' }],
    usage: { prompt_tokens: 1200, completion_tokens: 80, total_tokens: 1280, prompt_tokens_details: { cached_tokens: 1000 }, completion_tokens_details: { reasoning_tokens: 30 } },
    ...extra,
  }),
});

/** Runs one call that must fail and returns the error as the retrying model classifies it. */
async function failing(reply: Reply, options: Partial<LanguageModelV3CallOptions> = {}): Promise<ModelCallError> {
  replies.length = 0;
  replies.push(reply);
  const error = await model().doGenerate({ ...CALL, ...options }).then(() => assert.fail('the call succeeded'), (e: unknown) => e);
  assert.doesNotMatch(JSON.stringify({ message: (error as Error).message, error }), /SENTINEL/, 'the key is not in the error');
  return classifyModelError(error);
}

describe('chat-completions client: must succeed', () => {
  test('sends the request as the openai-compatible provider does (messages, reasoning back, tools, settings, headers)', async () => {
    replies.push(ok({ content: null, reasoning_content: 'Thinking.', tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'list_files', arguments: '{}' } }] }));
    seen.length = 0;
    await model().doGenerate({ ...CALL, providerOptions: { 'openai-compatible': { top_k_custom: 3 }, openaiCompatible: { reasoningEffort: 'high', user: 'u1' } } });
    const request = seen[0]!;
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers['authorization'], `Bearer ${KEY}`);
    assert.equal(request.headers['user-agent'], CHAT_COMPLETIONS_USER_AGENT);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(request.body, {
      model: 'qwen3-32b', user: 'u1', max_tokens: 900, temperature: 0.7, seed: 42, top_k_custom: 3, reasoning_effort: 'high',
      messages: [
        { role: 'system', content: 'You are an agent.' },
        { role: 'user', content: 'Do the task.' },
        { role: 'assistant', content: null, reasoning_content: 'I list first.', tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'list_files', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_0', content: 'a.txt' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'view', arguments: '{"name":"a.txt"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Error: no such file' },
      ],
      tools: [{ type: 'function', function: { name: 'list_files', description: 'Lists files.', parameters: { type: 'object', properties: {} } } }],
      tool_choice: 'auto',
    });
  });

  test('a keyless server gets no Authorization header; a named tool choice is a function choice', async () => {
    replies.push(ok({ content: 'hi' }));
    seen.length = 0;
    const keyless = createChatCompletionsModel({ providerName: 'openai-compatible', modelId: 'm', baseURL: `${url}/v1`, dispatcher: pool });
    await keyless.doGenerate({ ...CALL, toolChoice: { type: 'tool', toolName: 'list_files' } });
    assert.equal(seen[0]?.headers['authorization'], undefined);
    assert.deepEqual(seen[0]?.body['tool_choice'], { type: 'function', function: { name: 'list_files' } });
  });

  test('a growing history: earlier messages and the tool list are serialized once and sent unchanged; no tools, no tool_choice', async () => {
    const chat = model();
    const prompt: LanguageModelV3Prompt = [...PROMPT.slice(0, 2)];
    replies.push(ok({ content: 'a' }), ok({ content: 'b' }), ok({ content: 'c' }));
    seen.length = 0;
    await chat.doGenerate({ ...CALL, prompt });
    prompt.push(PROMPT[2]!, PROMPT[3]!);
    await chat.doGenerate({ ...CALL, prompt });
    await chat.doGenerate({ prompt, temperature: 0 });
    assert.deepEqual(seen[0]?.body['messages'], [{ role: 'system', content: 'You are an agent.' }, { role: 'user', content: 'Do the task.' }]);
    assert.equal((seen[1]?.body['messages'] as unknown[]).length, 4);
    assert.deepEqual((seen[1]?.body['messages'] as unknown[])[3], { role: 'tool', tool_call_id: 'call_0', content: 'a.txt' });
    assert.deepEqual(seen[1]?.body['tools'], seen[0]?.body['tools']);
    assert.equal('tools' in seen[2]!.body || 'tool_choice' in seen[2]!.body, false);
    assert.deepEqual(Object.keys(seen[1]!.body), ['model', 'max_tokens', 'temperature', 'seed', 'messages', 'tools', 'tool_choice'], 'the SDK\'s field order');
  });

  test('reads reasoning, text, tool calls (raw arguments, even malformed ones), usage and the finish reason', async () => {
    replies.push(ok({
      content: 'Disabling.',
      reasoning_content: 'Keep the peer.',
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'modify_var', arguments: '{"key":"shutdown_enabled","value":"False"}' } },
        { type: 'function', function: { name: 'view_sheet', arguments: '{"name": "Evalu' } },
      ],
    }));
    const result = await model().doGenerate(CALL);
    assert.deepEqual(result.content.slice(0, 3), [
      { type: 'reasoning', text: 'Keep the peer.' },
      { type: 'text', text: 'Disabling.' },
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'modify_var', input: '{"key":"shutdown_enabled","value":"False"}' },
    ]);
    const made = result.content[3];
    assert.ok(made?.type === 'tool-call');
    assert.equal(made.input, '{"name": "Evalu', 'malformed arguments go to the harness as they came');
    assert.match(made.toolCallId, /^call_[0-9a-f-]{36}$/, 'a missing id is made up');
    assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    assert.deepEqual(result.usage.inputTokens, { total: 1200, noCache: 200, cacheRead: 1000, cacheWrite: undefined });
    assert.deepEqual(result.usage.outputTokens, { total: 80, text: 50, reasoning: 30 });
    assert.deepEqual(result.providerMetadata, { 'openai-compatible': {} });
    assert.equal(result.response?.id, 'chatcmpl-1');
    assert.equal(result.response?.timestamp?.toISOString(), '2026-01-01T00:00:00.000Z');
  });

  test('`reasoning` (OpenRouter), a refusal (content filter), content parts, no usage', async () => {
    replies.push({ body: JSON.stringify({ choices: [{ message: { reasoning: 'Hm.', content: [{ type: 'text', text: 'A' }, { type: 'thinking', thinking: [{ type: 'text', text: 'T' }] }], refusal: 'I will not.' }, finish_reason: 'stop' }] }) });
    const result = await model().doGenerate(CALL);
    assert.deepEqual(result.content, [{ type: 'reasoning', text: 'Hm.' }, { type: 'text', text: 'A' }, { type: 'reasoning', text: 'T' }, { type: 'text', text: 'I will not.' }]);
    assert.deepEqual(result.finishReason, { unified: 'content-filter', raw: 'stop' });
    assert.equal(result.usage.inputTokens.total, undefined);
    replies.push(ok({ content: '' }, { choices: [{ message: { content: '' }, finish_reason: 'content_filter' }] }));
    assert.deepEqual((await model().doGenerate(CALL)).finishReason, { unified: 'content-filter', raw: 'content_filter' });
  });

  test('resolveModel puts together, openrouter, deepseek and openai-compatible on the client with a pool it closes; openai-chat stays on the SDK', async () => {
    for (const ref of ['together:m', 'openrouter:m', 'deepseek:m', 'openai-compatible:m']) {
      const resolved = resolveModel(ref, { env: { TOGETHER_API_KEY: KEY, OPENROUTER_API_KEY: KEY, DEEPSEEK_API_KEY: KEY }, baseUrl: `${url}/v1` });
      assert.ok(resolved.close, `${ref} has a pool to close`);
      assert.equal(resolved.create({} as never).provider, `${ref.split(':')[0]}.chat`);
      await resolved.close();
    }
    const chat = resolveModel('openai-chat:gpt-4.1', { env: { OPENAI_API_KEY: KEY } });
    assert.equal(chat.close, undefined);
    assert.equal(chat.create({} as never).provider, 'openai.chat');

    const resolved = resolveModel('openai-compatible:m', { baseUrl: `${url}/v1` });
    replies.push(ok({ content: 'one' }), ok({ content: 'two' }));
    const first = resolved.create({} as never);
    assert.equal(resolved.create({} as never), first, 'one model per resolved model');
    await first.doGenerate(CALL);
    await resolved.close?.();
    const again = resolved.create({} as never);
    assert.notEqual(again, first, 'after close, a fresh model and pool');
    assert.equal((await again.doGenerate(CALL)).content[0]?.type, 'text');
    await resolved.close?.();
  });
});

describe('chat-completions client: must fail, with the error the retrying model expects', () => {
  test('garbage body: E_MODEL_EMPTY, retryable', async () => {
    const error = await failing({ body: 'garbage{{' });
    assert.equal(error.code, 'E_MODEL_EMPTY');
    assert.equal(error.retryable, true);
    assert.match(error.message, /unreadable response \(HTTP 200\): Invalid JSON response: the body is not JSON/);
  });

  test('truncated JSON and an empty body: E_MODEL_EMPTY', async () => {
    const body = (ok({ content: 'x' }) as { body: string }).body;
    assert.equal((await failing({ body: body.slice(0, body.length / 2) })).code, 'E_MODEL_EMPTY');
    const empty = await failing({ body: '' });
    assert.equal(empty.code, 'E_MODEL_EMPTY');
    assert.match(empty.message, /the body is empty/);
  });

  test('no choices, empty choices, wrong types: a clear error naming the field, never a default', async () => {
    assert.match((await failing({ body: '{"id":"x"}' })).message, /\$\.choices must be an array \(got undefined\)/);
    assert.match((await failing({ body: '{"choices":[]}' })).message, /\$\.choices is empty/);
    assert.match((await failing({ body: '[1,2]' })).message, /\$ must be an object \(got an array\)/);
    assert.match((await failing({ body: '{"choices":[{"message":"hi"}]}' })).message, /\$\.choices\[0\]\.message must be an object/);
    const args = await failing({ body: JSON.stringify({ choices: [{ message: { tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }] } }] }) });
    assert.equal(args.code, 'E_MODEL_EMPTY');
    assert.match(args.message, /tool_calls\[0\]\.function\.arguments must be a string \(got object\)/);
    assert.match((await failing({ body: JSON.stringify({ choices: [{ message: {} }], usage: { prompt_tokens: 'many' } }) })).message, /\$\.usage\.prompt_tokens must be a number/);
  });

  test('429 with retry-after (seconds) and retry-after-ms: E_MODEL_RATE_LIMIT with the wait', async () => {
    const seconds = await failing({ status: 429, headers: { 'retry-after': '2' }, body: '{"error":{"message":"slow down"}}' });
    assert.equal(seconds.code, 'E_MODEL_RATE_LIMIT');
    assert.equal(seconds.retryAfterMs, 2000);
    assert.match(seconds.message, /rate limited \(HTTP 429\): slow down/);
    assert.equal((await failing({ status: 429, headers: { 'retry-after-ms': '250' }, body: '' })).retryAfterMs, 250);
  });

  test('5xx is retryable, 401/403 are not (with the server message, key scrubbed by the caller), 400 is a bad request', async () => {
    const server = await failing({ status: 503, body: 'not json' });
    assert.deepEqual([server.code, server.retryable, server.statusCode], ['E_MODEL_SERVER', true, 503]);
    assert.match(server.message, /Service Unavailable/);
    const auth = await failing({ status: 401, body: '{"error":{"message":"Incorrect API key"}}' });
    assert.deepEqual([auth.code, auth.retryable], ['E_MODEL_AUTH', false]);
    assert.equal((await failing({ status: 403, body: '{}' })).code, 'E_MODEL_AUTH');
    const bad = await failing({ status: 400, body: '{"error":{"message":"bad tool schema"}}' });
    assert.deepEqual([bad.code, bad.retryable], ['E_MODEL_BAD_REQUEST', false]);
  });

  test('a cut connection and a refused one: E_MODEL_NETWORK, retryable', async () => {
    const cut = await failing('cut');
    assert.deepEqual([cut.code, cut.retryable], ['E_MODEL_NETWORK', true]);
    const refused = createChatCompletionsModel({ providerName: 'openai-compatible', modelId: 'm', baseURL: 'http://127.0.0.1:1/v1', apiKey: KEY, dispatcher: pool });
    const error = classifyModelError(await refused.doGenerate(CALL).then(() => assert.fail('connected'), (e: unknown) => e));
    assert.deepEqual([error.code, error.retryable], ['E_MODEL_NETWORK', true]);
  });

  test('abort: a hung call rejects with the signal, not as a provider error', async () => {
    replies.length = 0;
    replies.push('hang');
    const controller = new AbortController();
    const started = performance.now();
    const pending = model().doGenerate({ ...CALL, abortSignal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop now')), 100);
    await assert.rejects(Promise.resolve(pending), (error: Error) => !('statusCode' in error) && /abort|stop now/i.test(`${error.name} ${error.message}`));
    assert.ok(performance.now() - started < 2000);
    const timeout = await model().doGenerate({ ...CALL, abortSignal: AbortSignal.abort() }).then(() => 'done', (e: Error) => e.name);
    assert.notEqual(timeout, 'done');
  });
});
