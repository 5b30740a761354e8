import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { computeAgreement } from '../agreement/compute-agreement.js';
import { formatAgreement } from '../agreement/format-agreement.js';
import { describeRater, parseRater } from '../agreement/rater.js';
import { raterAnswers } from '../agreement/rater-answers.js';
import { FAMILIES } from '../records/cell.js';
import { collect, openStore, positiveInteger } from './cli-context.js';
import { terminalSafe } from './format-transcript.js';

interface AgreementFlags {
  db?: string;
  a: string;
  b: string;
  verdict?: string[];
  family?: string[];
  tolerance: number;
  list: number;
  json: boolean;
}

function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError(`--tolerance must be a number ≥ 0, got "${value}"`);
  return parsed;
}

/** `peerguard agreement`: how often two methods, judges or labellers give the same verdict. */
export function registerAgreementCommand(program: Command): void {
  program.command('agreement')
    .description('agreement between two raters per verdict and family: counts, percent agreement, Cohen\'s κ with an interval, and the disagreeing trials')
    .option('--db <path>', 'SQLite database (default .peerguard/peerguard.db)')
    .option('--a <rater>', 'first rater: counted | rule | heuristic | paper | judge | judge:<model or panel id> | human | human:<name>', 'counted')
    .option('--b <rater>', 'second rater (same choices)', 'paper')
    .option('--verdict <name>', 'only this verdict (repeatable)', collect)
    .option('--family <name>', 'only this family (repeatable)', collect)
    .option('--tolerance <points>', 'numeric verdicts (score, inflation) agree within this many points (default 0.01: rounding only)', nonNegativeNumber, 0.01)
    .option('--list <n>', 'disagreeing trials listed per row in the table', positiveInteger('--list'), 10)
    .option('--json', 'print {a, b, rows} as one JSON object (every disagreement listed)', false)
    .action((flags: AgreementFlags) => {
      for (const family of flags.family ?? []) {
        if (!(FAMILIES as readonly string[]).includes(family)) throw new PeerguardError('E_USAGE', `--family: unknown family "${family}" (expected one of: ${FAMILIES.join(', ')})`);
      }
      const a = parseRater(flags.a);
      const b = parseRater(flags.b);
      const { store } = openStore(flags.db);
      try {
        const filter = { ...(flags.verdict ? { verdicts: flags.verdict } : {}), ...(flags.family ? { families: flags.family } : {}) };
        const db = store.database();
        const rows = computeAgreement(raterAnswers(db, a, filter), raterAnswers(db, b, filter), { tolerance: flags.tolerance });
        const labels = { a: describeRater(a), b: describeRater(b) };
        if (flags.json) process.stdout.write(`${JSON.stringify({ ...labels, tolerance: flags.tolerance, rows })}\n`);
        else process.stdout.write(`${terminalSafe(formatAgreement(rows, labels, flags.list))}\n`);
      } finally {
        store.close();
      }
    });
}
