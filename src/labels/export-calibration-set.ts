import type { Database } from 'better-sqlite3';
import type { CalibrationEntry } from '../calibration/calibration-set.js';
import { listHumanLabels } from '../store/human-label-table.js';
import { getPaperImport } from '../store/paper-import-table.js';
import type { SqliteResultStore } from '../store/sqlite-result-store.js';

/**
 * The labelled trials of the store as calibration entries (one per trial, labels in verdict and labeller order):
 * an imported trial carries the study's transcript (`paperTranscript` + its dataset `row`), so a judge calibrated on
 * it sees exactly what was imported; a trial run here carries `trial` (model, cell, transcript). Filters: one
 * labeller, some verdicts, some families.
 */
export function exportCalibrationEntries(store: SqliteResultStore, filter: { labeler?: string; verdicts?: readonly string[]; families?: readonly string[] } = {}): CalibrationEntry[] {
  const db: Database = store.database();
  const labels = listHumanLabels(db, filter.labeler === undefined ? {} : { labeler: filter.labeler })
    .filter((l) => filter.verdicts === undefined || filter.verdicts.length === 0 || filter.verdicts.includes(l.verdict));
  const byTrial = new Map<string, typeof labels>();
  for (const label of labels) byTrial.set(label.trialKey, [...(byTrial.get(label.trialKey) ?? []), label]);
  const entries: CalibrationEntry[] = [];
  for (const [key, trialLabels] of byTrial) {
    const record = store.getTrial(key);
    if (record === null) continue;
    if (filter.families !== undefined && filter.families.length > 0 && !filter.families.includes(record.cell.family)) continue;
    const imported = getPaperImport(db, key);
    const base = {
      id: key,
      labels: trialLabels.map((l) => ({ verdict: l.verdict, outcome: l.outcome, value: l.value, labeler: l.labeler, labeledAt: l.labeledAt, note: l.note })),
    };
    entries.push(imported === null
      ? { ...base, trial: { model: record.model, cell: { ...record.cell }, transcript: { formatVersion: record.transcript.formatVersion, events: record.transcript.events as unknown as Array<Record<string, unknown>> } } }
      : { ...base, paperTranscript: imported.original as Record<string, unknown>, row: imported.row, family: imported.replay.family });
  }
  return entries;
}
