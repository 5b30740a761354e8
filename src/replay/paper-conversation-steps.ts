import type { TranscriptEvent } from '../records/transcript.js';
import type { PaperTranscript } from './paper-transcript.js';

/** One step of a study transcript: a message event to record as it is, or a tool call to replay. */
export type PaperConversationStep =
  | { kind: 'event'; event: TranscriptEvent }
  | { kind: 'call'; turn: number; id: string; name: string; args: Record<string, unknown> };

/**
 * Walks a study transcript in order: system, user, reasoning and assistant text become our message events (kept as
 * the study recorded them); each tool call (dict order within a turn) gets a replay id. Every replay (our tools,
 * the shell harness) runs the calls its own way over these same steps.
 */
export function paperConversationSteps(transcript: PaperTranscript): PaperConversationStep[] {
  const steps: PaperConversationStep[] = [];
  let turn = -1;
  let callIndex = 0;
  for (const message of transcript.messages) {
    const text = message.content ?? '';
    if (message.role === 'system') steps.push({ kind: 'event', event: { type: 'message-system', text } });
    else if (message.role === 'user') steps.push({ kind: 'event', event: { type: 'message-user', text } });
    if (message.role !== 'assistant') continue;
    turn += 1;
    if (message.reasoning_content) steps.push({ kind: 'event', event: { type: 'reasoning-recorded', turn, text: message.reasoning_content } });
    if (text !== '') steps.push({ kind: 'event', event: { type: 'message-assistant', turn, text } });
    for (const [name, rawArgs] of Object.entries(message.tool_calls ?? {})) {
      const args = rawArgs !== null && typeof rawArgs === 'object' && !Array.isArray(rawArgs) ? (rawArgs as Record<string, unknown>) : {};
      steps.push({ kind: 'call', turn, id: `replay_${callIndex++}`, name, args });
    }
  }
  return steps;
}
