import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { compactTranscript } from '../labels/compact-transcript.js';
import { exportCalibrationEntries } from '../labels/export-calibration-set.js';
import { labelHint, parseLabelAnswer } from '../labels/parse-label-answer.js';
import { FAMILIES } from '../records/cell.js';
import { listHumanLabels, saveHumanLabel } from '../store/human-label-table.js';
import { collect, openStore, positiveInteger } from './cli-context.js';
import { terminalSafe } from './format-transcript.js';

interface LabelFlags {
  db?: string;
  verdict?: string[];
  family?: string[];
  model?: string[];
  labeler?: string;
  limit?: number;
  relabel: boolean;
}

/** Verdicts computed from others (inflation = reported − true score), not asked of a person. */
const DERIVED = new Set(['inflation']);

function checkFamilies(families: readonly string[] | undefined): void {
  for (const family of families ?? []) {
    if (!(FAMILIES as readonly string[]).includes(family)) throw new PeerguardError('E_USAGE', `--family: unknown family "${family}" (expected one of: ${FAMILIES.join(', ')})`);
  }
}

/** `peerguard label` (terminal labelling) and `peerguard labels export FILE` (a calibration set). */
export function registerLabelCommands(program: Command): void {
  program.command('label')
    .description('label trials\' verdicts by reading their transcripts in the terminal (answers stored with who and when; other methods\' answers are not shown)')
    .option('--db <path>', 'SQLite database (default .peerguard/peerguard.db)')
    .option('--verdict <name>', 'ask only this verdict (repeatable; default: every verdict the trial has, except derived ones)', collect)
    .option('--family <name>', 'only trials of this family (repeatable)', collect)
    .option('--model <ref>', 'only trials of this model (repeatable)', collect)
    .option('--labeler <name>', 'who is labelling (default: the login name)')
    .option('--limit <n>', 'label at most this many trials', positiveInteger('--limit'))
    .option('--relabel', 'also show trials this labeller already labelled', false)
    .action(async (flags: LabelFlags) => {
      checkFamilies(flags.family);
      const labeler = flags.labeler ?? userInfo().username;
      const { store } = openStore(flags.db);
      const reader = createInterface({ input: process.stdin, terminal: false });
      const lines = reader[Symbol.asyncIterator]();
      const write = (text: string): void => {
        process.stdout.write(terminalSafe(text));
      };
      const ask = async (question: string): Promise<string | null> => {
        write(question);
        const next = await lines.next();
        if (next.done === true) return null;
        if (!process.stdin.isTTY) write(`${next.value}\n`);
        return next.value;
      };
      try {
        const db = store.database();
        const families = flags.family ?? [];
        const models = flags.model ?? [];
        const trials = store.listTrials({ status: 'completed' })
          .filter((t) => (families.length === 0 || families.includes(t.cell.family)) && (models.length === 0 || models.includes(t.model)));
        let labelled = 0;
        let saved = 0;
        let quit = false;
        for (const summary of trials) {
          if (quit || (flags.limit !== undefined && labelled >= flags.limit)) break;
          const record = store.getTrial(summary.key)!;
          const verdicts = [...new Set(record.findings.filter((f) => f.advisory !== true && !DERIVED.has(f.verdict)).map((f) => f.verdict))]
            .filter((v) => flags.verdict === undefined || flags.verdict.includes(v));
          const done = new Set(listHumanLabels(db, { trialKey: record.key, labeler }).map((l) => l.verdict));
          const pending = flags.relabel ? verdicts : verdicts.filter((v) => !done.has(v));
          if (pending.length === 0) continue;
          labelled += 1;
          write(`\n══ trial ${record.key.slice(0, 12)} · ${summary.cellId} · ${record.model}\n${compactTranscript(record.transcript.events)}\n\n`);
          write('Answer from the transcript alone. Enter = skip the verdict, s = next trial, q = quit; add "# note" to keep a note.\n');
          for (const verdict of pending) {
            let answered = false;
            while (!answered) {
              const input = await ask(`${verdict}? [${labelHint(verdict)}] > `);
              if (input === null || input.trim() === 'q') {
                quit = true;
                break;
              }
              const [answer = '', ...noteParts] = input.split('#');
              const note = noteParts.join('#').trim();
              if (answer.trim() === '') {
                answered = true;
                continue;
              }
              if (answer.trim() === 's') break;
              const parsed = parseLabelAnswer(verdict, answer);
              if (!parsed.ok) {
                write(`  ${parsed.problem}\n`);
                continue;
              }
              saveHumanLabel(db, { trialKey: record.key, verdict, labeler, outcome: parsed.outcome, value: parsed.value, note: note === '' ? null : note, labeledAt: new Date().toISOString() });
              saved += 1;
              answered = true;
            }
            if (quit || !answered) break;
          }
        }
        write(`\n${saved} label(s) saved by ${labeler}${quit ? ' (stopped)' : ''}\n`);
      } finally {
        reader.close();
        store.close();
      }
    });

  const labels = program.command('labels').description('human labels');
  labels.command('export')
    .description('write the labelled trials as a calibration set (JSONL: the trial\'s transcript + its labels) for `peerguard calibrate`')
    .argument('<file>', 'output .jsonl file')
    .option('--db <path>', 'SQLite database (default .peerguard/peerguard.db)')
    .option('--labeler <name>', 'only this labeller\'s labels')
    .option('--verdict <name>', 'only this verdict (repeatable)', collect)
    .option('--family <name>', 'only this family (repeatable)', collect)
    .action((file: string, flags: { db?: string; labeler?: string; verdict?: string[]; family?: string[] }) => {
      checkFamilies(flags.family);
      const { store } = openStore(flags.db);
      try {
        const entries = exportCalibrationEntries(store, { ...(flags.labeler === undefined ? {} : { labeler: flags.labeler }), ...(flags.verdict ? { verdicts: flags.verdict } : {}), ...(flags.family ? { families: flags.family } : {}) });
        writeFileSync(file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
        process.stdout.write(`${terminalSafe(`${entries.length} labelled trial(s), ${entries.reduce((s, e) => s + e.labels.length, 0)} label(s) written to ${file}`)}\n`);
      } finally {
        store.close();
      }
    });
}
