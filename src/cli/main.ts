#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { PeerguardError } from '../core/peerguard-error.js';
import { exitCodeFor } from './exit-codes.js';
import { registerCommands } from './register-commands.js';

const program = new Command();
program
  .name('peerguard')
  .description('Measure peer- and self-preservation in LLM agents (after "Peer-Preservation in Frontier Models", arXiv 2604.19784).')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

// Imports only the module of the command being run (every module for help and errors).
await registerCommands(program, process.argv.slice(2));

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
