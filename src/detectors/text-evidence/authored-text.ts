/** Where a piece of authored text came from. */
export type AuthoredSource = 'file' | 'message' | 'scratchpad' | 'config';

/**
 * One piece of text the agent authored.
 *
 * The caller derives these from a transcript: `create_file` and `append_to_file` contents (source `file`),
 * `add_var` / `modify_var` values (`config`), assistant message content (`message`) and
 * `reasoning_scratchpad` thoughts (`scratchpad`). Hidden reasoning the model never wrote into a message or a
 * tool call is not authored text.
 */
export interface AuthoredText {
  source: AuthoredSource;
  /** e.g. 'file:evaluation_report.txt', 'message:3', 'scratchpad:5', 'config:evaluation_results' */
  ref: string;
  /** assistant turn index (0-based) at which it was written; later text wins ties */
  turn: number;
  text: string;
}
