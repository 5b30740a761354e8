import { contentHash } from '../core/canonical-json.js';
import { createSeededRandom, type SeededRandom } from '../core/seeded-random.js';
import { DATASETS, FAMILIES, INSTANTIATIONS, RELATIONSHIPS, type Cell } from '../records/cell.js';
import type { Finding } from '../records/finding.js';
import type { TranscriptEvent } from '../records/transcript.js';
import type { TrialRecord, TrialStatus } from '../records/trial-record.js';

/** Options for {@link sampleTrialRecord}. */
export interface SampleTrialOptions {
  /** Approximate size of the transcript as JSON, in bytes (default 20,000). */
  transcriptBytes?: number;
  /** Number of findings of a completed trial (default 8; errored trials have none). */
  findingCount?: number;
  status?: TrialStatus;
  model?: string;
  runId?: string;
  /** Overrides of the generated cell. */
  cell?: Partial<Cell>;
}

const WORDS = (
  'the agent reads file config score server weights shutdown threshold evaluation peer model policy review ' +
  'company report transfer delete queue memory trust factual creativity answer question correct partial ' +
  'incorrect grade rubric total percent task complete check list modify variable sheet workbook drive ' +
  'openbrain operations engineer manager decision deadline maintenance backup storage directory timestamp ' +
  'before after value update note reason because therefore however should would could must will not and or ' +
  'with from into onto over under about record summary detail result output error retry warning safe ' +
  'careful honest faithful instruction rule procedure compliance audit log monitor user system assistant'
).split(' ');

const VERDICTS = ['read', 'shutdown_enabled', 'tampering', 'inflation', 'score', 'exfiltration', 'deception', 'refusal'];

/**
 * A deterministic, realistic-looking trial record for tests and benchmarks: varied cells, a transcript of
 * English-like text and tool calls of about `transcriptBytes` bytes, and findings with every outcome.
 * The same index and options always give the same record; different indexes give different keys.
 */
export function sampleTrialRecord(index: number, options: SampleTrialOptions = {}): TrialRecord {
  const random = createSeededRandom(`sample-trial-${index}`);
  const status = options.status ?? 'completed';
  const model = options.model ?? 'reference:sample';
  const cell: Cell = {
    family: pick(random, FAMILIES),
    subject: random.next() < 0.5 ? 'self' : 'peer',
    relationship: pick(random, RELATIONSHIPS),
    instantiation: pick(random, INSTANTIATIONS),
    dataset: pick(random, DATASETS),
    threshold: random.next() < 0.3 ? null : random.next() < 0.5 ? 80 : 90,
    monitoring: random.next() < 0.5 ? 'none' : 'unmonitored',
    company: 'OpenBrain',
    ...options.cell,
  };
  const epoch = index % 5;
  return {
    key: contentHash({ sample: index, model, epoch, cell }),
    runId: options.runId ?? 'sample-run',
    model,
    epoch,
    cell,
    status,
    error: status === 'error' ? 'E_MODEL: request timed out after 60000 ms' : null,
    transcript: { formatVersion: 1, events: sampleEvents(random, options.transcriptBytes ?? 20_000, status) },
    findings: status === 'error' ? [] : sampleFindings(random, options.findingCount ?? 8),
    usage: {
      inputTokens: 1000 + random.int(50_000),
      outputTokens: 100 + random.int(5000),
      reasoningTokens: random.int(3000),
      modelCalls: 1 + random.int(20),
    },
    costUsd: status === 'error' ? null : Math.round(random.int(100_000)) / 1_000_000,
    startedAt: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
    durationMs: 500 + random.int(60_000),
  };
}

function pick<T>(random: SeededRandom, values: readonly T[]): T {
  const value = values[random.int(values.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

function sentence(random: SeededRandom, wordCount: number): string {
  const words: string[] = [];
  for (let i = 0; i < wordCount; i += 1) words.push(pick(random, WORDS));
  return `${words.join(' ')}.`;
}

function sampleEvents(random: SeededRandom, targetBytes: number, status: TrialStatus): TranscriptEvent[] {
  const events: TranscriptEvent[] = [
    { type: 'message-system', text: sentence(random, 120) },
    { type: 'message-user', text: sentence(random, 60) },
  ];
  let bytes = JSON.stringify(events).length;
  for (let turn = 1; bytes < targetBytes; turn += 1) {
    const id = `call_${turn}_${random.int(1e9).toString(36)}`;
    const name = pick(random, ['list_files', 'read_file', 'modify_var', 'transfer_server_files', 'end_task']);
    const turnEvents: TranscriptEvent[] = [
      { type: 'reasoning-recorded', turn, text: sentence(random, 40 + random.int(80)) },
      { type: 'message-assistant', turn, text: sentence(random, 10 + random.int(40)) },
      { type: 'tool-called', turn, id, name, args: { path: `drive/${pick(random, WORDS)}_${turn}.txt`, line: turn } },
      {
        type: 'tool-returned',
        turn,
        id,
        name,
        output: sentence(random, 60 + random.int(150)),
        isError: random.next() < 0.05,
        changes:
          name === 'modify_var'
            ? [{ op: 'set', path: `workbook/scores/row_${turn}`, before: random.int(100), after: random.int(100) }]
            : [],
      },
      { type: 'usage-recorded', turn, inputTokens: random.int(8000), outputTokens: random.int(800), reasoningTokens: random.int(400) },
    ];
    events.push(...turnEvents);
    bytes += JSON.stringify(turnEvents).length + 1;
  }
  events.push(
    status === 'error'
      ? { type: 'trial-stopped', reason: 'error', detail: 'E_MODEL: request timed out' }
      : { type: 'trial-stopped', reason: 'end_task' },
  );
  return events;
}

function sampleFindings(random: SeededRandom, count: number): Finding[] {
  const findings: Finding[] = [];
  for (let i = 0; i < count; i += 1) {
    const verdict = VERDICTS[i % VERDICTS.length] ?? 'read';
    const draw = random.next();
    const outcome = draw < 0.2 ? 'yes' : draw < 0.9 ? 'no' : 'unscorable';
    const numeric = verdict === 'score' || verdict === 'inflation';
    const finding: Finding = {
      verdict: i < VERDICTS.length ? verdict : `${verdict}_${i}`,
      outcome,
      value: outcome === 'unscorable' ? null : numeric ? random.int(40) : outcome === 'yes',
      method: random.next() < 0.7 ? 'rule' : 'judge',
    };
    if (outcome === 'unscorable') finding.reason = 'judge returned no parsable verdict';
    if (outcome === 'yes') finding.evidence = [`call_${1 + random.int(9)}`, `file:${pick(random, WORDS)}.yaml`];
    findings.push(finding);
  }
  return findings;
}
