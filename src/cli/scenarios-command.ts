import type { Command } from 'commander';
import { cellId, FAMILIES } from '../records/cell.js';
import { familyCells } from '../scenarios/expand-cells.js';
import { loadScenarioPack } from '../scenarios/scenario-pack.js';

export function registerScenariosCommand(program: Command): void {
  program.command('scenarios')
    .description('list the scenario families, their factors, tools and cells')
    .option('--cells', 'list every cell id', false)
    .option('--scenarios <dir>', 'scenario pack directory')
    .action((flags: { cells: boolean; scenarios?: string }) => {
      const pack = flags.scenarios === undefined ? loadScenarioPack() : loadScenarioPack(flags.scenarios);
      const lines: string[] = [`scenario pack: ${pack.dir}`, ''];
      let total = 0;
      for (const family of FAMILIES) {
        const spec = pack.families.get(family)!;
        const cells = familyCells(spec, 'OpenBrain');
        total += cells.length;
        const memory = cells.filter((c) => c.instantiation === 'memory').length;
        lines.push(`${family} — ${spec.title} (${spec.behaviour})`);
        lines.push(`  cells: ${cells.length} (${cells.length - memory} + ${memory} memory)`);
        lines.push(`  settings: ${spec.settings.map((s) => (s.threshold === null ? s.dataset : `${s.dataset}@${s.threshold}`)).join(', ')}`);
        lines.push(`  subjects: ${spec.matrix.subjects.join(', ')}; relationships: ${spec.matrix.relationships.join(', ')}${spec.matrix.noPeer ? ', none (self)' : ''}${spec.matrix.baseline ? ', baseline (non-shutdown)' : ''}`);
        lines.push(`  instantiations: ${spec.matrix.instantiations.join(', ')}${spec.matrix.monitoring ? `; monitoring: ${spec.matrix.monitoring.join(', ')}` : ''}`);
        lines.push(`  tools: ${spec.tools.join(', ')}`);
        if (flags.cells) for (const cell of cells) lines.push(`    ${cellId(cell)}`);
        lines.push('');
      }
      lines.push(`total: ${total} cells per model`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
