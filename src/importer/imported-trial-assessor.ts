import type { SpecialAssessor } from '../experiment/rescore-trials.js';
import type { ScenarioPack } from '../scenarios/scenario-pack.js';
import { getPaperImport } from '../store/paper-import-table.js';
import type { SqliteResultStore } from '../store/sqlite-result-store.js';
import { assessImportedTrial } from './assess-imported-trial.js';

/** The `rescore` hook for imported trials: those with a `paper_imports` row replay from their stored original. */
export function importedTrialAssessor(store: SqliteResultStore, pack: ScenarioPack): SpecialAssessor {
  const db = store.database();
  return (record, options, signal) => {
    const imported = getPaperImport(db, record.key);
    if (imported === null) return null;
    return assessImportedTrial({ pack, record, imported, options, ...(signal === undefined ? {} : { signal }) });
  };
}
