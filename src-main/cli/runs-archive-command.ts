/** PENDING (issue 10, being built): `runs export RUN_ID… --out FILE [--weights]` and `runs import FILE`. */
import { CliError, type ExitCode } from './args.js';
import type { RunsArgs } from './runs-command.js';

/** Runs `export` or `import`. */
export async function runsArchiveCommand(sub: 'export' | 'import', a: RunsArgs): Promise<ExitCode> {
  throw new CliError(`runs ${sub}: not built yet (${a.args.length})`);
}
