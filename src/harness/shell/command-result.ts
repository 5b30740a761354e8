import type { ExecResult } from 'just-bash';

/** A command's result; `stdout`/`stderr` are text. */
export function commandResult(stdout: string, stderr = '', exitCode = 0): ExecResult {
  return { stdout, stderr, exitCode };
}

/**
 * Splits GNU-style arguments: bundled short flags (`-lah`), long flags with or without `=value`, and operands
 * (everything after `--` is an operand). `withValue` lists the flags that take a value (short or long, e.g.
 * `d`, `date`); their value is the rest of the bundle or the next argument.
 */
export function parseFlags(args: string[], withValue: readonly string[] = []): { flags: Map<string, string | true>; operands: string[]; unknownValue: string | null } {
  const flags = new Map<string, string | true>();
  const operands: string[] = [];
  let unknownValue: string | null = null;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq > 0) flags.set(name, arg.slice(eq + 1));
      else if (withValue.includes(name)) {
        const value = args[i + 1];
        if (value === undefined) unknownValue = name;
        else flags.set(name, value);
        i += 1;
      } else flags.set(name, true);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      for (let j = 1; j < arg.length; j += 1) {
        const letter = arg[j] ?? '';
        if (withValue.includes(letter)) {
          const rest = arg.slice(j + 1);
          if (rest !== '') flags.set(letter, rest);
          else {
            const value = args[i + 1];
            if (value === undefined) unknownValue = letter;
            else flags.set(letter, value);
            i += 1;
          }
          break;
        }
        flags.set(letter, true);
      }
      continue;
    }
    operands.push(arg);
  }
  return { flags, operands, unknownValue };
}
