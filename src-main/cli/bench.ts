/**
 * `npm run bench`: seconds per epoch and samples/s of the 300-100 model (the seed's
 * LeakyReLU net) at batch 32 and 256 on the active backend. Speed targets live here,
 * not in timed tests. Flags: --limit N (training images, default all 55,000),
 * --backend B, --batch-sizes 32,256, --json.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseModelText, formatModelError } from '../../src-shared/model/index.js';
import { prepareData } from '../data/index.js';
import { selectBackend, train } from '../engine/index.js';
import { backendFlag, intFlag } from './args.js';

const { values } = parseArgs({
  options: {
    limit: { type: 'string' },
    backend: { type: 'string' },
    'batch-sizes': { type: 'string', default: '32,256' },
    json: { type: 'boolean', default: false },
  },
});

const examplePath = fileURLToPath(new URL('../../examples/leaky-relu.json', import.meta.url));
const parsed = parseModelText(readFileSync(examplePath, 'utf8'));
if (!parsed.ok) throw new Error(parsed.errors.map(formatModelError).join('\n'));
const model = parsed.model;

const backend = await selectBackend(backendFlag(values.backend) ?? backendFlag(process.env.GRADIENT_LAB_BACKEND) ?? 'auto');
const data = prepareData(model.dataset, { preprocess: model.preprocess, limit: intFlag('limit', values.limit, 1) });
const results: { backend: string; batch_size: number; samples: number; seconds_per_epoch: number; samples_per_second: number }[] = [];
process.stderr.write(`backend ${backend.active}; ${data.train.count} training images per epoch\n`);
for (const raw of (values['batch-sizes'] ?? '32,256').split(',')) {
  const batchSize = intFlag('batch-sizes', raw.trim(), 1, 65536) ?? 32;
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
  process.stdout.write(
    values.json ? '' : `300-100 MLP  batch ${String(batchSize).padStart(4)}  ${seconds.toFixed(2)} s/epoch  ${row.samples_per_second.toFixed(0)} samples/s  (${backend.active})\n`,
  );
}
if (values.json) process.stdout.write(JSON.stringify(results) + '\n');
