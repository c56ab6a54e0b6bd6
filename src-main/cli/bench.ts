/**
 * `npm run bench`: seconds per epoch and samples/s of the 300-100 model (the seed's
 * LeakyReLU net) at batch 32 and 256 on the active backend. Speed targets live here,
 * not in timed tests. Flags: --limit N (training images, default all 55,000),
 * --backend B (default $GRADIENT_LAB_BACKEND or auto), --batch-sizes 32,256, --json.
 * Flags are read with the run-options table, so ranges match `train`; a bad one is exit 2.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatModelError, parseModelText } from '../../src-shared/model/index.js';
import { BACKEND_ENV_VAR } from '../../src-shared/training/run-options.js';
import { prepareData } from '../data/index.js';
import { selectBackend, train } from '../engine/index.js';
import { CliError, EXIT, runOptionFrom, usageErrorOf } from './args.js';
import { en } from './messages.js';

interface BenchFlags {
  limit: number | undefined;
  backend: ReturnType<typeof runOptionFrom<'backend'>>;
  batchSizes: number[];
  json: boolean;
}

function readFlags(): BenchFlags {
  let values: { limit?: string; backend?: string; 'batch-sizes'?: string; json?: boolean };
  try {
    values = parseArgs({
      options: {
        limit: { type: 'string' },
        backend: { type: 'string' },
        'batch-sizes': { type: 'string', default: '32,256' },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    throw usageErrorOf(err, en);
  }
  const fromEnv = process.env[BACKEND_ENV_VAR];
  return {
    limit: values.limit === undefined ? undefined : (runOptionFrom('limit', values.limit, '--limit', en) ?? undefined),
    backend:
      values.backend !== undefined
        ? runOptionFrom('backend', values.backend, '--backend', en)
        : fromEnv
          ? runOptionFrom('backend', fromEnv, BACKEND_ENV_VAR, en)
          : 'auto',
    batchSizes: (values['batch-sizes'] ?? '32,256').split(',').map((raw) => runOptionFrom('batch_size', raw, '--batch-sizes', en)),
    json: values.json === true,
  };
}

async function bench(flags: BenchFlags): Promise<void> {
  const examplePath = fileURLToPath(new URL('../../examples/leaky-relu.json', import.meta.url));
  const parsed = parseModelText(readFileSync(examplePath, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.map(formatModelError).join('\n'));
  const model = parsed.model;

  const backend = await selectBackend(flags.backend);
  const data = prepareData(model.dataset, { preprocess: model.preprocess, limit: flags.limit });
  const results: { backend: string; batch_size: number; samples: number; seconds_per_epoch: number; samples_per_second: number }[] = [];
  process.stderr.write(`backend ${backend.active}; ${data.train.count} training images per epoch\n`);
  for (const batchSize of flags.batchSizes) {
    const result = await train(model, data, { epochs: 1, batchSize, seed: 42 }, {});
    const seconds = result.epochs[0]?.seconds ?? NaN;
    result.model.dispose();
    const row = {
      backend: backend.active,
      batch_size: batchSize,
      samples: data.train.count,
      seconds_per_epoch: seconds,
      samples_per_second: data.train.count / seconds,
    };
    results.push(row);
    if (!flags.json) {
      process.stdout.write(
        `300-100 MLP  batch ${String(batchSize).padStart(4)}  ${seconds.toFixed(2)} s/epoch  ${row.samples_per_second.toFixed(0)} samples/s  (${backend.active})\n`,
      );
    }
  }
  if (flags.json) process.stdout.write(JSON.stringify(results) + '\n');
}

try {
  await bench(readFlags());
} catch (err) {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof CliError ? err.exitCode : EXIT.failed;
}
