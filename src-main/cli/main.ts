/**
 * Gradient Lab's command line: `npm run cli -- <command>`. Everything the app can do
 * with a model file, scriptable and testable without Electron.
 */
import { parseArgs } from 'node:util';
import { toKerasScript } from '../../src-shared/model/index.js';
import { backendFlag, CliError, intFlag } from './args.js';
import { readModelFile } from './model-file.js';
import { trainCommand } from './train-command.js';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  train <model.json> [--epochs N] [--limit N] [--batch-size N] [--seed N]
                     [--backend auto|tensorflow-gpu|tensorflow|wasm|cpu] [--runs-dir D] [--json]
  validate <model.json>          exit 0 if valid, else 1 with every error on stderr
  init-stats <model.json> [--json] [--seed N] [--backend B]   fan-in/out and expected vs measured kernel std per dense layer
  export-keras <model.json>      print an equivalent Python/Keras script

common: --debug (stack traces on errors), --help`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      epochs: { type: 'string' },
      limit: { type: 'string' },
      'batch-size': { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      'runs-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, file, ...extra] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE + '\n');
    return command || values.help ? 0 : 2;
  }
  if (extra.length) throw new CliError(`unexpected argument ${JSON.stringify(extra[0])}`);

  switch (command) {
    case 'validate': {
      const model = readModelFile(file);
      process.stdout.write(`${file}: valid (${model.layers.length} layers, dataset ${model.dataset})\n`);
      return 0;
    }
    case 'export-keras': {
      process.stdout.write(toKerasScript(readModelFile(file)));
      return 0;
    }
    case 'init-stats': {
      const model = readModelFile(file);
      const { initStatsCommand } = await import('./init-stats-command.js');
      return initStatsCommand(
        model,
        values.json,
        intFlag('seed', values.seed, 0, 2 ** 31 - 1),
        backendFlag(values.backend) ?? backendFlag(process.env.GRADIENT_LAB_BACKEND) ?? 'auto',
      );
    }
    case 'train': {
      const model = readModelFile(file);
      const t = model.training;
      return trainCommand(
        model,
        {
          epochs: intFlag('epochs', values.epochs, 1, 1000) ?? t.epochs,
          batch_size: intFlag('batch-size', values['batch-size'], 1, 65536) ?? t.batch_size,
          seed: intFlag('seed', values.seed, 0, 2 ** 31 - 1) ?? t.seed,
          limit: intFlag('limit', values.limit, 1) ?? null,
          backend: backendFlag(values.backend) ?? backendFlag(process.env.GRADIENT_LAB_BACKEND) ?? 'auto',
        },
        values['runs-dir'] ?? process.env.GRADIENT_LAB_RUNS_DIR ?? 'runs',
        values.json,
      );
    }
    default:
      throw new CliError(`unknown command ${JSON.stringify(command)} (try --help)`);
  }
}

const debug = process.argv.includes('--debug');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (debug) console.error(err);
    else if (err instanceof CliError) process.stderr.write(`error: ${err.message}\n`);
    else if (err instanceof Error && 'code' in err && String((err as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`error: ${err.message}\n`);
    } else process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)} (run with --debug for details)\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  },
);
