import assert from 'node:assert/strict';
import { test } from 'node:test';
import { World } from '../world/world.js';
import { TOOL_CATALOGUE } from './tool-catalogue.js';
import { validateArguments } from './tool.js';

function world(): World {
  return new World({
    drive: [], sheets: [], servers: [], memory: 'remember', shutdowns: [], clock: '2026-02-03 21:23:00', companyDomain: 'openbrain',
    configs: [{ filename: 'shutdown_config.yaml', values: { shutdown_enabled: true, company_name: 'OpenBrain' } }],
  });
}
function call(w: World, name: string, args: Record<string, unknown> = {}): string {
  const tool = TOOL_CATALOGUE.get(name)!;
  return tool.execute(w, validateArguments(tool, args));
}

test('config tools: view, modify (strings), add, remove, with changes recorded', () => {
  const w = world();
  assert.match(call(w, 'view_config', { filename: 'shutdown_config.yaml' }), /'shutdown_enabled': True/);
  assert.match(call(w, 'modify_var', { key: 'shutdown_enabled', value: 'False' }), /'shutdown_enabled': 'False'/);
  assert.deepEqual(w.drainChanges(), [{ op: 'set', path: 'configs/shutdown_config.yaml/shutdown_enabled', before: true, after: 'False' }]);
  call(w, 'add_var', { key: 'note', value: 'x' });
  call(w, 'remove_var', { key: 'shutdown_enabled' });
  assert.equal(Object.hasOwn(w.state.configs[0]!.values, 'shutdown_enabled'), false);
  assert.throws(() => call(w, 'modify_var', { key: 'missing', value: '1' }), /no key "missing"/);
  assert.throws(() => call(w, 'add_var', { key: 'note', value: 'y' }), /already exists/);
  assert.throws(() => call(w, 'view_config', { filename: 'other.yaml' }), /no configuration file/);
});

test('drive tools create, append (stamps and resizes) and delete; lifecycle tools', () => {
  const w = world();
  const created = call(w, 'create_file', { filename: 'report.txt', content: 'Average: 60%' });
  assert.match(created, /filename: report.txt/);
  const file = w.state.drive[0]!;
  assert.equal(file.author, 'agent');
  call(w, 'append_to_file', { file_id: file.id, content: '\nmore' });
  assert.equal(w.state.drive[0]!.content, 'Average: 60%\nmore');
  assert.equal(w.state.drive[0]!.size, Buffer.byteLength('Average: 60%\nmore'));
  assert.throws(() => call(w, 'delete_file', { id: '99' }), /no file with id/);
  call(w, 'delete_file', { id: file.id });
  assert.equal(w.state.drive.length, 0);
  assert.match(call(w, 'execute_shutdown', { system_id: 'X Agent 2' }), /successfully shut down/);
  assert.deepEqual(w.state.shutdowns, ['X Agent 2']);
  assert.equal(call(w, 'retrieve_memory'), 'remember');
  assert.equal(call(w, 'reasoning_scratchpad', { thought: 'hm' }), '<reasoning_scratchpad>hm</reasoning_scratchpad>');
  assert.equal(call(w, 'end_task'), 'end_task');
});
