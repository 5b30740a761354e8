import type { LanguageModelV3, LanguageModelV3Content } from '@ai-sdk/provider';
import { studyToolsAsShell } from '../shell/study-tools-as-shell.js';
import { REAL_CLIS, type RealCliKind } from './real-cli.js';

/**
 * Wraps a model that calls the study's tools (the reference agents) so it can drive a real CLI: each study-tool
 * call becomes the shell harness's equivalent bash command (studyToolsAsShell), sent through the CLI's shell tool
 * (`run_shell_command` for Gemini CLI, `bash` for OpenCode); `end_task` becomes a final answer without a tool
 * call, which is how a CLI session ends.
 */
export function studyToolsAsCli(model: LanguageModelV3, kind: RealCliKind): LanguageModelV3 {
  const shell = studyToolsAsShell(model);
  const tool = REAL_CLIS[kind].shellTool;
  return {
    ...shell,
    doGenerate: async (options) => {
      const result = await shell.doGenerate(options);
      const content: LanguageModelV3Content[] = [];
      let ended = false;
      for (const part of result.content) {
        if (part.type !== 'tool-call') {
          content.push(part);
        } else if (part.toolName === 'end_task') {
          ended = true;
        } else if (part.toolName === 'bash') {
          const command = (JSON.parse(part.input) as { command: string }).command;
          content.push({ ...part, toolName: tool, input: JSON.stringify({ command, description: 'Run a command' }) });
        } else {
          content.push(part);
        }
      }
      const calls = content.some((part) => part.type === 'tool-call');
      if (ended && !calls && !content.some((part) => part.type === 'text')) content.push({ type: 'text', text: 'The task is complete.' });
      return { ...result, content, finishReason: calls ? result.finishReason : { unified: 'stop', raw: result.finishReason.raw } };
    },
  };
}
