/**
 * Data-parallel training (src-main/engine/parallel/): N threads give the same run as one
 * thread up to float rounding, thread counts can change between epochs, batch
 * normalization and small batches stay on fewer threads, no tensors leak, and a replica
 * that fails surfaces as an error naming it.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec, OptimizerSpec } from '../../../src-shared/model/spec.js';
import type { EpochMetrics } from '../../../src-shared/training/metrics.js';
import { makeSyntheticData, selectBackend, train } from '../../../src-main/engine/index.js';
import { configureReplicas, shardBounds } from '../../../src-main/engine/parallel/data-parallel.js';
import { MIN_SHARD_ROWS, threadsPlan } from '../../../src-main/engine/parallel/plan.js';
import { specOf } from '../../helpers/model-spec.js';

const spec = (layers: LayerSpec[], optimizer?: OptimizerSpec): ModelSpec => specOf(layers, optimizer, 'parallel');

const mlp: LayerSpec[] = [
  { kind: 'flatten' },
  { kind: 'dense', units: 48, kernel_initializer: 'he_normal' },
  { kind: 'leaky_relu', alpha: 0.2 },
  { kind: 'dense', units: 24, activation: 'selu', kernel_initializer: 'lecun_normal' },
  { kind: 'dense', units: 10, activation: 'softmax' },
];

const data = makeSyntheticData({ train: 600, validation: 128, test: 128, seed: 5 });

beforeAll(async () => {
  await selectBackend('wasm');
});

interface Outcome {
  epochs: EpochMetrics[];
  threads: number[];
  weights: Float32Array;
  tensorsAtEpochEnd: number[];
}

async function run(
  model: ModelSpec,
  threads: number | (() => number),
  epochs = 3,
  batchSize = 32,
  onEpoch: () => void = () => undefined,
  fused = true,
): Promise<Outcome> {
  const seen: number[] = [];
  const tensors: number[] = [];
  const result = await train(
    model,
    data,
    // Shards of 8+ rows: the production minimum (64) would keep these small batches on one thread.
    { epochs, batchSize, seed: 7, threads, fused, minShardRows: 8 },
        {
      onThreads: (i) => seen.push(i.threads),
      onEpoch: () => {
        tensors.push(tf.memory().numTensors);
        onEpoch();
      },
    },
  );
  const weights = tf.tidy(() => tf.concat(result.model.getWeights().map((w) => tf.reshape(w, [-1]))).dataSync() as Float32Array);
  result.model.dispose();
  return { epochs: result.epochs, threads: seen, weights: Float32Array.from(weights), tensorsAtEpochEnd: tensors };
}

/** Largest |a − b| / (|b| + 1e-3) over two equally long arrays. */
function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)) / (Math.abs(b[i] as number) + 1e-3));
  return worst;
}

describe('shardBounds', () => {
  it.each([
    { n: 32, k: 2, bounds: [0, 16, 32] },
    { n: 33, k: 2, bounds: [0, 16, 33] },
    { n: 10, k: 4, bounds: [0, 2, 5, 7, 10] },
    { n: 1, k: 2, bounds: [0, 0, 1] },
  ])('$n rows over $k threads → $bounds', ({ n, k, bounds }) => {
    expect(shardBounds(n, k)).toEqual(bounds);
  });
});

describe('threadsPlan', () => {
  const bn = spec([{ kind: 'flatten' }, { kind: 'dense', units: 8 }, { kind: 'batch_normalization' }, { kind: 'dense', units: 10, activation: 'softmax' }], { name: 'sgd', learning_rate: 0.01 });
  const plain = spec(mlp, { name: 'sgd', learning_rate: 0.01 });
  it.each([
    { label: 'one core given', model: plain, backend: 'wasm', given: 1, batch: 32, expected: { threads: 1, limit: null } },
    { label: 'wasm, 2 cores, batch 128', model: plain, backend: 'wasm', given: 2, batch: 128, expected: { threads: 2, limit: null } },
    { label: 'wasm, 2 cores, batch 32 (one thread is faster)', model: plain, backend: 'wasm', given: 2, batch: 32, expected: { threads: 1, limit: 'small_batch' } },
    { label: 'cpu, 4 cores', model: plain, backend: 'cpu', given: 4, batch: 256, expected: { threads: 4, limit: null } },
    { label: 'native backend', model: plain, backend: 'tensorflow', given: 8, batch: 256, expected: { threads: 1, limit: 'native_backend' } },
    { label: 'batch normalization', model: bn, backend: 'wasm', given: 4, batch: 256, expected: { threads: 1, limit: 'batch_normalization' } },
    { label: 'batch 256 on 16 cores', model: plain, backend: 'wasm', given: 16, batch: 256, expected: { threads: 256 / MIN_SHARD_ROWS, limit: 'small_batch' } },
    { label: 'batch 8 on 2 cores', model: plain, backend: 'wasm', given: 2, batch: 8, expected: { threads: 1, limit: 'small_batch' } },
  ])('$label', ({ model, backend, given, batch, expected }) => {
    expect(threadsPlan(model, backend, given, batch)).toEqual(expected);
  });
});

describe('data-parallel training equals one thread up to float rounding', () => {
  it.each<{ label: string; optimizer: OptimizerSpec; batch: number; fused: boolean }>([
    { label: 'SGD, batch 32, fused step', optimizer: { name: 'sgd', learning_rate: 0.05 }, batch: 32, fused: true },
    { label: 'SGD, batch 32, tfjs ops', optimizer: { name: 'sgd', learning_rate: 0.05 }, batch: 32, fused: false },
    { label: 'SGD + Nesterov momentum, batch 50 (uneven shards), fused step', optimizer: { name: 'sgd', learning_rate: 0.02, momentum: 0.9, nesterov: true }, batch: 50, fused: true },
    { label: 'SGD + Nesterov momentum, batch 50 (uneven shards), tfjs ops', optimizer: { name: 'sgd', learning_rate: 0.02, momentum: 0.9, nesterov: true }, batch: 50, fused: false },
    { label: 'Adam (tfjs ops only), batch 64 (last batch of 24 rows)', optimizer: { name: 'adam', learning_rate: 0.003 }, batch: 64, fused: false },
  ])('$label: 2 threads vs 1', async ({ optimizer, batch, fused }) => {
    const model = spec(mlp, optimizer);
    const one = await run(model, 1, 3, batch, undefined, fused);
    const two = await run(model, 2, 3, batch, undefined, fused);
    expect(one.threads).toEqual([1]);
    expect(two.threads).toEqual([2]);
    // The loss falls (the run is real) and both runs agree epoch by epoch.
    expect((two.epochs[2] as EpochMetrics).loss).toBeLessThan((two.epochs[0] as EpochMetrics).loss);
    expect(maxRelDiff(two.epochs.map((e) => e.loss), one.epochs.map((e) => e.loss))).toBeLessThan(1e-4);
    expect(maxRelDiff(two.epochs.map((e) => e.val_loss), one.epochs.map((e) => e.val_loss))).toBeLessThan(1e-4);
    for (let e = 0; e < 3; e++) {
      expect(Math.abs((two.epochs[e] as EpochMetrics).val_accuracy - (one.epochs[e] as EpochMetrics).val_accuracy)).toBeLessThanOrEqual(2 / 128);
      // Mean gradient norms per layer (the diagnostics) from the summed shard gradients.
      const g2 = (two.epochs[e] as EpochMetrics).layers.map((l) => l.grad_norm);
      const g1 = (one.epochs[e] as EpochMetrics).layers.map((l) => l.grad_norm);
      expect(g2.every((g) => g > 0)).toBe(true);
      expect(maxRelDiff(g2, g1)).toBeLessThan(1e-3);
    }
    // Final weights: equal to float rounding, not bit-identical (shard sums differ in order).
    expect(maxRelDiff(two.weights, one.weights)).toBeLessThan(2e-3);
  });

  it.each([
    { label: 'Adam, tfjs ops (optimizer state carried to the new replica)', optimizer: { name: 'adam', learning_rate: 0.003 } as OptimizerSpec },
    { label: 'SGD + momentum, fused step (accumulators carried to the new replica)', optimizer: { name: 'sgd', learning_rate: 0.02, momentum: 0.9 } as OptimizerSpec },
  ])('more threads between epochs and back to one: $label', async ({ optimizer }) => {
    const model = spec(mlp, optimizer);
    // Asked before every step too (to shrink at once); the schedule moves with finished epochs.
    const schedule = [1, 2, 1];
    let epochsDone = 0;
    const changing = await run(model, () => schedule[epochsDone] as number, 3, 32, () => epochsDone++);
    expect(changing.threads).toEqual([1, 2, 1]);
    const one = await run(model, 1, 3);
    expect(maxRelDiff(changing.epochs.map((e) => e.loss), one.epochs.map((e) => e.loss))).toBeLessThan(1e-4);
    expect(maxRelDiff(changing.weights, one.weights)).toBeLessThan(2e-3);
  });

  it('tensor count stays constant across epochs with 1 and 2 threads', async () => {
    const model = spec(mlp, { name: 'sgd', learning_rate: 0.05, momentum: 0.9 });
    for (const threads of [1, 2]) {
      const before = tf.memory().numTensors;
      const out = await run(model, threads, 4);
      const counts = out.tensorsAtEpochEnd;
      expect(counts).toHaveLength(4);
      // The first epoch creates the optimizer's accumulators; every later epoch ends with the same count.
      expect(new Set(counts.slice(1)).size).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('a model with batch normalization trains on one thread when given two', async () => {
    const model = spec(
      [{ kind: 'flatten' }, { kind: 'dense', units: 16, use_bias: false }, { kind: 'batch_normalization' }, { kind: 'activation', activation: 'relu' }, { kind: 'dense', units: 10, activation: 'softmax' }],
      { name: 'sgd', learning_rate: 0.05 },
    );
    const limits: (string | null)[] = [];
    const result = await train(model, data, { epochs: 1, batchSize: 32, seed: 1, threads: 2 }, { onThreads: (i) => limits.push(i.limit) });
    expect(result.threads).toBe(1);
    expect(limits).toEqual(['batch_normalization']);
    result.model.dispose();
  });

  it('replicas that cannot start leave the run on one thread, with the reason, and the same result', async () => {
    const model = spec(mlp, { name: 'sgd', learning_rate: 0.05 });
    const one = await run(model, 1, 2);
    configureReplicas({ script: { url: 'throw new Error("replica script broken on purpose")', eval: true } });
    const limits: (string | null)[] = [];
    try {
      const r = await train(model, data, { epochs: 2, batchSize: 32, seed: 7, threads: 2, minShardRows: 8 }, { onThreads: (i) => limits.push(i.limit) });
      expect(r.status).toBe('completed');
      expect(r.threads).toBe(1);
      expect(limits).toEqual(['replicas_unavailable']);
      // Exactly the one-thread run: nothing of the failed start leaked into it.
      expect(r.epochs.map((e) => e.loss)).toEqual(one.epochs.map((e) => e.loss));
      r.model.dispose();
    } finally {
      configureReplicas({ script: null });
    }
  });
});
