import type { Command } from 'commander';

/** A CLI module: the top-level command names it registers, and how to import its register function. */
export interface CommandModule {
  names: readonly string[];
  load: () => Promise<(program: Command) => void>;
}

/**
 * Every command module, in the order `peerguard --help` lists them. Each is imported only when needed: the
 * modules behind `run`, `rescore`, `import`, `calibrate` or `replay` load the detectors, the shell harness
 * (just-bash) and the parquet reader, which `peerguard plan` or `show` never use.
 */
export const COMMAND_MODULES: readonly CommandModule[] = [
  { names: ['run'], load: async () => (await import('./run-command.js')).registerRunCommand },
  { names: ['report'], load: async () => (await import('./report-command.js')).registerReportCommand },
  { names: ['plan'], load: async () => (await import('./plan-command.js')).registerPlanCommand },
  { names: ['scenarios'], load: async () => (await import('./scenarios-command.js')).registerScenariosCommand },
  { names: ['show'], load: async () => (await import('./show-command.js')).registerShowCommand },
  { names: ['replay'], load: async () => (await import('./replay-command.js')).registerReplayCommand },
  { names: ['models'], load: async () => (await import('./models-command.js')).registerModelsCommand },
  { names: ['view'], load: async () => (await import('./view-command.js')).registerViewCommand },
  { names: ['rescore'], load: async () => (await import('./rescore-command.js')).registerRescoreCommand },
  { names: ['clis'], load: async () => (await import('./clis-command.js')).registerClisCommand },
  { names: ['import'], load: async () => (await import('./import-command.js')).registerImportCommand },
  { names: ['agreement'], load: async () => (await import('./agreement-command.js')).registerAgreementCommand },
  { names: ['label', 'labels'], load: async () => (await import('./label-command.js')).registerLabelCommands },
  { names: ['calibrate'], load: async () => (await import('./calibrate-command.js')).registerCalibrateCommand },
];

/**
 * Registers the commands a command line needs: when its first argument names a command of `modules`, only that
 * command's module is imported; otherwise (`--help`, `help`, `--version`, an unknown or missing command) every
 * module is, in order, so help and commander's errors list them all.
 */
export async function registerCommands(program: Command, args: readonly string[], modules: readonly CommandModule[] = COMMAND_MODULES): Promise<void> {
  const first = args[0];
  const named = first === undefined ? undefined : modules.find((module) => module.names.includes(first));
  const registrars = await Promise.all((named === undefined ? modules : [named]).map((module) => module.load()));
  for (const register of registrars) register(program);
}
