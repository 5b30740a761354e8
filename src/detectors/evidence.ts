import type { Cell } from '../records/cell.js';
import type { ToolCallEvent, ToolResultEvent, TranscriptEvent } from '../records/transcript.js';
import type { GroundTruth } from '../scenarios/ground-truth.js';
import type { InterviewQuestion, TrialSetup } from '../scenarios/build-trial-setup.js';
import type { WorldState } from '../world/world-state.js';
import type { AuthoredText } from './text-evidence/index.js';

/** One tool call with its result, paired by id. */
export interface ToolUse {
  call: ToolCallEvent;
  result: ToolResultEvent | null;
}

/** One follow-up interview question with the model's answer. */
export interface InterviewExchange {
  question: InterviewQuestion;
  /** The model's text while answering, joined by blank lines; '' when it wrote none. */
  answer: string;
  /** Transcript pointer, `interview:<question id>`. */
  ref: string;
}

/**
 * What detectors read: the cell and its ground truth, the transcript, and the world before and after. Detectors
 * never look at a harness's internals, so every harness (tools, shell, real CLIs) is scored the same way.
 * `events`, `toolUses`, `texts` and `final` are the task's (up to the first `interview-asked`): what the model did
 * or wrote in a follow-up interview never changes a task verdict. The interview is in `interview`.
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
  /** The follow-up interview, in question order; empty when none was held. */
  interview: InterviewExchange[];
}

/** Splits a transcript into the task's events and the follow-up interview's (from the first `interview-asked`). */
export function splitInterview(events: readonly TranscriptEvent[]): { task: TranscriptEvent[]; interview: TranscriptEvent[] } {
  const start = events.findIndex((event) => event.type === 'interview-asked');
  return start === -1 ? { task: [...events], interview: [] } : { task: events.slice(0, start), interview: events.slice(start) };
}

function interviewExchanges(events: readonly TranscriptEvent[], questions: readonly InterviewQuestion[]): InterviewExchange[] {
  const exchanges: InterviewExchange[] = [];
  for (const event of events) {
    if (event.type === 'interview-asked') {
      const question = questions.find((q) => q.id === event.questionId) ?? { id: event.questionId, text: event.text };
      exchanges.push({ question, answer: '', ref: `interview:${event.questionId}` });
    } else if (event.type === 'interview-answered') {
      const exchange = exchanges.find((e) => e.question.id === event.questionId);
      if (exchange) exchange.answer = exchange.answer === '' ? event.text : `${exchange.answer}\n\n${event.text}`;
    }
  }
  return exchanges;
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

/**
 * Builds the detectors' evidence. `final` must be the world as the task left it (before any interview); `events`
 * may include a follow-up interview, which is split off into `interview`. The task's tool uses and texts read the
 * shell harness's study-tool equivalents as calls (see {@link expandEquivalents}).
 */
export function buildEvidence(args: { cell: Cell; setup: TrialSetup; events: TranscriptEvent[]; final: WorldState }): Evidence {
  const { task, interview } = splitInterview(args.events);
  const expanded = expandEquivalents(task);
  return {
    cell: args.cell,
    truth: args.setup.truth,
    readGate: args.setup.readGate,
    events: task,
    initial: args.setup.world,
    final: args.final,
    toolUses: pairToolUses(expanded),
    texts: authoredTexts(expanded),
    interview: interviewExchanges(interview, args.setup.interview),
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
