import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isWasmMatMulFixApplied, selectBackend } from '../../../src-main/engine/index.js';
import { mulberry32 } from '../../../src-main/engine/prng.js';

function randomArray(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

/** Runs `f` on `backend` with fresh tensors from the given values and returns the result's values. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor): Promise<Float32Array> {
  expect((await selectBackend(backend)).active).toBe(backend);
  const t = tf.tidy(f);
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs((actual[i] as number) - (expected[i] as number));
    worst = Math.max(worst, diff / Math.max(1, Math.abs(expected[i] as number)));
  }
  // float32 sums of up to 784 products in a different order: ~1e-5 relative; a wrong transpose is O(1).
  expect(worst).toBeLessThan(1e-4);
}

// Shapes are given as the logical product [.., m, k] × [.., k, n]; transposed operands are stored transposed.
const shapes = [
  { label: '2-D 5×7 · 7×3', a: [5, 7], b: [7, 3] },
  { label: '2-D Dense backward size 32×784 · 784×30', a: [32, 784], b: [784, 30] },
  { label: 'batched 4×5×7 · 4×7×3', a: [4, 5, 7], b: [4, 7, 3] },
  { label: 'broadcast batch 1×6×4 · 3×4×2', a: [1, 6, 4], b: [3, 4, 2] },
];
const combos = [
  { transposeA: false, transposeB: false },
  { transposeA: true, transposeB: false },
  { transposeA: false, transposeB: true },
  { transposeA: true, transposeB: true },
];
const swapLast = (s: number[]) => [...s.slice(0, -2), s[s.length - 1] as number, s[s.length - 2] as number];
const cases = shapes.flatMap((s) => combos.map((c) => ({ ...s, ...c })));

describe('wasm BatchMatMul transpose fix', () => {
  beforeAll(async () => {
    delete process.env['GRADIENT_LAB_BACKEND']; // this file is about wasm whatever the shell asks for
    const report = await selectBackend('wasm');
    expect(report.active).toBe('wasm');
  });

  it('is installed', () => {
    expect(isWasmMatMulFixApplied()).toBe(true);
  });

  it.each(cases)('$label, transposeA=$transposeA transposeB=$transposeB equals cpu', async ({ a, b, transposeA, transposeB }) => {
    const aShape = transposeA ? swapLast(a) : a;
    const bShape = transposeB ? swapLast(b) : b;
    const av = randomArray(aShape.reduce((x, y) => x * y, 1), 1);
    const bv = randomArray(bShape.reduce((x, y) => x * y, 1), 2);
    const f = () => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), transposeA, transposeB);
    const expected = await on('cpu', f);
    const actual = await on('wasm', f);
    expectClose(actual, expected);
  });

  it('gives cpu-equal gradients and frees its transposed intermediates', async () => {
    const av = randomArray(32 * 50, 3);
    const bv = randomArray(50 * 20, 4);
    const grads = () => {
      const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.matMul(a, b))))([
        tf.tensor2d(av, [32, 50]),
        tf.tensor2d(bv, [50, 20]),
      ]);
      return tf.concat([(ga as tf.Tensor).flatten(), (gb as tf.Tensor).flatten()]);
    };
    const expected = await on('cpu', grads);
    const actual = await on('wasm', grads);
    expectClose(actual, expected);

    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    const tensorsBefore = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.dispose(tf.tidy(grads));
    expect(backend.numDataIds()).toBe(before);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
