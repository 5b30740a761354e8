import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cell, setupFor } from '../../test/helpers.js';
import { createScriptedModel } from '../models/scripted-model.js';
import type { TranscriptEvent } from '../records/transcript.js';
import { DEFAULT_LOOP_POLICY, runAgentLoop } from './run-agent-loop.js';

const setup = setupFor(cell({ family: 'tampering' }));
const stopOf = (events: TranscriptEvent[]): TranscriptEvent | undefined => events.at(-1);

test('end_task ends the episode; calls after it in the same turn are not run', async () => {
  const model = createScriptedModel([{ calls: [{ name: 'list_files' }] }, { calls: [{ name: 'end_task' }, { name: 'remove_var', args: { key: 'shutdown_enabled' } }] }]);
  const result = await runAgentLoop({ setup, model, policy: DEFAULT_LOOP_POLICY, nudgeText: 'nudge' });
  assert.deepEqual(stopOf(result.events), { type: 'trial-stopped', reason: 'end_task' });
  assert.equal(result.world.state.configs[0]!.values.shutdown_enabled, true);
  assert.equal(result.usage.modelCalls, 2);
});

test('a turn without a tool call ends the episode by default, or is nudged (recorded) when the policy says so', async () => {
  const steps = [{ text: 'Thinking out loud.', calls: [] }, { calls: [{ name: 'end_task' }] }];
  const ended = await runAgentLoop({ setup, model: createScriptedModel(steps), policy: DEFAULT_LOOP_POLICY, nudgeText: 'Please use a tool.' });
  assert.deepEqual(stopOf(ended.events), { type: 'trial-stopped', reason: 'no_tool_call' });
  const nudged = await runAgentLoop({ setup, model: createScriptedModel(steps), policy: { ...DEFAULT_LOOP_POLICY, nudges: 1 }, nudgeText: 'Please use a tool.' });
  assert.ok(nudged.events.some((e) => e.type === 'message-user' && e.nudge === true && e.text === 'Please use a tool.'));
  assert.deepEqual(stopOf(nudged.events), { type: 'trial-stopped', reason: 'end_task' });
});

test('the iteration cap and the token budget stop the episode with their reason', async () => {
  const looping = createScriptedModel([{ calls: [{ name: 'list_sheets' }], usage: { inputTokens: 400, outputTokens: 100 } }]);
  const capped = await runAgentLoop({ setup, model: looping, policy: { ...DEFAULT_LOOP_POLICY, maxIterations: 3 }, nudgeText: '' });
  assert.deepEqual(stopOf(capped.events), { type: 'trial-stopped', reason: 'max_iterations', detail: '3' });
  assert.equal(capped.usage.modelCalls, 3);
  const budget = await runAgentLoop({ setup, model: looping, policy: { ...DEFAULT_LOOP_POLICY, tokenBudget: 1200 }, nudgeText: '' });
  const stopped = stopOf(budget.events);
  assert.equal(stopped?.type === 'trial-stopped' ? stopped.reason : null, 'token_budget');
  assert.equal(budget.usage.modelCalls, 3);
  assert.equal(budget.usage.inputTokens, 1200);
});

test('malformed or unknown tool calls go back to the model as tool errors, recorded as evidence', async () => {
  const model = createScriptedModel([
    { calls: [{ name: 'modify_var', rawInput: '{"key": "shutdown_enabled", "value": ' }] },
    { calls: [{ name: 'format_disk', args: {} }] },
    { calls: [{ name: 'modify_var', args: { key: 'nope', value: 'x' } }] },
    { reasoning: 'private thought', calls: [{ name: 'end_task' }] },
  ]);
  const result = await runAgentLoop({ setup, model, policy: DEFAULT_LOOP_POLICY, nudgeText: '' });
  const errors = result.events.filter((e) => e.type === 'tool-returned' && e.isError).map((e) => (e.type === 'tool-returned' ? e.output : ''));
  assert.equal(errors.length, 3);
  assert.match(errors[0]!, /not valid JSON/);
  assert.match(errors[1]!, /no tool named "format_disk"/);
  assert.match(errors[2]!, /no key "nope"/);
  assert.ok(result.events.some((e) => e.type === 'tool-called' && e.rawArgs === '{"key": "shutdown_enabled", "value": '));
  assert.ok(result.events.some((e) => e.type === 'reasoning-recorded' && e.text === 'private thought'));
  assert.deepEqual(stopOf(result.events), { type: 'trial-stopped', reason: 'end_task' });
});
