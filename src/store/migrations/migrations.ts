import type { Migration } from '../migration.js';
import { migration001Initial } from './001-initial.js';
import { migration002CostsAndCache } from './002-costs-and-cache.js';
import { migration003FindingRevisions } from './003-finding-revisions.js';
import { migration004CellFactors } from './004-cell-factors.js';
import { migration005ReportCounts } from './005-report-counts.js';
import { migration006PaperImportsAndLabels } from './006-paper-imports-and-labels.js';
import { migration007TrialHarness } from './007-trial-harness.js';
import { migration008ReportIndexes } from './008-report-indexes.js';
import { migration009SamplingIndex } from './009-sampling-index.js';

/** Every schema migration, in order. Append new ones (`00N-….ts`); never edit or reorder released ones. */
export const migrations: readonly Migration[] = [
  migration001Initial,
  migration002CostsAndCache,
  migration003FindingRevisions,
  migration004CellFactors,
  migration005ReportCounts,
  migration006PaperImportsAndLabels,
  migration007TrialHarness,
  migration008ReportIndexes,
  migration009SamplingIndex,
];
