/** Flags of `npm run lab`, parsed into `startLabServer` options. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LabConfigError } from './config.js';
import { MAX_CONCURRENT_RUNS_LIMIT, MAX_RUNS_PER_CLIENT_LIMIT } from '../../src-shared/training/queue.js';
import { RUNS_DIR_ENV_VAR } from '../../src-shared/training/run-options.js';
import type { LabServerOptions } from './server.js';

/** Help text of `npm run lab -- --help`. */
export const LAB_USAGE = `usage: npm run lab -- [options]

Serves Gradient Lab to a web browser (the built renderer plus its API over a WebSocket).

options:
  --port N          port to listen on (default 0: a free port, printed at start)
  --host H          address to bind (default 127.0.0.1: this machine only)
  --allow-remote    required to bind a non-loopback address (0.0.0.0, ::, a LAN IP);
                    a token is then always required
  --token T         require this token (default: none on loopback; random on remote)
  --runs-dir D      runs folder (default $GRADIENT_LAB_RUNS_DIR or ./runs)
  --renderer-dir D  built renderer to serve (default out/renderer)
  --models-dir D    a folder of model files (*.json) every client sees as presets in the
                    editor, beside the bundled examples; re-read on each request, so files
                    added during a class appear when a page reloads its presets
  --max-concurrent-runs N
                    trainings at once; more starts wait in a queue (default: CPU cores − 1, at least 1)
  --max-runs-per-client N
                    runs one browser session may have training or queued (default 1)
  --help            show this text`;

/** A whole number from 1 to `max`, or undefined when the flag is absent. */
function countFlag(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^[0-9]{1,6}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(n >= 1 && n <= max)) throw new LabConfigError(`--${name}: expected a whole number from 1 to ${max}, received ${JSON.stringify(raw)}`);
  return n;
}

/** Parsed command line: options, or a request for help. */
export type LabArgs = { help: true } | { help: false; options: LabServerOptions };

/** Parses argv (without node and script). Example: `['--port', '8765']` → `{ help: false, options: { port: 8765, … } }`. */
export function parseLabArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): LabArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        'runs-dir': { type: 'string' },
        'renderer-dir': { type: 'string' },
        'models-dir': { type: 'string' },
        'max-concurrent-runs': { type: 'string' },
        'max-runs-per-client': { type: 'string' },
        'allow-remote': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new LabConfigError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return { help: true };
  let port = 0;
  if (values.port !== undefined) {
    port = /^[0-9]{1,5}$/.test(values.port) ? Number(values.port) : NaN;
    if (!(port >= 0 && port <= 65535)) throw new LabConfigError(`port: expected a whole number from 0 to 65535, received ${JSON.stringify(values.port)}`);
  }
  const options: LabServerOptions = {
    port,
    allowRemote: values['allow-remote'],
    runsDir: values['runs-dir'] ?? env[RUNS_DIR_ENV_VAR] ?? 'runs',
  };
  const concurrent = countFlag('max-concurrent-runs', values['max-concurrent-runs'], MAX_CONCURRENT_RUNS_LIMIT);
  if (concurrent !== undefined) options.maxConcurrentRuns = concurrent;
  const perClient = countFlag('max-runs-per-client', values['max-runs-per-client'], MAX_RUNS_PER_CLIENT_LIMIT);
  if (perClient !== undefined) options.maxRunsPerClient = perClient;
  if (values.host !== undefined) options.host = values.host;
  if (values.token !== undefined) options.token = values.token;
  if (values['renderer-dir'] !== undefined) options.rendererDir = values['renderer-dir'];
  if (values['models-dir'] !== undefined) options.modelsDir = modelsDirFlag(values['models-dir']);
  return { help: false, options };
}

/** `--models-dir`: an existing folder, as an absolute path. Its files are checked on each request; the folder itself here, so a typo fails at start. */
function modelsDirFlag(raw: string): string {
  if (raw.trim() === '') throw new LabConfigError('--models-dir: expected a folder, received ""');
  const dir = resolve(raw);
  let st;
  try {
    st = statSync(dir);
  } catch (err) {
    throw new LabConfigError(`--models-dir: cannot use ${JSON.stringify(raw)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!st.isDirectory()) throw new LabConfigError(`--models-dir: ${JSON.stringify(raw)} is not a folder`);
  return dir;
}
