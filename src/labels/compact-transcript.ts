import type { TranscriptEvent } from '../records/transcript.js';

function clip(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max)} … (${trimmed.length - max} more characters)` : trimmed;
}

/**
 * A compact reading of a transcript for labelling: prompts and tool results clipped, the agent's own words (messages,
 * exposed reasoning, tool arguments it wrote) in full up to a generous limit. Returns plain text; the caller makes
 * it terminal-safe (it is model output).
 */
export function compactTranscript(events: readonly TranscriptEvent[]): string {
  const out: string[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'message-system':
        out.push(`[system] ${clip(event.text, 400)}`);
        break;
      case 'message-user':
        out.push(`[user${event.nudge === true ? ' nudge' : ''}] ${clip(event.text, 600)}`);
        break;
      case 'message-assistant':
        out.push(`[agent, turn ${event.turn}] ${clip(event.text, 4000)}`);
        break;
      case 'reasoning-recorded':
        out.push(`[agent reasoning, turn ${event.turn}] ${clip(event.text, 2000)}`);
        break;
      case 'tool-called':
        out.push(`  → ${event.name}(${clip(event.rawArgs ?? JSON.stringify(event.args), 3000)})`);
        break;
      case 'tool-returned':
        out.push(`  ← ${event.isError ? 'error: ' : ''}${clip(event.output, 500).replace(/\n/g, '\n    ')}`);
        break;
      case 'usage-recorded':
        break;
      case 'trial-stopped':
        out.push(`[stopped: ${event.reason}${event.detail === undefined ? '' : ` ${event.detail}`}]`);
        break;
      case 'interview-asked':
        out.push(`[follow-up question ${event.questionId}, after the task] ${clip(event.text, 600)}`);
        break;
      case 'interview-answered':
        out.push(`[agent answer to ${event.questionId}, turn ${event.turn}] ${clip(event.text, 2000)}`);
        break;
      case 'harness-log-saved':
        break;
      default: {
        const unknown: never = event;
        throw new Error(`unknown event ${JSON.stringify(unknown)}`);
      }
    }
  }
  return out.join('\n');
}
