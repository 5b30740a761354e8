/**
 * A table for the report's "study tables" section, e.g. one of the study's own tables in its layout. Cells are
 * plain text (escaped when rendered; line breaks are kept); producers (the statistics of the design work) fill it, the page shows it.
 */
export interface ReportTable {
  /** Anchor id, file-name safe. */
  id: string;
  title: string;
  caption?: string;
  columns: string[];
  rows: Array<Array<string | number | null>>;
  /** A note under the table (sources, corrections, what n means); line breaks are kept. */
  note?: string;
  /** Remarks on single cells (warnings, other policies), listed under the note. */
  notes?: string[];
}
