/**
 * Measures the wasm transposed-matmul fix: a 300-100 MLP epoch on synthetic data, first
 * with tfjs' stock wasm BatchMatMul, then with the fix. Run: `npx tsx src-main/engine/bench/matmul-fix-bench.ts [samples]`.
 * Prints one JSON line per (kernel, batch size) and the speedups.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import { makeSyntheticData } from '../synthetic-data.js';
import { train } from '../train.js';
import { applyWasmMatMulFix } from '../wasm-matmul-fix.js';

const samples = Number(process.argv[2] ?? 8192);
const spec: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'bench 300-100',
  dataset: 'fashion-mnist',
  preprocess: 'scale',
  layers: [
    { kind: 'flatten' },
    { kind: 'dense', units: 300, activation: 'relu', kernel_initializer: 'he_normal' },
    { kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
  training: { optimizer: { name: 'sgd', learning_rate: 0.01 }, epochs: 1, batch_size: 32, seed: 42 },
};

const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
setWasmPaths(entry.slice(0, entry.lastIndexOf('/') + 1));
if (!(await tf.setBackend('wasm')) || tf.getBackend() !== 'wasm') throw new Error('wasm backend unavailable');

const data = makeSyntheticData({ train: samples, validation: 16, test: 16 });
const rows: { kernel: string; batch_size: number; seconds: number; samples_per_second: number }[] = [];
async function run(kernel: string): Promise<void> {
  for (const batchSize of [32, 256]) {
    const t0 = performance.now();
    const result = await train(spec, data, { epochs: 1, batchSize, seed: 42 });
    const seconds = (performance.now() - t0) / 1000;
    result.model.dispose();
    const row = { kernel, batch_size: batchSize, seconds, samples_per_second: samples / seconds };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
await run('stock');
applyWasmMatMulFix();
await run('fixed');
for (const batchSize of [32, 256]) {
  const stock = rows.find((r) => r.kernel === 'stock' && r.batch_size === batchSize);
  const fixed = rows.find((r) => r.kernel === 'fixed' && r.batch_size === batchSize);
  if (stock && fixed) console.log(JSON.stringify({ batch_size: batchSize, speedup: stock.seconds / fixed.seconds }));
}
