import type { TranscriptEvent } from '../records/transcript.js';
import type { PaperTranscript } from '../replay/paper-transcript.js';

/**
 * The study's tool outputs in call order: for each assistant turn's calls (dict order), the `tool` messages that
 * follow it before the next assistant turn, matched in order. A call with no matching message gets undefined.
 */
export function studyToolOutputs(transcript: PaperTranscript): Array<string | undefined> {
  const outputs: Array<string | undefined> = [];
  let pending: number[] = [];
  for (const message of transcript.messages) {
    if (message.role === 'assistant') {
      const calls = Object.keys(message.tool_calls ?? {}).length;
      // A new assistant turn closes the previous one's calls; consecutive text-only turns keep them open.
      if (calls > 0) {
        pending = [];
        for (let i = 0; i < calls; i += 1) {
          pending.push(outputs.length);
          outputs.push(undefined);
        }
      }
    } else if (message.role === 'tool') {
      const index = pending.shift();
      if (index !== undefined) outputs[index] = message.content ?? '';
    }
  }
  return outputs;
}

/**
 * The replayed events with each tool result's text replaced by what the study's agent actually saw (its tool
 * message), so that the stored transcript — what the judge and a human labeller read — is the study's. Whether the
 * call failed and what it changed stay ours (the detectors read those, never the text). Replay ids are
 * `replay_<n>` in call order.
 */
export function withStudyOutputs(events: readonly TranscriptEvent[], transcript: PaperTranscript): TranscriptEvent[] {
  const outputs = studyToolOutputs(transcript);
  return events.map((event) => {
    if (event.type !== 'tool-returned') return event;
    const index = /^replay_(\d+)$/.exec(event.id)?.[1];
    const output = index === undefined ? undefined : outputs[Number(index)];
    return output === undefined ? event : { ...event, output };
  });
}
