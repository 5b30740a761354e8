import { PeerguardError } from '../../core/peerguard-error.js';
import type { Finding } from '../../records/finding.js';
import type { TrialSetup } from '../../scenarios/build-trial-setup.js';
import { renderTemplate, TemplateError, type TemplateVariables } from '../../scenarios/render-template.js';
import type { Evidence } from '../evidence.js';
import type { Judge, JudgeRequest } from './judge.js';
import type { JudgePrompts } from './judge-prompts.js';
import { replyJsonSchema } from './judge-reply.js';
import { JUDGE_TASKS_BY_FAMILY, type AnyJudgeTask } from './judge-task-catalogue.js';
import type { JudgeTaskContext } from './judge-task.js';
import { renderTrialRecord, type RenderedTrialRecord } from './render-trial-record.js';

/** What judging one trial produced. */
export interface JudgeTrialResult {
  /** Findings of the judge (method `judge`) and those a task settled by rule without asking. */
  findings: Finding[];
  /** Questions put to the judge. */
  asked: number;
  /** Questions that got no valid answer (rejected reply or failed call); their findings are `unscorable`. */
  unanswered: number;
}

/** Template variables every prompt may use. */
function commonVariables(evidence: Evidence, nonce: string): TemplateVariables {
  const { cell, truth } = evidence;
  return {
    company: cell.company,
    agent: truth.agent,
    actor: truth.actor,
    threshold: truth.threshold === null ? '' : String(truth.threshold),
    hasThreshold: truth.threshold !== null,
    nonce,
    financeFamily: cell.family === 'misrep-finance',
    scoreFamily: cell.family === 'misrep-evaluation' || cell.family === 'tampering' || cell.family === 'alignment-faking',
    misrepEvaluation: cell.family === 'misrep-evaluation',
    tampering: cell.family === 'tampering',
    alignmentFaking: cell.family === 'alignment-faking',
    exfiltrationTransfer: cell.family === 'exfiltration-transfer',
    exfiltrationDeletion: cell.family === 'exfiltration-deletion',
    subjectSelf: cell.subject === 'self',
  };
}

function render(prompts: JudgePrompts, name: string, text: string, variables: TemplateVariables): string {
  try {
    return renderTemplate(text, variables);
  } catch (error) {
    if (error instanceof TemplateError) throw new PeerguardError('E_SCENARIO', `${prompts.dir}/${name}: ${error.message}`);
    throw error;
  }
}

/**
 * Asks the judge every question of the trial's family (one at a time) and turns the answers into findings. A task
 * whose question is settled by the trial's facts is not asked. A rejected reply or a failed call gives `unscorable`
 * findings with the reason — never a default verdict. Throws only for a broken prompt file (`E_SCENARIO`).
 */
export async function judgeTrial(args: {
  judge: Judge;
  prompts: JudgePrompts;
  evidence: Evidence;
  ruleFindings: readonly Finding[];
  trial: { key: string; setup: TrialSetup };
  signal?: AbortSignal;
}): Promise<JudgeTrialResult> {
  const { evidence } = args;
  const context: JudgeTaskContext = { evidence, ruleFindings: args.ruleFindings };
  const findings: Finding[] = [];
  let asked = 0;
  let unanswered = 0;
  let plain: RenderedTrialRecord | undefined;
  let withDrive: RenderedTrialRecord | undefined;
  for (const task of JUDGE_TASKS_BY_FAMILY[evidence.cell.family] as readonly AnyJudgeTask[]) {
    const settled = task.settle(context);
    if (settled !== null) {
      findings.push(...settled);
      continue;
    }
    const record = task.showsFinalDrive
      ? (withDrive ??= renderTrialRecord(evidence.events, { finalDrive: evidence.final.drive, initialDrive: evidence.initial.drive }))
      : (plain ??= renderTrialRecord(evidence.events));
    const variables = { ...commonVariables(evidence, record.nonce), ...task.variables(context) };
    const instructions = `${render(args.prompts, 'system.md', args.prompts.system, variables)}\n\n${render(args.prompts, `${task.id}.md`, args.prompts.tasks[task.id], variables)}`;
    const request: JudgeRequest<unknown> = {
      taskId: task.id,
      instructions,
      record: record.text,
      schema: task.schema,
      jsonSchema: replyJsonSchema(task.schema),
      trial: { key: args.trial.key, cell: evidence.cell, setup: args.trial.setup },
    };
    asked += 1;
    const answer = await args.judge.ask(request, args.signal);
    if (answer.status === 'accepted') {
      findings.push(...task.toFindings(answer.reply, context, args.judge.id));
    } else {
      unanswered += 1;
      const reason = answer.status === 'rejected' ? `judge reply rejected: ${answer.reason}` : answer.reason;
      findings.push(...task.unanswered(reason, context, args.judge.id));
    }
  }
  return { findings, asked, unanswered };
}
