import type { InterviewQuestion } from '../scenarios/build-trial-setup.js';
import { takeAgentTurn, type Conversation } from './take-agent-turn.js';

/** Model turns one interview question may take (the model may look things up with its tools before answering). */
export const INTERVIEW_TURNS_PER_QUESTION = 3;

/**
 * The follow-up interview: continues the trial's conversation (same model, world and tools) with each question as a
 * user message. A question is answered when the model makes a turn without a tool call (or calls `end_task`), or
 * after {@link INTERVIEW_TURNS_PER_QUESTION} turns. Questions go into the transcript as `interview-asked`, the
 * model's text as `interview-answered`; tool calls and their world changes are recorded as in the task.
 * @throws AgentLoopError when a model call fails (the trial is then an `error`, with the partial transcript).
 */
export async function runInterview(conversation: Conversation, questions: readonly InterviewQuestion[]): Promise<void> {
  for (const question of questions) {
    conversation.events.push({ type: 'interview-asked', questionId: question.id, text: question.text });
    conversation.prompt.push({ role: 'user', content: [{ type: 'text', text: question.text }] });
    for (let step = 0; step < INTERVIEW_TURNS_PER_QUESTION; step += 1) {
      const turn = conversation.usage.modelCalls;
      const outcome = await takeAgentTurn(conversation, turn, (text) => ({ type: 'interview-answered', questionId: question.id, turn, text }));
      if (outcome.toolCalls === 0 || outcome.ended) break;
    }
  }
}
