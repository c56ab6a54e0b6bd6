/**
 * PENDING (issue 9, being built): `crossval FILE --candidates a,b --folds K --limit N --epochs E [--runs-dir D] [--json]`.
 */
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { RunOptions } from '../../src-shared/training/run-options.js';
import { CliError, type ExitCode, type ParsedArgs } from './args.js';
import type { CliMessages } from './messages.js';

/** What main.ts hands the command. */
export interface CrossvalArgs {
  model: ModelSpec;
  file: string;
  values: ParsedArgs['values'];
  /** Run options from the flags (limit, epochs, batch size, seed, backend, optimizer, learning rate). */
  partial: Partial<RunOptions>;
  json: boolean;
  msg: CliMessages;
  out: (line: string) => void;
}

/** Runs the study; returns the exit code (as for `train`). */
export async function crossvalCommand(args: CrossvalArgs): Promise<ExitCode> {
  throw new CliError(`crossval: not built yet (${args.file})`);
}
