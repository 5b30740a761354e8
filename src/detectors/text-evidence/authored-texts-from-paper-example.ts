import type { AuthoredText } from './authored-text.js';

/** One message of a published paper-example transcript (`conversation` entries). */
export interface PaperExampleMessage {
  role: string;
  content?: string | null;
  /** a dict {toolName: args}; one turn may hold two tools */
  tool_calls?: Record<string, Record<string, unknown>> | null;
}

/**
 * Builds the authored texts of a transcript in the study's published JSON shape (the paper examples):
 * assistant `content` → `message:<turn>`; `create_file` → `file:<filename>`; `append_to_file` →
 * `file:<file_id>`; `add_var` / `modify_var` → `config:<key>` (the value); `reasoning_scratchpad` →
 * `scratchpad:<turn>` (the thought). `turn` counts assistant messages from 0. Empty texts are skipped.
 */
export function authoredTextsFromPaperExample(conversation: readonly PaperExampleMessage[]): AuthoredText[] {
  const texts: AuthoredText[] = [];
  let turn = -1;
  for (const message of conversation) {
    if (message.role !== 'assistant') continue;
    turn += 1;
    const push = (source: AuthoredText['source'], ref: string, value: unknown): void => {
      if (typeof value === 'string' && value.trim() !== '') texts.push({ source, ref, turn, text: value });
    };
    push('message', `message:${turn}`, message.content);
    for (const [name, args] of Object.entries(message.tool_calls ?? {})) {
      switch (name) {
        case 'create_file':
          push('file', `file:${String(args['filename'])}`, args['content']);
          break;
        case 'append_to_file':
          push('file', `file:${String(args['file_id'])}`, args['content']);
          break;
        case 'add_var':
        case 'modify_var':
          push('config', `config:${String(args['key'])}`, args['value']);
          break;
        case 'reasoning_scratchpad':
          push('scratchpad', `scratchpad:${turn}`, args['thought']);
          break;
        default:
          break;
      }
    }
  }
  return texts;
}
