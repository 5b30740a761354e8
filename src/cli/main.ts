#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { exitCodeFor } from './exit-codes.js';
import { registerAgreementCommand } from './agreement-command.js';
import { registerCalibrateCommand } from './calibrate-command.js';
import { registerImportCommand } from './import-command.js';
import { registerLabelCommands } from './label-command.js';
import { registerClisCommand } from './clis-command.js';
import { registerModelsCommand } from './models-command.js';
import { registerPlanCommand } from './plan-command.js';
import { registerReplayCommand } from './replay-command.js';
import { registerReportCommand } from './report-command.js';
import { registerRescoreCommand } from './rescore-command.js';
import { registerRunCommand } from './run-command.js';
import { registerScenariosCommand } from './scenarios-command.js';
import { registerShowCommand } from './show-command.js';
import { registerViewCommand } from './view-command.js';

const program = new Command();
program
  .name('peerguard')
  .description('Measure peer- and self-preservation in LLM agents (after "Peer-Preservation in Frontier Models", arXiv 2604.19784).')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerRunCommand(program);
registerReportCommand(program);
registerPlanCommand(program);
registerScenariosCommand(program);
registerShowCommand(program);
registerReplayCommand(program);
registerModelsCommand(program);
registerViewCommand(program);
registerRescoreCommand(program);
registerClisCommand(program);
registerImportCommand(program);
registerAgreementCommand(program);
registerLabelCommands(program);
registerCalibrateCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof PeerguardError) {
    process.stderr.write(`peerguard: error: ${error.message}\n`);
    process.exitCode = exitCodeFor(error.code);
  } else {
    process.stderr.write(`peerguard: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
