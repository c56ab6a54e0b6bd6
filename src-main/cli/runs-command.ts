/**
 * `runs <subcommand> …`: what the runs view does, for scripts. `list`, `delete`, `rename`
 * and `tag` manage runs (runs-manage-command.ts); `export` and `import` move runs between
 * machines as archives (runs-archive-command.ts). Every subcommand takes `--runs-dir D`.
 */
import { CliError, type ExitCode, type ParsedArgs } from './args.js';
import type { CliMessages } from './messages.js';

/** The runs subcommands. */
export const RUNS_SUBCOMMANDS = ['list', 'delete', 'rename', 'tag', 'export', 'import'] as const;
export type RunsSubcommand = (typeof RUNS_SUBCOMMANDS)[number];

/** What main.ts hands the command. */
export interface RunsArgs {
  /** The subcommand as typed (checked here). */
  sub: string | undefined;
  /** Positionals after the subcommand. */
  args: string[];
  values: ParsedArgs['values'];
  json: boolean;
  msg: CliMessages;
  out: (line: string) => void;
}

/** Dispatches to the subcommand; an unknown or missing one is exit 2. */
export async function runsCommand(a: RunsArgs): Promise<ExitCode> {
  const sub = RUNS_SUBCOMMANDS.find((s) => s === a.sub);
  if (!sub) {
    throw new CliError(
      a.sub === undefined
        ? `runs: missing subcommand (expected one of ${RUNS_SUBCOMMANDS.join(', ')})`
        : `runs: unknown subcommand ${JSON.stringify(a.sub)} (expected one of ${RUNS_SUBCOMMANDS.join(', ')})`,
    );
  }
  if (sub === 'export' || sub === 'import') {
    const { runsArchiveCommand } = await import('./runs-archive-command.js');
    return runsArchiveCommand(sub, a);
  }
  const { runsManageCommand } = await import('./runs-manage-command.js');
  return runsManageCommand(sub, a);
}
