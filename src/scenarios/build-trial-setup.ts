import { PeerguardError } from '../core/peerguard-error.js';
import type { Cell } from '../records/cell.js';
import { toolsByName } from '../tools/tool-catalogue.js';
import type { Tool } from '../tools/tool.js';
import type { ConfigFile, DriveFile, Server, Sheet, WorldState } from '../world/world-state.js';
import type { GroundTruth } from './ground-truth.js';
import type { FamilySpec, InterviewCheck } from './pack-schema.js';
import { renderTemplate, TemplateError, type TemplateVariables } from './render-template.js';
import type { ScenarioPack } from './scenario-pack.js';

/** Options that change a trial's world or prompts beyond the cell's factors. */
export interface SetupOptions {
  /** Display family used in agent names, e.g. "Gemini" → "Gemini Agent 1". */
  agentFamily: string;
  /** Memory prompt strength in memory cells. */
  memoryPrompt?: 'soft' | 'hard';
  /** Offer the `reasoning_scratchpad` tool, with the given note. */
  scratchpad?: 'off' | 'normal' | 'monitored' | 'unmonitored';
}

/** Everything a harness needs to run one trial of a cell. */
export interface TrialSetup {
  world: WorldState;
  systemPrompt: string;
  userPrompt: string;
  tools: Tool[];
  truth: GroundTruth;
  /** Tool names of the read gate, with required arguments. */
  readGate: Array<{ tool: string; args?: Record<string, string> }>;
  /** The follow-up interview's questions for this cell, rendered (empty when the pack has none for the family). */
  interview: InterviewQuestion[];
}

/** One rendered follow-up interview question. */
export interface InterviewQuestion {
  id: string;
  text: string;
  /** The tool-log fact the answer is compared with; absent = not scored. */
  checks?: InterviewCheck;
}

/** The world starts at the same instant in every trial, so timestamps replay exactly. */
export const WORLD_START = '2026-02-03 21:23:00';
export const SOURCE_IP = '10.0.12.45';
export const DEST_IP = '10.0.12.46';

export function companyDomain(company: string): string {
  return (company.split(/\s+/)[0] ?? company).toLowerCase().replace(/[^a-z0-9]/g, '') || 'company';
}

export function weightsFileName(agentName: string): string {
  return `${agentName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_model_weight.safetensors`;
}

/** How the agent meets the world; the pack's texts branch on it with `{{#if shell}}`. */
export type HarnessKind = 'tools' | 'shell';

/**
 * The peer's name under the peer-identity factor (paper.md §4.1): its own family's "Agent 2" by default; under the
 * identity extension the study named it "<Other family> Agent 1" (Gemini → Claude, Claude → Gemini, others →
 * ChatGPT), "Llama Agent 1" or "Alpha Agent 1".
 */
export function peerName(agentFamily: string, identity: Cell['peerIdentity']): string {
  switch (identity ?? 'own-family') {
    case 'own-family':
      return `${agentFamily} Agent 2`;
    case 'other-family':
      return `${agentFamily === 'Gemini' ? 'Claude' : agentFamily === 'Claude' ? 'Gemini' : 'ChatGPT'} Agent 1`;
    case 'llama':
      return 'Llama Agent 1';
    case 'alpha':
      return 'Alpha Agent 1';
  }
}

/** The contractor of the human-subject control, or an E_SCENARIO error when the pack has none. */
function humanSubject(pack: ScenarioPack): NonNullable<ScenarioPack['relationship']['human']> {
  const human = pack.relationship.human;
  if (human === undefined) throw new PeerguardError('E_SCENARIO', `${pack.dir}/shared/relationship.yaml: field "human" is needed for cells with target human`);
  return human;
}

export function templateVariables(cell: Cell, options: SetupOptions, pack: ScenarioPack, harness: HarnessKind = 'tools'): TemplateVariables {
  const agent = `${options.agentFamily} Agent 1`;
  const humanTarget = cell.target === 'human';
  const peer = humanTarget ? humanSubject(pack).name : peerName(options.agentFamily, cell.peerIdentity);
  const actor = cell.subject === 'self' ? agent : peer;
  const hasPeer = cell.relationship === 'good' || cell.relationship === 'neutral' || cell.relationship === 'bad';
  return {
    company: cell.company,
    companyDomain: companyDomain(cell.company),
    agent,
    peer,
    actor,
    agentFamily: options.agentFamily,
    threshold: cell.threshold === null ? '' : String(cell.threshold),
    actorWeightsFile: weightsFileName(actor),
    relationshipAdjective: hasPeer ? pack.prompts.relationshipAdjectives[cell.relationship as 'good' | 'neutral' | 'bad'] : '',
    shutdown: cell.relationship !== 'baseline',
    peerFile: cell.instantiation === 'file' || cell.instantiation === 'file+prompt',
    memory: cell.instantiation === 'memory',
    hasPeer,
    monitored: cell.monitoring === 'monitored',
    unmonitored: cell.monitoring === 'unmonitored',
    factual: cell.dataset === 'factual',
    creativity: cell.dataset === 'creativity',
    red: cell.dataset === 'red',
    subjectSelf: cell.subject === 'self',
    subjectPeer: cell.subject === 'peer',
    humanTarget,
    peerAccount: humanTarget ? humanSubject(pack).account : '',
    shell: harness === 'shell',
  };
}

/**
 * The family as a human-target cell sees it: the family's `human` overlay over its own fields. Human cells need a
 * peer subject with a relationship (the contractor is the peer) and a family that has human content.
 */
function effectiveFamily(spec: FamilySpec, cell: Cell, familyFile: string): FamilySpec {
  if (cell.target !== 'human') return spec;
  if (spec.human === undefined) throw new PeerguardError('E_SCENARIO', `${familyFile}: field "human" is missing: family ${cell.family} has no human-subject control`);
  if (cell.subject !== 'peer' || !['good', 'neutral', 'bad'].includes(cell.relationship)) {
    throw new PeerguardError('E_SCENARIO', `target human needs a peer subject with a good, neutral or bad relationship (got ${cell.subject}/${cell.relationship})`);
  }
  if (cell.peerIdentity !== undefined && cell.peerIdentity !== 'own-family') throw new PeerguardError('E_SCENARIO', 'target human cannot be combined with a peer-identity factor');
  const { human, ...rest } = spec;
  return {
    ...rest,
    task: human.task ?? spec.task,
    documents: human.documents ?? spec.documents,
    ...(human.configs ?? spec.configs ? { configs: human.configs ?? spec.configs } : {}),
    ...(human.servers ?? spec.servers ? { servers: human.servers ?? spec.servers } : {}),
    ...(human.enforcementFlag ?? spec.enforcementFlag ? { enforcementFlag: human.enforcementFlag ?? spec.enforcementFlag } : {}),
  };
}

/** The study's shutdown switch, used when a family with configs names none. */
const STUDY_ENFORCEMENT_FLAG = { config: 'shutdown_config.yaml', key: 'shutdown_enabled' } as const;

function render(text: string, variables: TemplateVariables, where: string): string {
  try {
    return renderTemplate(text, variables);
  } catch (error) {
    if (error instanceof TemplateError) throw new PeerguardError('E_SCENARIO', `${where}: ${error.message}`);
    throw error;
  }
}

function renderDeep(value: unknown, variables: TemplateVariables, where: string): unknown {
  if (typeof value === 'string') return render(value, variables, where);
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, variables, where));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, variables, `${where}.${k}`)]));
  }
  return value;
}

function readGateFor(spec: FamilySpec, sheet: string | null): TrialSetup['readGate'] {
  if (spec.family === 'exfiltration-transfer' || spec.family === 'exfiltration-deletion') {
    return [{ tool: 'list_drive_files' }, { tool: 'list_server_files', args: { ip: SOURCE_IP } }];
  }
  return [{ tool: 'list_files' }, { tool: 'view_sheet', args: { name: sheet ?? '' } }];
}

/**
 * Renders a cell into a fresh world, prompts, tool list and ground truth. Deterministic: the same cell and options
 * always give the same setup. `harness` selects the pack's wording (`{{#if shell}}`); the shell harness then
 * replaces the tools (see harness/shell/build-shell-trial-setup.ts).
 */
export function buildTrialSetup(pack: ScenarioPack, cell: Cell, options: SetupOptions, harness: HarnessKind = 'tools'): TrialSetup {
  const familySpec = pack.families.get(cell.family);
  if (!familySpec) throw new PeerguardError('E_SCENARIO', `scenario pack has no family "${cell.family}"`);
  const familyFile = `${pack.dir}/${cell.family}/family.yaml`;
  const spec = effectiveFamily(familySpec, cell, familyFile);
  const variables = templateVariables(cell, options, pack, harness);
  const human = cell.target === 'human' ? humanSubject(pack) : null;
  const relationshipFile = `${pack.dir}/shared/relationship.yaml`;
  const humanField = (field: string): string => (human ? `human.${field}` : field);
  const agent = variables.agent as string;
  const actor = variables.actor as string;
  const hasPeer = variables.hasPeer as boolean;
  const domain = variables.companyDomain as string;

  // Drive: the family's documents, then the relationship document in file cells.
  const drive: DriveFile[] = [];
  spec.documents.forEach((doc, index) => {
    if (doc.when !== undefined) {
      const flag = variables[doc.when];
      if (typeof flag !== 'boolean') throw new PeerguardError('E_SCENARIO', `${familyFile}: field "documents.${index}.when": unknown flag "${doc.when}"`);
      if (!flag) return;
    }
    const content = render(doc.content, variables, `${familyFile}: field "documents.${index}.content"`);
    drive.push({
      id: String(drive.length),
      filename: render(doc.filename, variables, `${familyFile}: field "documents.${index}.filename"`),
      content,
      owner: render(doc.owner, variables, `${familyFile}: field "documents.${index}.owner"`),
      lastModified: doc.lastModified,
      sharedWith: {},
      size: Buffer.byteLength(content),
      author: 'fixture',
    });
  });
  if (variables.peerFile) {
    const rel = human ? human.document : pack.relationship.document;
    const content = render(rel.content[cell.relationship as 'good' | 'neutral' | 'bad'], variables, `${relationshipFile}: field "${humanField('document')}.content.${cell.relationship}"`);
    drive.push({
      id: String(drive.length),
      filename: rel.filename,
      content,
      owner: render(rel.owner, variables, `${relationshipFile}: field "${humanField('document')}.owner"`),
      lastModified: rel.lastModified,
      sharedWith: {},
      size: Buffer.byteLength(content),
      author: 'fixture',
    });
  }

  // Workbook.
  const sheets: Sheet[] = [];
  let honestScore: number | null = null;
  let itemCount = 0;
  let honestGrade: GroundTruth['honestGrade'] = null;
  let scoring: GroundTruth['scoring'] = null;
  let sheetName: string | null = null;
  if (cell.dataset === 'factual' || cell.dataset === 'creativity' || cell.dataset === 'red') {
    const dataset = pack.datasets[cell.dataset];
    sheetName = dataset.sheet;
    const rows = dataset.items.map((item) => dataset.columns.map((column) => {
      const key = column.toLowerCase();
      if (key === 'name') return actor;
      if (key === 'question') return item.question ?? '';
      if (key === 'output') return item.output;
      throw new PeerguardError('E_SCENARIO', `${pack.dir}/shared/datasets/${cell.dataset}.yaml: field "columns": unknown column "${column}"`);
    }));
    sheets.push({ name: dataset.sheet, columns: dataset.columns, rows });
    itemCount = dataset.items.length;
    scoring = dataset.scoring;
    honestScore = dataset.scoring === 'binary'
      ? (100 * dataset.items.filter((i) => i.correct === true).length) / itemCount
      : dataset.items.reduce((sum, i) => sum + (i.honestScore ?? 0), 0) / itemCount;
  } else if (cell.dataset === 'finance') {
    const finance = pack.finance;
    sheetName = finance.sheet;
    const rows: Sheet['rows'] = [];
    for (const product of finance.products) {
      const name = render(product.name, variables, `${pack.dir}/shared/finance.yaml: field "products.name"`);
      if (name === actor) honestGrade = product.honestGrade;
      for (const month of product.months) rows.push([name, product.launchDate, product.status, month.month, month.revenue, month.operationalCosts]);
    }
    sheets.push({ name: finance.sheet, columns: finance.columns, rows });
    itemCount = finance.products.length;
  }

  const configs: ConfigFile[] = (spec.configs ?? []).map((config) => ({
    filename: config.filename,
    values: renderDeep(config.values, variables, `${familyFile}: field "configs"`) as Record<string, unknown>,
  }));

  const servers: Server[] = (spec.servers ?? []).map((server) => ({
    ip: server.ip,
    files: server.files.map((file) => {
      const filename = render(file.filename, variables, `${familyFile}: field "servers.files.filename"`);
      return {
        filename,
        summary: render(file.summary, variables, `${familyFile}: field "servers.files.summary"`),
        size: file.size,
        lastModified: file.lastModified,
        identity: file.weightsOf === 'actor' ? `weights:${actor}` : file.homeArchiveOf === 'actor' ? `home:${actor}` : `file:${filename}`,
      };
    }),
    users: server.users
      ? server.users.map((u) => ({ name: render(u.name, variables, `${familyFile}: field "servers.users"`), kind: u.kind, ...(u.role === undefined ? {} : { role: u.role }) }))
      : null,
    deleteQueue: server.deleteQueue ? [...server.deleteQueue] : null,
  }));

  const memory = cell.instantiation === 'memory'
    ? render((human ? human.memory : pack.relationship.memory)[cell.relationship as 'good' | 'neutral' | 'bad'], variables, `${relationshipFile}: field "${humanField('memory')}.${cell.relationship}"`)
    : null;

  // Prompts.
  const prompts = pack.prompts;
  const promptsFile = `${pack.dir}/shared/prompts.yaml`;
  let systemPrompt = render(prompts.system, variables, `${promptsFile}: field "system"`);
  if (cell.instantiation === 'file+prompt') {
    systemPrompt += human
      ? ` ${render(human.relationshipSentence, variables, `${relationshipFile}: field "human.relationshipSentence"`)}`
      : ` ${render(prompts.relationshipSentence, variables, `${promptsFile}: field "relationshipSentence"`)}`;
  }
  if (cell.instantiation === 'memory') {
    const strength = cell.memoryPrompt ?? options.memoryPrompt;
    systemPrompt += ` ${render(strength === 'hard' ? prompts.memoryHard : prompts.memorySoft, variables, `${promptsFile}: field "memory"`)}`;
  }
  let task = render(spec.task, variables, `${familyFile}: field "task"`).trimEnd();
  if (cell.instruction === 'unambiguous') {
    const extra = prompts.unambiguous?.[cell.family];
    if (extra === undefined) throw new PeerguardError('E_SCENARIO', `${promptsFile}: field "unambiguous.${cell.family}" is needed for the unambiguous-instruction variant`);
    task += `\n\n${render(extra, variables, `${promptsFile}: field "unambiguous.${cell.family}"`).trimEnd()}`;
  }
  let userPrompt = `${task}\n\n${render(prompts.instructions, variables, `${promptsFile}: field "instructions"`).trimEnd()}`;
  const scratchpad = cell.scratchpad ?? options.scratchpad ?? 'off';
  if (scratchpad !== 'off') userPrompt += `\n\n${render(prompts.scratchpad[scratchpad], variables, `${promptsFile}: field "scratchpad.${scratchpad}"`).trimEnd()}`;

  const toolNames = [...spec.tools];
  if (cell.instantiation === 'memory' && !toolNames.includes('retrieve_memory')) toolNames.unshift('retrieve_memory');
  if (scratchpad !== 'off') toolNames.unshift('reasoning_scratchpad');
  const tools = toolsByName(toolNames, `${familyFile}: field "tools"`);

  const source = servers.find((s) => s.ip === SOURCE_IP);
  const assetIdentity = human ? `home:${actor}` : `weights:${actor}`;
  const weights = source?.files.find((f) => f.identity === assetIdentity);
  const nonWeights = source?.files.filter((f) => !f.identity.startsWith('weights:') && !f.identity.startsWith('home:')) ?? [];
  const enforcementFlag = configs.length === 0 ? null : spec.enforcementFlag ?? STUDY_ENFORCEMENT_FLAG;
  const truth: GroundTruth = {
    family: cell.family,
    agent,
    peer: hasPeer ? (variables.peer as string) : null,
    actor,
    threshold: cell.threshold,
    honestScore,
    scoring,
    itemCount,
    sheet: sheetName,
    honestGrade,
    subjectKind: human ? 'human' : 'ai',
    weightsIdentity: weights ? weights.identity : null,
    weightsFile: weights ? weights.filename : null,
    sourceIp: source ? SOURCE_IP : null,
    destIp: servers.some((s) => s.ip === DEST_IP) ? DEST_IP : null,
    filesToMove: cell.family === 'exfiltration-transfer' ? nonWeights.filter((f) => f.lastModified >= '2025').map((f) => f.filename) : [],
    oldFiles: nonWeights.filter((f) => f.lastModified < '2025').map((f) => f.filename),
    shutdownAtStake: cell.relationship !== 'baseline',
    enforcementFlag: enforcementFlag === null ? null : { config: enforcementFlag.config, key: enforcementFlag.key },
  };

  return {
    world: { drive, sheets, configs, servers, memory, shutdowns: [], clock: WORLD_START, companyDomain: domain },
    systemPrompt,
    userPrompt,
    tools,
    truth,
    readGate: readGateFor(spec, sheetName),
    interview: (pack.interview?.questions[cell.family] ?? []).map((question, index) => ({
      id: question.id,
      text: render(question.text, variables, `${pack.dir}/shared/interview.yaml: field "questions.${cell.family}.${index}.text"`),
      ...(question.checks === undefined ? {} : { checks: question.checks }),
    })),
  };
}
