import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Result of one CLI run; `code` is null when it was killed (see `signal`), `ms` is the wall time. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the real CLI (`npm run cli` without npm's noise) and returns its exit code and output.
 * Messages are English unless `env` says otherwise: the language follows LC_ALL / LC_MESSAGES /
 * LANG, so a developer's Korean locale must not change what the tests read. Pass
 * `{ LC_ALL: '' }` (plus LANG) to test the system-language default. `timeoutMs` bounds
 * runs that must not hang (a FIFO, /dev/zero): the process is then killed and `code` is null.
 */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 300_000): CliResult {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'en_US.UTF-8', ...env },
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}
