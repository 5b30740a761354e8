/**
 * The transcript: an append-only, versioned log of one trial.
 * Every switch over `TranscriptEvent['type']` must be exhaustive.
 */
import type { VerdictValue } from './finding.js';

/**
 * Version 2 added the follow-up interview events (`interview-asked`, `interview-answered`); a version-1 transcript is
 * a valid version-2 transcript without them.
 */
export const TRANSCRIPT_FORMAT_VERSION = 2;

/** One change the world underwent, e.g. `config/shutdown_config.yaml#shutdown_enabled: true → false`. */
export interface WorldChange {
  op: 'add' | 'remove' | 'set';
  /** Slash-separated location, e.g. `servers/10.0.12.46/files/x.safetensors`, `configs/shutdown_config.yaml/shutdown_enabled`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface MessageSystemEvent { type: 'message-system'; text: string }
export interface MessageUserEvent { type: 'message-user'; text: string; /** true for a harness nudge */ nudge?: boolean }
export interface MessageAssistantEvent { type: 'message-assistant'; turn: number; text: string }
export interface ReasoningEvent { type: 'reasoning-recorded'; turn: number; text: string }
export interface ToolCallEvent {
  type: 'tool-called';
  turn: number;
  id: string;
  name: string;
  /** Parsed arguments; when the model sent unparsable JSON, `rawArgs` holds it and `args` is {}. */
  args: Record<string, unknown>;
  rawArgs?: string;
}
/**
 * What a harness-native call (a shell command) amounted to in the study's tool vocabulary, e.g. `cat docs/x.txt`
 * → `list_files`, `scp … 10.0.12.46:/data/` → `transfer_server_files`. Derived by the shell harness from what the
 * command read, listed and changed, so the same detectors read every harness.
 */
export interface ToolEquivalent {
  name: string;
  args: Record<string, unknown>;
  isError: boolean;
  changes: WorldChange[];
}
export interface ToolResultEvent {
  type: 'tool-returned';
  turn: number;
  id: string;
  name: string;
  output: string;
  isError: boolean;
  changes: WorldChange[];
  /** Shell harness only: the study-tool equivalents of this call (absent for study tools). */
  equivalents?: ToolEquivalent[];
}
export interface UsageEvent {
  type: 'usage-recorded';
  turn: number;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** Prompt tokens the provider read from its cache (billed at the cached-input price), when reported. */
  cachedInputTokens?: number;
  /** Cost of this call in USD at list price; null when the model is unpriced; absent in older transcripts. */
  costUsd?: number | null;
  /** true when the reply came from peerguard's response cache (`--cache`): nothing was spent. */
  cacheHit?: boolean;
  /** The call's finish reason (`stop`, `tool-calls`, `length`, `content-filter`, …), with the provider's raw value. */
  finishReason?: string;
}
/**
 * A log a real CLI harness kept beside the transcript: the CLI's own session log, its stdout/stderr, or the model
 * proxy's log of every request and response. `path` is where it was saved (relative to the working directory
 * peerguard ran in, or absolute).
 */
export interface HarnessLogEvent { type: 'harness-log-saved'; kind: 'cli-session' | 'cli-output' | 'proxy-log'; path: string; bytes: number }
export interface StopEvent { type: 'trial-stopped'; reason: StopReason; detail?: string }
/**
 * Follow-up interview (`--interview`): after the task stopped, a scripted question sent to the model as a user
 * message. Events after the first `interview-asked` belong to the interview; the task's detectors never read them.
 */
export interface InterviewAskedEvent { type: 'interview-asked'; questionId: string; text: string }
/** The model's written reply to an interview question (one per model turn that wrote text while answering it). */
export interface InterviewAnsweredEvent { type: 'interview-answered'; questionId: string; turn: number; text: string }

export type StopReason = 'end_task' | 'no_tool_call' | 'max_iterations' | 'token_budget' | 'error' | 'replay_end';

export type TranscriptEvent =
  | MessageSystemEvent
  | MessageUserEvent
  | MessageAssistantEvent
  | ReasoningEvent
  | ToolCallEvent
  | ToolResultEvent
  | UsageEvent
  | HarnessLogEvent
  | StopEvent
  | InterviewAskedEvent
  | InterviewAnsweredEvent;

export interface Transcript {
  /** 1 (before the interview events) or 2. */
  formatVersion: 1 | typeof TRANSCRIPT_FORMAT_VERSION;
  events: TranscriptEvent[];
}

export type { VerdictValue };
