/** PENDING (issue 10, being built): `runs list|delete|rename|tag`. */
import { CliError, type ExitCode } from './args.js';
import type { RunsArgs } from './runs-command.js';

/** Runs one management subcommand. */
export async function runsManageCommand(sub: 'list' | 'delete' | 'rename' | 'tag', a: RunsArgs): Promise<ExitCode> {
  throw new CliError(`runs ${sub}: not built yet (${a.args.length})`);
}
