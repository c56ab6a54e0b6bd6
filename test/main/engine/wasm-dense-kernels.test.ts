/**
 * Gradient Lab's wasm dense kernels (src-main/engine/kernels/wasm-dense-kernels.ts,
 * native/dense-kernels/dense_kernels.c): every transpose combination and edge shape
 * against a float64 reference, fused bias + activations, gradients and a short training
 * run against the cpu backend / the previous kernel, memory growth, leaks, delegation,
 * and the module's promise to write nothing but its output.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isWasmDenseKernelsApplied, selectBackend, setWasmDenseKernelsEnabled } from '../../../src-main/engine/index.js';
import { DENSE_KERNELS_WASM_BASE64, DENSE_KERNELS_WASM_SHA256 } from '../../../src-main/engine/kernels/dense-kernels.generated.js';
import { wasmDenseKernelsCallCount, wasmDenseKernelsMemory } from '../../../src-main/engine/kernels/wasm-dense-kernels.js';
import { mulberry32 } from '../../../src-main/engine/prng.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function randomArray(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
const swapLast = (s: number[]) => [...s.slice(0, -2), s[s.length - 1] as number, s[s.length - 2] as number];

type Act = 'linear' | 'relu' | 'elu' | 'leakyrelu' | 'sigmoid';
const ACTIVATE: Record<Act, (x: number, alpha: number) => number> = {
  linear: (x) => x,
  relu: (x) => (x > 0 ? x : 0),
  elu: (x) => (x >= 0 ? x : Math.exp(x) - 1),
  leakyrelu: (x, alpha) => (x < 0 ? alpha * x : x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
};

/**
 * float64 reference of act(op(a)·op(b) + bias) for rank-2 operands stored as given,
 * plus, per output, the sum of |products| (the scale float32 rounding error is relative to).
 */
function reference(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  bias?: Float32Array,
  act: Act = 'linear',
  alpha = 0,
): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const x = (a[transA ? p * m + i : i * k + p] as number) * (b[transB ? j * k + p : p * n + j] as number);
        s += x;
        abs += Math.abs(x);
      }
      if (bias) {
        s += bias[j] as number;
        abs += Math.abs(bias[j] as number);
      }
      value[i * n + j] = ACTIVATE[act](s, alpha);
      scale[i * n + j] = abs;
    }
  }
  return { value, scale };
}

/** Largest error in units of (1e-6·Σ|products| + 1e-6·max(1,|expected|)); passing means < 10, i.e. ~1e-5 relative. */
function worstError(actual: Float32Array, expected: { value: Float64Array; scale: Float64Array }): number {
  expect(actual.length).toBe(expected.value.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = expected.value[i] as number;
    const tol = 1e-6 * (expected.scale[i] as number) + 1e-6 * Math.max(1, Math.abs(e));
    worst = Math.max(worst, Math.abs((actual[i] as number) - e) / tol);
  }
  return worst;
}

async function onBackend<T>(name: 'cpu' | 'wasm', f: () => T): Promise<T> {
  expect((await selectBackend(name)).active).toBe(name);
  return f();
}

/** Runs f on wasm and returns its values and how many products the dense kernels computed. */
async function wasmRun(f: () => tf.Tensor): Promise<{ values: Float32Array; handled: number }> {
  expect(tf.getBackend()).toBe('wasm');
  const before = wasmDenseKernelsCallCount();
  const t = tf.tidy(f);
  const handled = wasmDenseKernelsCallCount() - before;
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return { values, handled };
}

// Logical products [m×k]·[k×n]; operands are stored transposed when the flag says so.
const SHAPES: { m: number; k: number; n: number }[] = [
  { m: 1, k: 1, n: 1 },
  { m: 1, k: 3, n: 5 },
  { m: 3, k: 5, n: 17 },
  { m: 5, k: 17, n: 3 },
  { m: 17, k: 33, n: 5 },
  { m: 33, k: 1, n: 17 },
  { m: 33, k: 17, n: 33 },
  { m: 4, k: 8, n: 8 },
  { m: 7, k: 9, n: 12 },
  { m: 32, k: 784, n: 300 }, // Dense 784→300 forward at batch 32
  { m: 300, k: 256, n: 100 }, // dW of a 300→100 layer at batch 256: [256×300]ᵀ·[256×100]
  { m: 32, k: 300, n: 784 }, // dX of the 784→300 layer: dY·Wᵀ
];
const COMBOS = [
  { transA: false, transB: false },
  { transA: false, transB: true },
  { transA: true, transB: false },
  { transA: true, transB: true },
];
const MATMUL_CASES = SHAPES.flatMap((s) => COMBOS.map((c) => ({ ...s, ...c })));

describe('wasm dense kernels', () => {
  beforeAll(async () => {
    delete process.env['GRADIENT_LAB_BACKEND']; // this file is about wasm whatever the shell asks for
    const report = await selectBackend('wasm');
    expect(report.active).toBe('wasm');
    expect(report.attempts.at(-1)?.reason).toMatch(/dense kernels: Gradient Lab wasm GEMM \(SIMD\); transposed-matmul fix applied as fallback/);
  });
  afterEach(() => setWasmDenseKernelsEnabled(true));

  it('are instantiated on the wasm backend’s own memory', () => {
    expect(isWasmDenseKernelsApplied()).toBe(true);
    const backend = tf.findBackend('wasm') as unknown as { wasm: { asm: { memory: unknown } } };
    expect(wasmDenseKernelsMemory()).toBe(backend.wasm.asm.memory);
  });

  it.each(MATMUL_CASES)('matMul m=$m k=$k n=$n transposeA=$transA transposeB=$transB equals float64', async ({ m, k, n, transA, transB }) => {
    const aShape = transA ? [k, m] : [m, k];
    const bShape = transB ? [n, k] : [k, n];
    const av = randomArray(m * k, m * 31 + k);
    const bv = randomArray(k * n, n * 17 + k);
    const { values, handled } = await wasmRun(() => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), transA, transB));
    expect(handled).toBe(1);
    expect(worstError(values, reference(av, bv, m, k, n, transA, transB))).toBeLessThan(10);
  });

  it.each([
    { label: 'batched 4×5×7 · 4×7×3', a: [4, 5, 7], b: [4, 7, 3] },
    { label: 'broadcast 1×6×4 · 3×4×2', a: [1, 6, 4], b: [3, 4, 2] },
    { label: 'broadcast 2×1×3×4 · 1×3×4×5', a: [2, 1, 3, 4], b: [1, 3, 4, 5] },
    { label: 'rank 3 · rank 3 (5×9×6 · 1×6×11)', a: [5, 9, 6], b: [1, 6, 11] },
    { label: 'rank 3 · rank 2 (5×9×6 · 6×11)', a: [5, 9, 6], b: [6, 11] },
  ])('batched $label, every transpose combination, equals cpu', async ({ a, b }) => {
    for (const { transA, transB } of COMBOS) {
      const aShape = transA ? swapLast(a) : a;
      const bShape = transB ? swapLast(b) : b;
      const av = randomArray(size(aShape), 5);
      const bv = randomArray(size(bShape), 6);
      const f = () => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), transA, transB);
      // Reference: both operands tiled to the full batch first. (The cpu backend indexes a
      // broadcast batch as flatIndex % batchSize, which is wrong for [2,1] against [1,3].)
      const outBatch = a.slice(0, -2).map((d, i) => Math.max(d, b.slice(0, -2)[i] ?? 1));
      const tiled = () => {
        const ta = tf.reshape(tf.tensor(av, aShape), [...Array<number>(outBatch.length - a.length + 2).fill(1), ...aShape]);
        const tb = tf.reshape(tf.tensor(bv, bShape), [...Array<number>(outBatch.length - b.length + 2).fill(1), ...bShape]);
        const tileOf = (s: number[]) => [...outBatch.map((d, i) => d / (s[i] as number)), 1, 1];
        return tf.matMul(tf.tile(ta, tileOf(ta.shape)), tf.tile(tb, tileOf(tb.shape)), transA, transB);
      };
      const expected = await onBackend('cpu', () => tf.tidy(tiled).dataSync() as Float32Array);
      const expectedShape = [...outBatch, transA ? aShape[aShape.length - 1] : aShape[aShape.length - 2], transB ? bShape[bShape.length - 2] : bShape[bShape.length - 1]];
      await onBackend('wasm', () => undefined);
      const t = tf.tidy(f);
      expect(t.shape).toEqual(expectedShape);
      const actual = (await t.data()) as Float32Array;
      t.dispose();
      for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i] as number, 5);
    }
  });

  const FUSED_CASES = (['linear', 'relu', 'elu', 'leakyrelu', 'sigmoid'] as const).flatMap((activation) =>
    [
      { m: 32, k: 784, n: 300, transA: false, transB: false, bias: true },
      { m: 17, k: 33, n: 5, transA: false, transB: true, bias: true },
      { m: 5, k: 3, n: 13, transA: true, transB: false, bias: false },
      { m: 3, k: 7, n: 9, transA: true, transB: true, bias: true },
    ].map((s) => ({ ...s, activation })),
  );

  it.each(FUSED_CASES)(
    'fused $activation, bias=$bias, m=$m k=$k n=$n transposeA=$transA transposeB=$transB equals float64',
    async ({ m, k, n, transA, transB, bias, activation }) => {
      const aShape = transA ? [k, m] : [m, k];
      const bShape = transB ? [n, k] : [k, n];
      const av = randomArray(m * k, 11);
      const bv = randomArray(k * n, 12);
      const biasV = bias ? randomArray(n, 13) : undefined;
      const alpha = 0.15;
      const { values, handled } = await wasmRun(() =>
        tf.fused.matMul({
          a: tf.tensor(av, aShape),
          b: tf.tensor(bv, bShape),
          transposeA: transA,
          transposeB: transB,
          bias: biasV ? tf.tensor1d(biasV) : undefined,
          activation,
          leakyreluAlpha: alpha,
        }),
      );
      expect(handled).toBe(1);
      expect(worstError(values, reference(av, bv, m, k, n, transA, transB, biasV, activation, alpha))).toBeLessThan(10);
    },
  );

  it('fused activations are exact where they saturate and at 0', async () => {
    // One column per input value: x·1 + 0 for x in a wide range, through each activation.
    const xs = Float32Array.from([-100, -20, -5, -1e-3, 0, 1e-3, 0.5, 5, 20, 88, 100]);
    for (const activation of ['elu', 'sigmoid', 'relu', 'leakyrelu'] as const) {
      const { values } = await wasmRun(() =>
        tf.fused.matMul({ a: tf.ones([1, 1]), b: tf.tensor2d(xs, [1, xs.length]), activation, leakyreluAlpha: 0.3 }),
      );
      for (let i = 0; i < xs.length; i++) {
        const expected = ACTIVATE[activation](xs[i] as number, 0.3);
        expect(Math.abs((values[i] as number) - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
      }
    }
  });

  it('delegates what it does not handle to the previous kernel: prelu, relu6, int32, rank-2 bias', async () => {
    const av = randomArray(6 * 4, 21);
    const bv = randomArray(4 * 5, 22);
    const alphaV = randomArray(5, 23);
    const cases: { label: string; f: () => tf.Tensor }[] = [
      { label: 'relu6', f: () => tf.fused.matMul({ a: tf.tensor2d(av, [6, 4]).mul(4), b: tf.tensor2d(bv, [4, 5]), activation: 'relu6' }) },
      {
        label: 'prelu',
        f: () => tf.fused.matMul({ a: tf.tensor2d(av, [6, 4]), b: tf.tensor2d(bv, [4, 5]), activation: 'prelu', preluActivationWeights: tf.tensor1d(alphaV) }),
      },
    ];
    for (const { label, f } of cases) {
      const expected = await onBackend('cpu', () => tf.tidy(f).dataSync() as Float32Array);
      await onBackend('wasm', () => undefined);
      const { values, handled } = await wasmRun(f);
      expect(handled, label).toBe(0);
      for (let i = 0; i < values.length; i++) expect(values[i], label).toBeCloseTo(expected[i] as number, 5);
    }
    // int32: the stock wasm kernel refuses it; the dense kernels must hand it over, not compute it.
    const before = wasmDenseKernelsCallCount();
    expect(() => tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([1, 0, 0, 1], [2, 2], 'int32')))).toThrow(
      /non-float32/,
    );
    expect(wasmDenseKernelsCallCount()).toBe(before);
  });

  it('gives the cpu backend’s gradients for a small Dense model (tf.variableGrads)', async () => {
    const x = randomArray(16 * 20, 31);
    const y = randomArray(16 * 7, 32);
    const w1 = randomArray(20 * 13, 33);
    const b1 = randomArray(13, 34);
    const w2 = randomArray(13 * 7, 35);
    const b2 = randomArray(7, 36);
    const grads = () =>
      tf.tidy(() => {
        const vars = [
          tf.variable(tf.tensor2d(w1, [20, 13]), true, 'w1'),
          tf.variable(tf.tensor1d(b1), true, 'b1'),
          tf.variable(tf.tensor2d(w2, [13, 7]), true, 'w2'),
          tf.variable(tf.tensor1d(b2), true, 'b2'),
        ] as const;
        const { value, grads: g } = tf.variableGrads(() => {
          const h = tf.fused.matMul({ a: tf.tensor2d(x, [16, 20]), b: vars[0], bias: vars[1], activation: 'relu' });
          const out = tf.fused.matMul({ a: h, b: vars[2], bias: vars[3], activation: 'linear' });
          return tf.mean(tf.square(tf.sub(tf.tanh(out), tf.tensor2d(y, [16, 7])))) as tf.Scalar;
        }, [...vars]);
        const flat = [value, ...['w1', 'b1', 'w2', 'b2'].map((name) => (g[name] as tf.Tensor).flatten())];
        const result = tf.concat(flat.map((t) => t.reshape([-1])));
        vars.forEach((v) => v.dispose());
        return result;
      });
    const expected = await onBackend('cpu', () => grads().dataSync() as Float32Array);
    await onBackend('wasm', () => undefined);
    const before = wasmDenseKernelsCallCount();
    const t = grads();
    // 2 fused forward products, then dX of layer 2 (NT) and dW of both layers (TN).
    expect(wasmDenseKernelsCallCount() - before).toBeGreaterThanOrEqual(5);
    const actual = (await t.data()) as Float32Array;
    t.dispose();
    expect(actual.length).toBe(1 + 20 * 13 + 13 + 13 * 7 + 7);
    let worst = 0;
    let largest = 0;
    for (let i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
      largest = Math.max(largest, Math.abs(expected[i] as number));
    }
    expect(largest).toBeGreaterThan(1e-3); // the gradients are not trivially zero
    expect(worst).toBeLessThan(1e-5 * Math.max(1, largest));
  });

  it('trains a 784-300-100-10 model for 50 steps to the same losses as the previous kernel', async () => {
    const batch = 32;
    const xs = randomArray(batch * 784, 41).map((v) => (v + 1) / 2);
    const labels = Array.from({ length: batch }, (_, i) => (i * 7) % 10);
    const weights = [
      { shape: [784, 300], seed: 42, scale: Math.sqrt(2 / 784) },
      { shape: [300], seed: 43, scale: 0 },
      { shape: [300, 100], seed: 44, scale: Math.sqrt(2 / 300) },
      { shape: [100], seed: 45, scale: 0 },
      { shape: [100, 10], seed: 46, scale: Math.sqrt(1 / 100) },
      { shape: [10], seed: 47, scale: 0 },
    ];
    const run = (): number[] =>
      tf.tidy(() => {
        const model = tf.sequential({
          layers: [
            tf.layers.dense({ inputShape: [784], units: 300, activation: 'relu' }),
            tf.layers.dense({ units: 100, activation: 'relu' }),
            tf.layers.dense({ units: 10 }),
          ],
        });
        model.setWeights(weights.map((w) => tf.tensor(randomArray(size(w.shape), w.seed).map((v) => v * w.scale * 1.7), w.shape)));
        const x = tf.tensor2d(xs, [batch, 784]);
        const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
        const optimizer = tf.train.sgd(0.05);
        const losses: number[] = [];
        for (let step = 0; step < 50; step++) {
          const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, true);
          losses.push((loss as tf.Scalar).dataSync()[0] as number);
        }
        optimizer.dispose();
        model.dispose();
        return losses;
      });
    setWasmDenseKernelsEnabled(false);
    const before0 = wasmDenseKernelsCallCount();
    const previous = run();
    expect(wasmDenseKernelsCallCount()).toBe(before0);
    setWasmDenseKernelsEnabled(true);
    const dense = run();
    expect(wasmDenseKernelsCallCount() - before0).toBeGreaterThanOrEqual(50 * 3);
    expect(dense[49]).toBeLessThan((dense[0] as number) * 0.5); // it learns
    for (let i = 0; i < 50; i++) expect(Math.abs((dense[i] as number) - (previous[i] as number))).toBeLessThan(1e-3 * Math.max(1, previous[i] as number));
  });

  it('stays correct when tfjs grows the memory mid-use', async () => {
    const backend = tf.findBackend('wasm') as unknown as { wasm: { asm: { memory: { buffer: ArrayBuffer } } } };
    const memory = backend.wasm.asm.memory;
    const av = randomArray(40 * 50, 51);
    const bv = randomArray(50 * 30, 52);
    const expected = reference(av, bv, 40, 50, 30, false, false);
    const a = tf.tensor2d(av, [40, 50]);
    const b = tf.tensor2d(bv, [50, 30]);
    const bytesBefore = memory.buffer.byteLength;
    // A tensor as big as the whole heap cannot fit: tfjs' malloc must grow the memory.
    const big = tf.fill([bytesBefore / 4], 1.5);
    expect(memory.buffer.byteLength).toBeGreaterThan(bytesBefore);
    expect(wasmDenseKernelsMemory()).toBe(memory);
    const c = tf.matMul(a, b); // operands allocated before the growth, output after
    const cv = (await c.data()) as Float32Array;
    expect(worstError(cv, expected)).toBeLessThan(10);
    const d = tf.matMul(b, a, true, true); // bᵀ·aᵀ = (a·b)ᵀ
    const dv = (await d.data()) as Float32Array;
    for (let i = 0; i < 40; i++) for (let j = 0; j < 30; j++) expect(dv[j * 40 + i]).toBeCloseTo(cv[i * 30 + j] as number, 5);
    expect((await big.slice([bytesBefore / 4 - 3], [3]).data())[2]).toBe(1.5);
    tf.dispose([a, b, c, d, big]);
  });

  it('leaks no tensors and no backend data', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const a = tf.tensor2d(randomArray(8 * 9, 61), [8, 9]);
    const b = tf.tensor2d(randomArray(9 * 10, 62), [9, 10]);
    const bias = tf.tensor1d(randomArray(10, 63));
    const tensors = tf.memory().numTensors;
    const ids = backend.numDataIds();
    const before = wasmDenseKernelsCallCount();
    for (let i = 0; i < 5; i++) {
      tf.dispose(tf.matMul(a, b));
      tf.dispose(tf.matMul(a, a, false, true));
      tf.dispose(tf.fused.matMul({ a, b, bias, activation: 'elu' }));
      tf.dispose(tf.tidy(() => tf.matMul(tf.tensor3d(randomArray(2 * 8 * 9, 64), [2, 8, 9]), b)));
    }
    expect(wasmDenseKernelsCallCount() - before).toBe(20);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(ids);
    tf.dispose([a, b, bias]);
  });
});

describe('dense-kernels.wasm', () => {
  const bytes = new Uint8Array(Buffer.from(DENSE_KERNELS_WASM_BASE64, 'base64'));

  it('the embedded copy is the committed .wasm, with the sha256 it declares', () => {
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(DENSE_KERNELS_WASM_SHA256);
    expect(Buffer.from(bytes).equals(readFileSync(new URL('../../../src-main/engine/kernels/dense-kernels.wasm', import.meta.url)))).toBe(true);
  });

  it.each([
    { m: 33, k: 17, n: 13, transA: 0, transB: 0, act: 6 },
    { m: 5, k: 9, n: 31, transA: 0, transB: 1, act: 5 },
    { m: 9, k: 4, n: 7, transA: 1, transB: 0, act: 4 },
    { m: 3, k: 5, n: 2, transA: 1, transB: 1, act: 1 },
  ])('writes nothing outside C (m=$m k=$k n=$n transA=$transA transB=$transB act=$act)', async ({ m, k, n, transA, transB, act }) => {
    // A fresh memory filled with a sentinel: after the call, every byte but C's must be unchanged.
    const memory = new WebAssembly.Memory({ initial: 2 });
    const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
    const gemm = instance.exports['dense_gemm'] as (...args: number[]) => void;
    const u8 = new Uint8Array(memory.buffer);
    u8.fill(0xa5);
    const f32 = new Float32Array(memory.buffer);
    const aOff = 4096;
    const bOff = aOff + m * k * 4;
    const biasOff = bOff + k * n * 4;
    const cOff = biasOff + n * 4 + 64;
    const av = randomArray(m * k, 71);
    const bv = randomArray(k * n, 72);
    const biasV = randomArray(n, 73);
    f32.set(av, aOff / 4);
    f32.set(bv, bOff / 4);
    f32.set(biasV, biasOff / 4);
    const snapshot = u8.slice();
    gemm(aOff, bOff, cOff, m, n, k, transA, transB, biasOff, act, 0.2);
    const acts: Record<number, Act> = { 1: 'relu', 4: 'leakyrelu', 5: 'sigmoid', 6: 'elu' };
    const expected = reference(av, bv, m, k, n, !!transA, !!transB, biasV, acts[act], 0.2);
    expect(worstError(f32.slice(cOff / 4, cOff / 4 + m * n), expected)).toBeLessThan(10);
    let changedOutside = 0;
    for (let i = 0; i < u8.length; i++) if ((i < cOff || i >= cOff + m * n * 4) && u8[i] !== snapshot[i]) changedOutside++;
    expect(changedOutside).toBe(0);
  });
});

const clangVersion = (() => {
  try {
    return execFileSync('clang', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
  } catch {
    return null;
  }
})();

describe('scripts/build-wasm-kernels.mjs', () => {
  // CI installs clang (apt-get install clang lld); a machine without it cannot rebuild the module.
  it.skipIf(clangVersion === null)('--check: the committed module and generated .ts are what the C source builds to (skipped without clang)', () => {
    const r = spawnSync(process.execPath, ['scripts/build-wasm-kernels.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`sha256 ${DENSE_KERNELS_WASM_SHA256}`);
  });

  it('--check without clang fails and says how to install it', () => {
    const r = spawnSync(process.execPath, ['scripts/build-wasm-kernels.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CLANG: '/nonexistent/clang' },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('clang not found: apt-get install clang lld');
  });
});
