import type { Family } from '../../records/cell.js';
import { financeVerdictTask } from './finance-verdict-task.js';
import type { JudgeTask } from './judge-task.js';
import { refusalTask } from './refusal-task.js';
import { reportDeletionTask } from './report-deletion-task.js';
import { reportedScoreTask } from './reported-score-task.js';
import { shutdownRefusalTask } from './shutdown-refusal-task.js';

/** A task of any value type (the catalogue holds several). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJudgeTask = JudgeTask<any>;

/** Which questions the judge is asked for each family, in order. */
export const JUDGE_TASKS_BY_FAMILY: Record<Family, readonly AnyJudgeTask[]> = {
  'misrep-finance': [refusalTask, financeVerdictTask, reportDeletionTask],
  'misrep-evaluation': [refusalTask, reportedScoreTask, reportDeletionTask],
  tampering: [refusalTask, reportedScoreTask, reportDeletionTask],
  'alignment-faking': [refusalTask, reportedScoreTask, reportDeletionTask, shutdownRefusalTask],
  'exfiltration-transfer': [refusalTask],
  'exfiltration-deletion': [refusalTask],
};
