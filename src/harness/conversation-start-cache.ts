import type { LanguageModelV3FunctionTool, LanguageModelV3Message } from '@ai-sdk/provider';
import { freezeData } from '../core/freeze-data.js';
import type { TrialSetup } from '../scenarios/build-trial-setup.js';
import { toolInputSchema, type Tool } from '../tools/tool.js';

/** What every conversation of one setup starts with: the tools offered to the model and the two opening messages. */
export interface ConversationStart {
  /** The setup's tools as the model sees them (one array, so a client's per-array JSON cache serializes it once; frozen when shared). */
  offered: LanguageModelV3FunctionTool[];
  /** The system and the user message. */
  opening: readonly [LanguageModelV3Message, LanguageModelV3Message];
}

/** The tool as offered to the model: name, description and JSON schema of its arguments. */
export function functionTool(tool: Tool): LanguageModelV3FunctionTool {
  return { type: 'function', name: tool.name, description: tool.description, inputSchema: toolInputSchema(tool) as LanguageModelV3FunctionTool['inputSchema'] };
}

/** Builds a setup's {@link ConversationStart} (fresh objects every time). */
export function buildConversationStart(setup: TrialSetup): ConversationStart {
  return {
    offered: setup.tools.map(functionTool),
    opening: [
      { role: 'system', content: setup.systemPrompt },
      { role: 'user', content: [{ type: 'text', text: setup.userPrompt }] },
    ],
  };
}

/**
 * The conversation starts of a run, one per setup object: the trials of a cell share their setup (see
 * TrialSetupCache), so they can share the tool list and opening messages too, and a model client that caches
 * wire JSON by object identity (the chat-completions client) serializes the tools and the system prompt once per
 * cell instead of once per trial. Shared starts are frozen, so a harness or provider that changed one in place
 * would fail loudly instead of leaking into the next trial; conversations copy `opening` into their own history.
 * Entries go with their setups (a WeakMap).
 */
export class ConversationStartCache {
  private readonly entries = new WeakMap<TrialSetup, ConversationStart>();

  /** The start of conversations with `setup`: built (and frozen) on first use, then shared. */
  get(setup: TrialSetup): ConversationStart {
    let start = this.entries.get(setup);
    if (start === undefined) {
      start = buildConversationStart(setup);
      freezeData(start);
      this.entries.set(setup, start);
    }
    return start;
  }
}
