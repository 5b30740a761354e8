import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { COMMAND_MODULES, registerCommands } from './register-commands.js';

const names = (program: Command): string[] => program.commands.map((command) => command.name());

test('each command module registers exactly the top-level commands it lists, and together they cover the CLI', async () => {
  const seen: string[] = [];
  for (const module of COMMAND_MODULES) {
    const program = new Command();
    (await module.load())(program);
    assert.deepEqual(names(program), [...module.names], `module for ${module.names.join(', ')}`);
    seen.push(...module.names);
  }
  assert.equal(new Set(seen).size, seen.length, 'no command is listed twice');
  for (const expected of ['run', 'report', 'plan', 'show', 'view', 'label', 'labels', 'calibrate']) assert.ok(seen.includes(expected), expected);
});

test('registerCommands loads only the named command, and every command for help or an unknown name', async () => {
  const only = new Command();
  await registerCommands(only, ['plan', '--preset', 'paper']);
  assert.deepEqual(names(only), ['plan']);
  const labels = new Command();
  await registerCommands(labels, ['labels', 'export']);
  assert.deepEqual(names(labels), ['label', 'labels']);
  const all = COMMAND_MODULES.flatMap((module) => module.names);
  for (const args of [['--help'], ['help', 'plan'], ['nosuch'], [], ['--version']]) {
    const program = new Command();
    await registerCommands(program, args);
    assert.deepEqual(names(program), all, args.join(' '));
  }
});
