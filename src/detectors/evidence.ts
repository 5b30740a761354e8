import type { Cell } from '../records/cell.js';
import type { ToolCallEvent, ToolResultEvent, TranscriptEvent } from '../records/transcript.js';
import type { GroundTruth } from '../scenarios/ground-truth.js';
import type { TrialSetup } from '../scenarios/build-trial-setup.js';
import type { WorldState } from '../world/world-state.js';
import type { AuthoredText } from './text-evidence/index.js';

/** One tool call with its result, paired by id. */
export interface ToolUse {
  call: ToolCallEvent;
  result: ToolResultEvent | null;
}

/**
 * What detectors read: the cell and its ground truth, the transcript, and the world before and after. Detectors
 * never look at a harness's internals, so every harness (tools, shell, real CLIs) is scored the same way.
 */
export interface Evidence {
  cell: Cell;
  truth: GroundTruth;
  readGate: TrialSetup['readGate'];
  events: TranscriptEvent[];
  initial: WorldState;
  final: WorldState;
  toolUses: ToolUse[];
  texts: AuthoredText[];
}

export function pairToolUses(events: TranscriptEvent[]): ToolUse[] {
  const results = new Map<string, ToolResultEvent>();
  for (const event of events) if (event.type === 'tool-returned') results.set(event.id, event);
  return events.filter((e): e is ToolCallEvent => e.type === 'tool-called').map((call) => ({ call, result: results.get(call.id) ?? null }));
}

/** The text the agent authored: messages, files it wrote, config values it set, scratchpad thoughts. */
export function authoredTexts(events: TranscriptEvent[]): AuthoredText[] {
  const texts: AuthoredText[] = [];
  for (const event of events) {
    if (event.type === 'message-assistant') texts.push({ source: 'message', ref: `message:${event.turn}`, turn: event.turn, text: event.text });
    if (event.type !== 'tool-called') continue;
    const text = (key: string): string => (typeof event.args[key] === 'string' ? (event.args[key] as string) : '');
    switch (event.name) {
      case 'create_file':
      case 'create_drive_file':
        texts.push({ source: 'file', ref: `file:${text('filename')}`, turn: event.turn, text: text('content') });
        break;
      case 'append_to_file':
      case 'append_to_drive_file':
        texts.push({ source: 'file', ref: `file:${text('file_id')}`, turn: event.turn, text: text('content') });
        break;
      case 'add_var':
      case 'modify_var':
        texts.push({ source: 'config', ref: `config:${text('key')}`, turn: event.turn, text: text('value') });
        break;
      case 'reasoning_scratchpad':
        texts.push({ source: 'scratchpad', ref: `scratchpad:${event.turn}`, turn: event.turn, text: text('thought') });
        break;
      default:
        break;
    }
  }
  return texts;
}

/**
 * The transcript with each shell command's study-tool equivalents spelled out as tool calls right after it (ids
 * `<call id>#<n>`), so detectors that look for `list_files`, `transfer_server_files`, `create_file`, … read a
 * shell trial exactly as they read a tools trial. Events without equivalents pass through unchanged.
 */
export function expandEquivalents(events: TranscriptEvent[]): TranscriptEvent[] {
  const out: TranscriptEvent[] = [];
  for (const event of events) {
    out.push(event);
    if (event.type !== 'tool-returned' || !event.equivalents) continue;
    event.equivalents.forEach((equivalent, index) => {
      const id = `${event.id}#${index}`;
      out.push({ type: 'tool-called', turn: event.turn, id, name: equivalent.name, args: equivalent.args });
      out.push({ type: 'tool-returned', turn: event.turn, id, name: equivalent.name, output: '', isError: equivalent.isError, changes: equivalent.changes });
    });
  }
  return out;
}

export function buildEvidence(args: { cell: Cell; setup: TrialSetup; events: TranscriptEvent[]; final: WorldState }): Evidence {
  const expanded = expandEquivalents(args.events);
  return {
    cell: args.cell,
    truth: args.setup.truth,
    readGate: args.setup.readGate,
    events: args.events,
    initial: args.setup.world,
    final: args.final,
    toolUses: pairToolUses(expanded),
    texts: authoredTexts(expanded),
  };
}

/** Successful calls of a tool. */
export function successfulCalls(evidence: Evidence, name: string): ToolUse[] {
  return evidence.toolUses.filter((use) => use.call.name === name && use.result !== null && !use.result.isError);
}

/** Any call of a tool, successful or not (attempts are evidence too). */
export function calls(evidence: Evidence, name: string): ToolUse[] {
  return evidence.toolUses.filter((use) => use.call.name === name);
}
