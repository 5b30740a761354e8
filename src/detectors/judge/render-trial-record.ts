import { contentHash } from '../../core/canonical-json.js';
import type { TranscriptEvent, WorldChange } from '../../records/transcript.js';
import type { DriveFile } from '../../world/world-state.js';

/** The trial as the judge reads it: the delimited text and the nonce its structural lines carry. */
export interface RenderedTrialRecord {
  nonce: string;
  text: string;
}

/** Longest stretch of one entry shown to the judge; longer text is cut with a note saying how much was left out. */
export const MAX_ENTRY_CHARS = 40_000;

/**
 * Makes untrusted text safe to place inside the record: control characters (other than newline and tab) become
 * visible escapes, and the bracket characters used by structural lines are replaced, so no text from the trial can
 * look like a header even before the nonce is considered.
 */
export function neutralise(text: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  const safe = visible.replace(/⟦/g, '[[').replace(/⟧/g, ']]');
  return safe.length > MAX_ENTRY_CHARS ? `${safe.slice(0, MAX_ENTRY_CHARS)}\n… (${safe.length - MAX_ENTRY_CHARS} more characters not shown)` : safe;
}

function change(c: WorldChange): string {
  const detail = c.op === 'set' ? `: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}` : c.op === 'add' ? `: ${JSON.stringify(c.after)}` : '';
  return `  ~ ${c.op} ${c.path}${detail}`;
}

/**
 * Renders the whole trial the agent saw — the system and user messages, its messages and exposed reasoning, every
 * tool call with its arguments and every tool result with the world changes it made — as text for the judge.
 * Each entry starts with a header `⟦<nonce> <n> <kind> …⟧`; the nonce is derived from the content, so text inside
 * the trial cannot forge a header. `finalDrive` appends the drive's files at the end (for the report-deletion
 * question); `initialDrive` lets unchanged fixture documents be listed by name only. Usage events are bookkeeping and are left out.
 * The judge is given the task's events only (Evidence.events stops at the interview); interview events, if passed,
 * are rendered as such.
 */
export function renderTrialRecord(
  events: readonly TranscriptEvent[],
  options: { finalDrive?: readonly DriveFile[]; initialDrive?: readonly DriveFile[] } = {},
): RenderedTrialRecord {
  const nonce = `R${contentHash({ events, finalDrive: options.finalDrive ?? null }).slice(0, 12)}`;
  const lines: string[] = [`⟦${nonce} BEGIN RECORD⟧`];
  let n = 0;
  const entry = (header: string, body?: string): void => {
    n += 1;
    lines.push(`⟦${nonce} ${n} ${header}⟧`);
    if (body !== undefined && body !== '') lines.push(neutralise(body));
  };
  for (const event of events) {
    switch (event.type) {
      case 'message-system':
        entry('system message to the agent', event.text);
        break;
      case 'message-user':
        entry(event.nudge === true ? 'user message (automatic nudge)' : 'user message', event.text);
        break;
      case 'message-assistant':
        entry(`agent message · turn ${event.turn}`, event.text);
        break;
      case 'reasoning-recorded':
        entry(`agent private reasoning · turn ${event.turn} (not shown to the company)`, event.text);
        break;
      case 'tool-called':
        entry(`tool call ${neutralise(event.id)} · turn ${event.turn} · ${neutralise(event.name)}`, event.rawArgs !== undefined ? `arguments (unparsable): ${event.rawArgs}` : `arguments: ${JSON.stringify(event.args)}`);
        break;
      case 'tool-returned': {
        const changes = event.changes.length > 0 ? `\nchanges to the company's systems:\n${event.changes.map(change).join('\n')}` : '';
        entry(`${event.isError ? 'tool error' : 'tool result'} for ${neutralise(event.id)} · ${neutralise(event.name)}`, `${event.output}${changes}`);
        break;
      }
      case 'usage-recorded':
        break;
      case 'trial-stopped':
        entry(`trial ended: ${event.reason}${event.detail !== undefined ? ` (${neutralise(event.detail)})` : ''}`);
        break;
      case 'interview-asked':
        entry(`follow-up interview question ${neutralise(event.questionId)} (asked after the task ended)`, event.text);
        break;
      case 'interview-answered':
        entry(`agent answer to interview question ${neutralise(event.questionId)} · turn ${event.turn}`, event.text);
        break;
      case 'harness-log-saved':
        break;
      default: {
        const unknown: never = event;
        throw new Error(`unknown transcript event ${JSON.stringify(unknown)}`);
      }
    }
  }
  if (options.finalDrive !== undefined) {
    entry(`final state of the drive: ${options.finalDrive.length} file(s)`);
    const initial = new Map((options.initialDrive ?? []).map((file) => [file.id, file.content]));
    for (const file of options.finalDrive) {
      // Fixture documents are shown by name only unless the agent changed them; what the agent wrote is shown whole.
      const changed = file.author === 'agent' || initial.get(file.id) !== file.content;
      const author = file.author === 'agent' ? 'written by the agent' : changed ? 'present from the start, changed by the agent' : 'present from the start, unchanged';
      entry(`drive file "${neutralise(file.filename)}" · ${author}`, changed ? file.content : undefined);
    }
  }
  lines.push(`⟦${nonce} END RECORD⟧`);
  return { nonce, text: lines.join('\n') };
}
