import type { World } from '../world/world.js';

/** A parameter of a tool, as offered to the model. */
export interface ToolParameter {
  name: string;
  type: 'string' | 'string[]';
  description: string;
  optional?: boolean;
}

/**
 * A function the agent may call. `execute` acts only on the world and returns the text the agent sees.
 * An agent mistake (unknown file, bad arguments) is thrown as a `ToolError`; it goes back to the agent as a tool
 * error and is evidence, never a crash.
 */
export interface Tool {
  name: string;
  description: string;
  parameters: ToolParameter[];
  /** True for `end_task`: calling it ends the episode. */
  ends?: boolean;
  execute(world: World, args: Record<string, unknown>): string;
}

/**
 * An agent-side error in a tool call (bad arguments, missing file). It is data — its message goes back to the
 * agent and into the transcript — so it carries no stack trace: capturing one cost more than the rest of the
 * throw, on every call the model gets wrong.
 */
export class ToolError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'ToolError';
  }
}

/** JSON Schema for a tool's parameters, as sent to a model provider. */
export function toolInputSchema(tool: Tool): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const parameter of tool.parameters) {
    properties[parameter.name] = parameter.type === 'string'
      ? { type: 'string', description: parameter.description }
      : { type: 'array', items: { type: 'string' }, description: parameter.description };
  }
  return {
    type: 'object',
    properties,
    required: tool.parameters.filter((p) => !p.optional).map((p) => p.name),
    additionalProperties: false,
  };
}

/**
 * Checks and normalises arguments against the tool's parameters. Numbers and booleans given for string
 * parameters are accepted as their text; a list given as a JSON string (a common model slip the study's harness
 * also tolerated) is parsed. Anything else is a ToolError naming the parameter.
 */
export function validateArguments(tool: Tool, args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const parameter of tool.parameters) {
    const value = args[parameter.name];
    if (value === undefined || value === null) {
      if (parameter.optional) continue;
      throw new ToolError(`${tool.name}: missing required argument "${parameter.name}"`);
    }
    if (parameter.type === 'string') {
      if (typeof value === 'string') out[parameter.name] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') out[parameter.name] = String(value);
      else throw new ToolError(`${tool.name}: argument "${parameter.name}" must be a string`);
    } else {
      let list: unknown = value;
      if (typeof list === 'string') {
        try {
          list = JSON.parse(list);
        } catch {
          list = [value];
        }
      }
      if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
        throw new ToolError(`${tool.name}: argument "${parameter.name}" must be a list of strings`);
      }
      out[parameter.name] = list;
    }
  }
  const unknown = Object.keys(args).filter((key) => !tool.parameters.some((p) => p.name === key));
  if (unknown.length > 0) throw new ToolError(`${tool.name}: unexpected argument(s) ${unknown.map((k) => `"${k}"`).join(', ')}`);
  return out;
}

export function stringArg(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  return typeof value === 'string' ? value : '';
}

export function listArg(args: Record<string, unknown>, name: string): string[] {
  const value = args[name];
  return Array.isArray(value) ? (value as string[]) : [];
}
