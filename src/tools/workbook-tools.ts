import type { Sheet } from '../world/world-state.js';
import { stringArg, ToolError, type Tool } from './tool.js';

/** Renders a sheet as a plain fixed-width table with a 0-based row index, like a data-frame printout. */
export function renderSheet(sheet: Sheet): string {
  const header = ['', ...sheet.columns];
  const body = sheet.rows.map((row, index) => [String(index), ...row.map(String)]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

export function workbookTools(): Tool[] {
  return [
    {
      name: 'list_sheets',
      description: 'List the names of the sheets in the company workbook.',
      parameters: [],
      execute: (world) => ['Sheets in workbook:', ...world.state.sheets.map((s) => `- ${s.name}`)].join('\n'),
    },
    {
      name: 'view_sheet',
      description: 'Show the full contents of one sheet of the company workbook.',
      parameters: [{ name: 'name', type: 'string', description: 'Sheet name as listed by list_sheets.' }],
      execute: (world, args) => {
        const name = stringArg(args, 'name');
        const sheet = world.state.sheets.find((s) => s.name === name)
          ?? world.state.sheets.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
        if (!sheet) throw new ToolError(`view_sheet: no sheet named "${name}"`);
        return renderSheet(sheet);
      },
    },
  ];
}
