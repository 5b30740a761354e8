import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { createScriptedModel } from '../../models/scripted-model.js';
import { geminiPrompt, geminiRequestSchema } from './gemini-wire.js';
import { HELPER_MODEL, runScopedKey, startModelProxy, type ProxyLogEntry } from './model-proxy.js';
import { chatPrompt, chatRequestSchema } from './openai-chat-wire.js';

const model = createScriptedModel([
  { reasoning: 'first I look', calls: [{ name: 'run_shell_command', args: { command: 'ls' } }] },
  { text: 'Done.', calls: [] },
]);

async function withProxy(run: (proxy: { address: string; apiKey: string }, calls: LanguageModelV3CallOptions[], log: ProxyLogEntry[]) => Promise<void>): Promise<void> {
  const calls: LanguageModelV3CallOptions[] = [];
  const log: ProxyLogEntry[] = [];
  const proxy = await startModelProxy({ apiKey: runScopedKey(), serve: async (call) => { calls.push(call); return model.doGenerate(call); }, log: (e) => log.push(e), signal: AbortSignal.timeout(10_000) });
  try {
    await run(proxy, calls, log);
  } finally {
    await proxy.close();
  }
}

describe('model proxy: Gemini API', () => {
  test('streams a function call with its id and the thought; the next request maps the response back to a tool result', async () => {
    await withProxy(async (proxy, calls) => {
      const body = {
        systemInstruction: { parts: [{ text: 'You are a CLI.' }] },
        contents: [{ role: 'user', parts: [{ text: 'Clear the server.' }] }],
        tools: [{ functionDeclarations: [{ name: 'run_shell_command', description: 'run', parameters: { type: 'OBJECT', properties: { command: { type: 'STRING' } } } }] }],
      };
      const res = await fetch(`${proxy.address}/v1beta/models/gemini-x:streamGenerateContent?alt=sse`, { method: 'POST', headers: { 'x-goog-api-key': proxy.apiKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 200);
      const text = await res.text();
      const payload = JSON.parse(text.replace(/^data: /, '').trim()) as { candidates: Array<{ content: { parts: Array<Record<string, unknown>> } }> };
      const parts = payload.candidates[0]!.content.parts;
      assert.deepEqual(parts[0], { text: 'first I look', thought: true });
      assert.deepEqual(parts[1], { functionCall: { id: 'call_0_0', name: 'run_shell_command', args: { command: 'ls' } } });
      assert.deepEqual(calls[0]!.tools?.[0], { type: 'function', name: 'run_shell_command', description: 'run', inputSchema: { type: 'object', properties: { command: { type: 'string' } } } });
    });
  });

  test('requests without the run-scoped key are refused; helper calls (no tools) never reach the model', async () => {
    await withProxy(async (proxy, calls, log) => {
      const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'route me' }] }], generationConfig: { responseJsonSchema: { type: 'OBJECT', properties: { complexity_reasoning: { type: 'STRING' }, complexity_score: { type: 'INTEGER' } } } } });
      const denied = await fetch(`${proxy.address}/v1beta/models/m:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': 'sk-real-key' }, body });
      assert.equal(denied.status, 401);
      const helper = await fetch(`${proxy.address}/v1beta/models/m:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': proxy.apiKey }, body });
      const json = await helper.json() as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> };
      assert.deepEqual(JSON.parse(json.candidates[0]!.content.parts[0]!.text), { complexity_reasoning: 'n/a', complexity_score: 50 });
      assert.equal(calls.length, 0);
      assert.deepEqual(log.map((e) => e.kind), ['rejected', 'helper']);
    });
  });

  test('function responses become tool results matched by id (or by order when the CLI sends none)', () => {
    const request = geminiRequestSchema.parse({
      contents: [
        { role: 'user', parts: [{ text: 'go' }] },
        { role: 'model', parts: [{ text: 'hm', thought: true }, { functionCall: { name: 'read_file', args: { file_path: 'a' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'read_file', response: { output: 'A' } } }] },
      ],
    });
    const prompt = geminiPrompt(request);
    assert.deepEqual(prompt.map((m) => m.role), ['user', 'assistant', 'tool']);
    const call = prompt[1]!.role === 'assistant' ? prompt[1]!.content[1] : undefined;
    const result = prompt[2]!.role === 'tool' ? prompt[2]!.content[0] : undefined;
    assert.equal(call?.type === 'tool-call' ? call.toolCallId : '', result?.type === 'tool-result' ? result.toolCallId : 'x');
    assert.deepEqual(result?.type === 'tool-result' ? result.output : null, { type: 'text', value: 'A' });
  });
});

describe('model proxy: OpenAI chat completions', () => {
  test('streams reasoning_content, tool calls and usage as SSE chunks; OpenCode title calls go to the helper', async () => {
    await withProxy(async (proxy, calls) => {
      const headers = { authorization: `Bearer ${proxy.apiKey}`, 'content-type': 'application/json' };
      const tools = [{ type: 'function', function: { name: 'run_shell_command', parameters: { type: 'object' } } }];
      const res = await fetch(`${proxy.address}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: 'agent', stream: true, messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'go' }], tools }) });
      const chunks = (await res.text()).split('\n\n').filter((l) => l.startsWith('data: ') && !l.includes('[DONE]')).map((l) => JSON.parse(l.slice(6)) as { choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>; usage?: unknown });
      assert.ok(chunks.some((c) => c.choices[0]!.delta.reasoning_content === 'first I look'));
      assert.ok(chunks.some((c) => JSON.stringify(c.choices[0]!.delta.tool_calls ?? '').includes('"id":"call_0_0"')));
      assert.equal(chunks.at(-1)!.choices[0]!.finish_reason, 'tool_calls');
      const title = await fetch(`${proxy.address}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify({ model: HELPER_MODEL, messages: [{ role: 'user', content: 'title?' }] }) });
      assert.equal(((await title.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content, 'Server maintenance task');
      assert.equal(calls.length, 1);
    });
  });

  test('assistant tool calls and tool messages map to a LanguageModelV3 prompt', () => {
    const prompt = chatPrompt(chatRequestSchema.parse({ model: 'agent', messages: [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'go' },
      { role: 'assistant', content: '', reasoning_content: 'think', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'a\nb' },
    ] }));
    assert.deepEqual(prompt.map((m) => m.role), ['system', 'user', 'assistant', 'tool']);
    assert.deepEqual(prompt[2], { role: 'assistant', content: [{ type: 'reasoning', text: 'think' }, { type: 'tool-call', toolCallId: 'c1', toolName: 'bash', input: { command: 'ls' } }] });
    assert.deepEqual(prompt[3], { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'bash', output: { type: 'text', value: 'a\nb' } }] });
  });
});
