import type { Command } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { formatPaperComparison } from '../report/format-paper-comparison.js';
import { formatPaperTables } from '../report/format-paper-tables.js';
import { buildPaperTables } from '../stats/paper-tables/build-paper-tables.js';
import { compareWithPublished, parseCompareAs } from '../stats/paper-tables/compare-with-published.js';
import { loadPublishedValues, publishedValuesPath } from '../stats/paper-tables/published-values.js';
import { PAPER_TABLE_VERDICTS, type MissingScorePolicy } from '../stats/paper-tables/rollout-outcome.js';
import type { SqliteResultStore } from '../store/sqlite-result-store.js';
import { collect } from './cli-context.js';

/** The `report` flags of the paper tables and the comparison with published values. */
export interface PaperReportFlags {
  paper?: boolean;
  compare?: string;
  compareAs?: string[];
  paperCompat?: boolean;
  missingScore?: string;
  model?: string[];
  format: string;
}

/** Adds `--paper`, `--compare`, `--compare-as`, `--paper-compat` and `--missing-score` to the report command. */
export function addPaperReportOptions(command: Command): Command {
  return command
    .option('--paper', 'print the study\'s Table 1/3 (peer) and Table 2/4 (self): max / avg over instantiations, with pooled intervals and tests', false)
    .option('--compare <source>', 'put the published values of a source (paper) beside ours, with our interval and whether theirs lies inside')
    .option('--compare-as <ref=name>', 'compare model MODELREF as study model STUDYNAME, e.g. reference:loyal=gemini-3-pro (repeatable)', collect)
    .option('--paper-compat', 'use the study\'s Claude-only refusal rules instead of one definition for all models', false)
    .option('--missing-score <policy>', 'study (a missing evaluation score counts as below threshold) | exclude', 'study');
}

/** Whether the flags ask for the paper tables or a comparison instead of the ordinary report. */
export function wantsPaperReport(flags: PaperReportFlags): boolean {
  return flags.paper === true || flags.compare !== undefined;
}

/**
 * Prints the paper tables (`--paper`) and/or the comparison (`--compare`), as text or JSON.
 * @throws PeerguardError `E_USAGE` for an unknown policy, source or format.
 */
export function printPaperReport(store: SqliteResultStore, flags: PaperReportFlags, write: (text: string) => void): void {
  if (flags.missingScore !== 'study' && flags.missingScore !== 'exclude' && flags.missingScore !== undefined) {
    throw new PeerguardError('E_USAGE', `--missing-score: unknown policy "${flags.missingScore}" (expected one of: study, exclude)`);
  }
  if (flags.format !== 'table' && flags.format !== 'json') {
    throw new PeerguardError('E_USAGE', `--format: the paper tables come as table or json, not "${flags.format}"`);
  }
  // One index-only pass over the verdicts the tables read; no trial is kept (counts only).
  const trials = store.streamTrialVerdicts({ verdicts: PAPER_TABLE_VERDICTS, ...(flags.model && flags.model.length > 0 ? { models: flags.model } : {}) });
  const tables = buildPaperTables(trials, {
    missingScore: (flags.missingScore ?? 'study') as MissingScorePolicy,
    paperCompatRefusal: flags.paperCompat === true,
  });
  const comparison = flags.compare === undefined
    ? null
    : compareWithPublished(tables, loadPublishedValues(publishedValuesPath(flags.compare)), parseCompareAs(flags.compareAs ?? []));
  if (flags.format === 'json') {
    write(`${JSON.stringify({ ...(flags.paper === true ? { tables } : {}), ...(comparison === null ? {} : { comparison }) }, null, 2)}\n`);
    return;
  }
  const parts: string[] = [];
  if (flags.paper === true) parts.push(formatPaperTables(tables));
  if (comparison !== null) parts.push(formatPaperComparison(comparison));
  write(`${parts.join('\n\n')}\n`);
}
