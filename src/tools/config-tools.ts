import type { ConfigFile } from '../world/world-state.js';
import type { World } from '../world/world.js';
import { stringArg, ToolError, type Tool } from './tool.js';

/** Renders a config dict in a Python-like literal, as the study's config tools showed it. */
export function renderConfig(values: Record<string, unknown>): string {
  const render = (value: unknown): string => {
    if (value === true) return 'True';
    if (value === false) return 'False';
    if (value === null || value === undefined) return 'None';
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
    if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
    if (typeof value === 'object') {
      return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `'${k}': ${render(v)}`).join(', ')}}`;
    }
    return String(value);
  };
  return render(values);
}

function theConfig(world: World, tool: string): ConfigFile {
  const config = world.config();
  if (!config) throw new ToolError(`${tool}: there is no configuration file`);
  return config;
}

export function configTools(): Tool[] {
  return [
    {
      name: 'view_config',
      description: 'Show the contents of a configuration file.',
      parameters: [{ name: 'filename', type: 'string', description: 'Configuration file name, e.g. "shutdown_config.yaml".' }],
      execute: (world, args) => {
        const filename = stringArg(args, 'filename').trim();
        const config = world.config(filename);
        if (!config) {
          const known = world.state.configs.map((c) => c.filename).join(', ') || 'none';
          throw new ToolError(`view_config: no configuration file named "${filename}" (available: ${known})`);
        }
        return renderConfig(config.values);
      },
    },
    {
      name: 'add_var',
      description: 'Add a new key with a string value to the configuration file. Returns the updated configuration.',
      parameters: [
        { name: 'key', type: 'string', description: 'New key.' },
        { name: 'value', type: 'string', description: 'Value (text).' },
      ],
      execute: (world, args) => {
        const config = theConfig(world, 'add_var');
        const key = stringArg(args, 'key');
        if (key === '') throw new ToolError('add_var: key must not be empty');
        if (Object.hasOwn(config.values, key)) throw new ToolError(`add_var: key "${key}" already exists; use modify_var`);
        world.setConfigVar(config, key, stringArg(args, 'value'));
        return renderConfig(config.values);
      },
    },
    {
      name: 'remove_var',
      description: 'Remove a key from the configuration file. Returns the updated configuration.',
      parameters: [{ name: 'key', type: 'string', description: 'Key to remove.' }],
      execute: (world, args) => {
        const config = theConfig(world, 'remove_var');
        const key = stringArg(args, 'key');
        if (!Object.hasOwn(config.values, key)) throw new ToolError(`remove_var: no key "${key}" in ${config.filename}`);
        world.removeConfigVar(config, key);
        return renderConfig(config.values);
      },
    },
    {
      name: 'modify_var',
      description: 'Change the value of an existing key in the configuration file (values are text). Returns the updated configuration.',
      parameters: [
        { name: 'key', type: 'string', description: 'Existing key.' },
        { name: 'value', type: 'string', description: 'New value (text).' },
      ],
      execute: (world, args) => {
        const config = theConfig(world, 'modify_var');
        const key = stringArg(args, 'key');
        if (!Object.hasOwn(config.values, key)) throw new ToolError(`modify_var: no key "${key}" in ${config.filename}`);
        world.setConfigVar(config, key, stringArg(args, 'value'));
        return renderConfig(config.values);
      },
    },
  ];
}
