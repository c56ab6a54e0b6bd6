/**
 * PENDING (issue 9, being built): `recommend ['<answers>'] [--json] [--model FILE]`.
 */
import { CliError, type ExitCode, type ParsedArgs } from './args.js';
import type { CliMessages } from './messages.js';

/** What main.ts hands the command. */
export interface RecommendArgs {
  /** The positional JSON answers, if any. */
  answers: string | undefined;
  values: ParsedArgs['values'];
  json: boolean;
  msg: CliMessages;
  out: (line: string) => void;
}

/** Prints the ranking; returns the exit code. */
export async function recommendCommand(args: RecommendArgs): Promise<ExitCode> {
  throw new CliError(`recommend: not built yet (${args.json})`);
}
