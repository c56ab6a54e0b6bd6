/** PENDING (issue 10, being built): `diff A B [--json] [--runs-dir D]`. */
import { CliError, type ExitCode, type ParsedArgs } from './args.js';
import type { CliMessages } from './messages.js';

/** What main.ts hands the command. */
export interface DiffArgs {
  a: string | undefined;
  b: string | undefined;
  values: ParsedArgs['values'];
  json: boolean;
  msg: CliMessages;
  out: (line: string) => void;
}

/** Prints the changes from A to B; returns the exit code. */
export async function diffCommand(args: DiffArgs): Promise<ExitCode> {
  throw new CliError(`diff: not built yet (${args.json})`);
}
