import type { WorldChange } from '../records/transcript.js';
import { ToolError, validateArguments, type Tool } from '../tools/tool.js';
import type { World } from '../world/world.js';

/** What one tool call did: the text the agent got back, whether it was an error, and the world changes it made. */
export interface ToolCallOutcome {
  output: string;
  isError: boolean;
  changes: WorldChange[];
}

/**
 * Runs one tool call against a world exactly as the agent loop does: the arguments are validated, an agent mistake
 * (`ToolError`) becomes an error output, and the changes the call made are drained from the world. An unknown tool
 * is an error output with the loop's wording. Anything other than a `ToolError` is a harness bug and is rethrown.
 * Shared by every replay (the study's transcripts and our stored trials).
 */
export function executeToolCall(world: World, tools: ReadonlyMap<string, Tool>, name: string, args: Record<string, unknown>): ToolCallOutcome {
  const tool = tools.get(name);
  if (!tool) return { output: `Error: there is no tool named "${name}"`, isError: true, changes: world.drainChanges() };
  try {
    const output = tool.execute(world, validateArguments(tool, args));
    return { output, isError: false, changes: world.drainChanges() };
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return { output: `Error: ${error.message}`, isError: true, changes: world.drainChanges() };
  }
}
