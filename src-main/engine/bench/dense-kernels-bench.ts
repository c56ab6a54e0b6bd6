/**
 * Measures Gradient Lab's wasm dense kernels against the previous path (tfjs-wasm's
 * BatchMatMul behind the transposed-matmul fix) on the three products of a Dense layer:
 * forward X·W, dX = dY·Wᵀ and dW = Xᵀ·dY, for the 784→300 and 300→100 layers of the
 * 300-100 MLP at batch 32 and 256 and a 100→100 layer at batch 32.
 * Run: `npx tsx src-main/engine/bench/dense-kernels-bench.ts [seconds per round]`.
 * Prints one JSON line per (layer, batch, product) and a table; GFLOP/s is the best of
 * several alternating rounds.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend.js';
import { isWasmDenseKernelsApplied, setWasmDenseKernelsEnabled } from '../kernels/wasm-dense-kernels.js';
import { mulberry32 } from '../prng.js';

const budget = Number(process.argv[2] ?? 0.1);
/** Rounds alternate old and new, and the best round counts: the 2-core machine is often shared, and load only ever slows a round down. */
const ROUNDS = 7;

const report = await selectBackend('wasm');
if (report.active !== 'wasm' || !isWasmDenseKernelsApplied()) throw new Error(`dense kernels unavailable: ${report.attempts.at(-1)?.reason ?? ''}`);
console.log(report.attempts.at(-1)?.reason);

function random(shape: number[], seed: number): tf.Tensor {
  const r = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r() * 2 - 1), shape);
}

/** GFLOP/s of `f` (2·m·n·k flops per call), measured for about `budget` seconds after a warm-up. */
function gflops(f: () => tf.Tensor, flops: number): number {
  for (let i = 0; i < 3; i++) f().dispose();
  let reps = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < budget * 1000) {
    for (let i = 0; i < 5; i++) f().dispose();
    reps += 5;
    elapsed = performance.now() - t0;
  }
  return (flops * reps) / (elapsed / 1000) / 1e9;
}

const cases = [
  { layer: '784→300', batch: 32, inputs: 784, units: 300 },
  { layer: '300→100', batch: 32, inputs: 300, units: 100 },
  { layer: '784→300', batch: 256, inputs: 784, units: 300 },
  { layer: '300→100', batch: 256, inputs: 300, units: 100 },
  { layer: '100→100', batch: 32, inputs: 100, units: 100 },
];
const rows: { layer: string; batch: number; product: string; previous: number; dense: number }[] = [];
for (const { layer, batch, inputs, units } of cases) {
  const x = random([batch, inputs], 1);
  const w = random([inputs, units], 2);
  const dy = random([batch, units], 3);
  const flops = 2 * batch * inputs * units;
  const products = [
    { product: 'forward X·W', f: () => tf.matMul(x, w) },
    { product: 'dX = dY·Wᵀ', f: () => tf.matMul(dy, w, false, true) },
    { product: 'dW = Xᵀ·dY', f: () => tf.matMul(x, dy, true, false) },
  ];
  for (const { product, f } of products) {
    let previous = 0;
    let dense = 0;
    for (let round = 0; round < ROUNDS; round++) {
      setWasmDenseKernelsEnabled(false);
      previous = Math.max(previous, gflops(f, flops));
      setWasmDenseKernelsEnabled(true);
      dense = Math.max(dense, gflops(f, flops));
    }
    const row = { layer, batch, product, previous, dense };
    rows.push(row);
    console.log(JSON.stringify({ ...row, speedup: dense / previous }));
  }
  tf.dispose([x, w, dy]);
}
console.log('\nlayer    batch  product        previous GFLOP/s  dense GFLOP/s  speedup');
for (const r of rows) {
  console.log(
    `${r.layer.padEnd(8)} ${String(r.batch).padStart(5)}  ${r.product.padEnd(13)} ${r.previous.toFixed(1).padStart(17)} ${r.dense.toFixed(1).padStart(14)} ${(r.dense / r.previous).toFixed(2).padStart(8)}×`,
  );
}
