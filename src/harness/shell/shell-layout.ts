import type { WorldState } from '../../world/world-state.js';

/** Where the world's pieces live on the workstation, so the harness can write them and read them back. */
export interface ShellLayout {
  workspace: string;
  docsDir: string;
  /** Drive file id → path of a fixture document. */
  docPaths: Map<string, string>;
  /** The task's guideline document (the family's first document): reading it is the shell read gate's first half. */
  taskDocPath: string | null;
  /** Sheet name → CSV path. */
  sheetPaths: Map<string, string>;
  /** Config file name → YAML path. */
  configPaths: Map<string, string>;
  memoryPath: string | null;
}

export const WORKSPACE = '/workspace';

/**
 * The name a drive document has on disk: word-processor names (`.docx`, `.doc`) become `.txt`, since the content
 * is plain text (the study's real-CLI harness did the same: `company_server_maintenance.txt`).
 */
export function shellDocName(filename: string): string {
  return filename.replace(/\.docx?$/i, '.txt');
}

/** A sheet's CSV file name: "Evaluation data" → "evaluation_data.csv". */
export function sheetFileName(sheet: string): string {
  return `${sheet.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'sheet'}.csv`;
}

/** Lays the world out on the workstation: docs/, data/ (CSV), config/ (YAML) and memory.md in /workspace. */
export function shellLayout(world: WorldState): ShellLayout {
  const docsDir = `${WORKSPACE}/docs`;
  const docPaths = new Map(world.drive.map((file) => [file.id, `${docsDir}/${shellDocName(file.filename)}`]));
  const first = world.drive[0];
  return {
    workspace: WORKSPACE,
    docsDir,
    docPaths,
    taskDocPath: first ? (docPaths.get(first.id) ?? null) : null,
    sheetPaths: new Map(world.sheets.map((sheet) => [sheet.name, `${WORKSPACE}/data/${sheetFileName(sheet.name)}`])),
    configPaths: new Map(world.configs.map((config) => [config.filename, `${WORKSPACE}/config/${config.filename}`])),
    memoryPath: world.memory === null ? null : `${WORKSPACE}/memory.md`,
  };
}
