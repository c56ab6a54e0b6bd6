import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec, OptimizerSpec } from '../../../src-shared/model/spec.js';
import type { BatchSample, EpochMetrics } from '../../../src-shared/training/metrics.js';
import { makeSyntheticData, selectBackend, train } from '../../../src-main/engine/index.js';
import { specOf } from '../../helpers/model-spec.js';

const spec = (layers: LayerSpec[], optimizer?: OptimizerSpec): ModelSpec => specOf(layers, optimizer, 'test');

const mlp: LayerSpec[] = [
  { kind: 'flatten' },
  { kind: 'dense', units: 32, kernel_initializer: 'he_normal' },
  { kind: 'leaky_relu', alpha: 0.2 },
  { kind: 'dense', units: 10, activation: 'softmax' },
];
// Every source of randomness the engine owns: init, shuffle, dropout, RReLU; plus BN state.
const noisy: LayerSpec[] = [
  { kind: 'flatten' },
  { kind: 'dense', units: 24, kernel_initializer: 'he_normal' },
  { kind: 'batch_normalization' },
  { kind: 'rrelu' },
  { kind: 'dropout', rate: 0.2 },
  { kind: 'dense', units: 16, activation: 'selu', kernel_initializer: 'lecun_normal' },
  { kind: 'alpha_dropout', rate: 0.1 },
  { kind: 'dense', units: 10, activation: 'softmax' },
];

const data = makeSyntheticData({ train: 512, validation: 128, test: 128, seed: 3 });

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('train: learning', () => {
  it.each<{ label: string; optimizer: OptimizerSpec }>([
    { label: 'SGD', optimizer: { name: 'sgd', learning_rate: 0.05 } },
    { label: 'SGD + Nesterov momentum', optimizer: { name: 'sgd', learning_rate: 0.01, momentum: 0.9, nesterov: true } },
    { label: 'Adam', optimizer: { name: 'adam', learning_rate: 0.003 } },
  ])('$label: loss falls below 0.3 on a learnable synthetic task', async ({ optimizer }) => {
    const epochs: EpochMetrics[] = [];
    const result = await train(spec(mlp, optimizer), data, { epochs: 3, batchSize: 32, seed: 1 }, { onEpoch: (m) => epochs.push(m) });
    expect(result.status).toBe('completed');
    expect(result.epochs).toEqual(epochs);
    const first = epochs[0] as EpochMetrics;
    const last = epochs[2] as EpochMetrics;
    expect(first.loss).toBeGreaterThan(last.loss);
    expect(last.loss).toBeLessThan(0.3);
    expect(last.val_accuracy).toBeGreaterThan(0.9);
    expect(result.test_accuracy).toBeGreaterThan(0.9);
    expect(result.test_loss).toBeLessThan(0.5);
    expect(last.layers.map((l) => [l.name, l.activation, l.inactive_kind])).toEqual([
      ['dense_1', 'leaky_relu', 'dead'],
      ['dense_2', 'softmax', null],
    ]);
    result.model.dispose();
  });
});

describe('train: stopping', () => {
  it('diverges with a huge learning rate: status and the first NaN step', async () => {
    const samples: BatchSample[] = [];
    // Two linear layers: each update scales the other's gradient, so the weights overflow in a few steps.
    // (ReLU units would rather die, leaving a flat loss.)
    const s = spec([{ kind: 'flatten' }, { kind: 'dense', units: 64, kernel_initializer: 'he_normal' }, { kind: 'dense', units: 10, activation: 'softmax' }], {
      name: 'sgd',
      learning_rate: 1e3,
    });
    const result = await train(s, data, { epochs: 3, batchSize: 32, seed: 1, batchEveryMs: 0 }, { onBatch: (b) => samples.push(b) });
    expect(result.status).toBe('diverged');
    expect(result.diverged_at?.epoch).toBe(1);
    const step = result.diverged_at?.step ?? 0;
    expect(step).toBeGreaterThan(1);
    // Every step before the reported one had a finite loss, and none after it ran.
    expect(samples.map((b) => b.step)).toEqual(Array.from({ length: step - 1 }, (_, i) => i + 1));
    expect(samples.every((b) => Number.isFinite(b.loss))).toBe(true);
    expect(result.epochs).toEqual([]);
    expect(result.test_loss).toBeNull();
    result.model.dispose();
  });

  it('stops after the current step when aborted mid-epoch, keeping finished epochs', async () => {
    const controller = new AbortController();
    const steps: number[] = [];
    const result = await train(
      spec(mlp, { name: 'sgd', learning_rate: 0.05 }),
      data,
      { epochs: 5, batchSize: 32, seed: 1, batchEveryMs: 0 },
      {
        onBatch: (b) => {
          steps.push(b.step);
          if (b.step === 20) controller.abort();
        },
      },
      controller.signal,
    );
    expect(result.status).toBe('stopped');
    expect(Math.max(...steps)).toBe(20);
    expect(result.epochs.map((e) => e.epoch)).toEqual([1]); // 16 steps per epoch
    expect(result.test_accuracy).not.toBeNull();
    result.model.dispose();
  });

  it('stops between epochs when aborted from onEpoch', async () => {
    const controller = new AbortController();
    const result = await train(
      spec(mlp, { name: 'sgd', learning_rate: 0.05 }),
      data,
      { epochs: 5, batchSize: 64, seed: 1 },
      { onEpoch: (m) => m.epoch === 2 && controller.abort() },
      controller.signal,
    );
    expect(result.status).toBe('stopped');
    expect(result.epochs).toHaveLength(2);
    result.model.dispose();
  });

  it('rejects a model whose output is not a 10-way softmax', async () => {
    const s = spec([{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'relu' }], { name: 'sgd', learning_rate: 0.1 });
    await expect(train(s, data, { epochs: 1, batchSize: 32, seed: 1 })).rejects.toThrow('Received: units=10, activation=relu');
  });
});

describe('train: reproducibility, resources, throttling', () => {
  const runOnce = async (seed: number) => {
    const losses: number[] = [];
    const result = await train(
      spec(noisy, { name: 'adam', learning_rate: 0.003 }),
      data,
      { epochs: 2, batchSize: 32, seed, batchEveryMs: 0 },
      { onBatch: (b) => losses.push(b.loss) },
    );
    result.model.dispose();
    return { losses, epochs: result.epochs.map(({ seconds: _s, ...rest }) => rest) };
  };

  it('same seed → identical per-step losses and metrics; another seed → different ones', async () => {
    const a = await runOnce(7);
    const b = await runOnce(7);
    const c = await runOnce(8);
    expect(a.losses).toHaveLength(32);
    expect(b).toEqual(a);
    expect(c.losses).not.toEqual(a.losses);
  });

  it('does not leak tensors across epochs', async () => {
    const baseline = tf.memory().numTensors;
    const counts: number[] = [];
    const result = await train(spec(noisy, { name: 'sgd', learning_rate: 0.01, momentum: 0.9 }), data, { epochs: 3, batchSize: 64, seed: 1 }, {
      onEpoch: () => counts.push(tf.memory().numTensors),
    });
    expect(counts).toHaveLength(3);
    expect(new Set(counts).size).toBe(1);
    result.model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('spaces live layer samples by 19× their own cost, keeping them ≤ 5% of the time', async () => {
    let now = 0;
    const clock = () => (now += 10); // every read advances 10 ms: a layer sample "costs" 10 ms
    const steps: number[] = [];
    const result = await train(
      spec(mlp, { name: 'sgd', learning_rate: 0.05 }),
      data,
      { epochs: 1, batchSize: 16, seed: 1, clock, layersEveryMs: 0, diagnosticsEvery: 1 },
      { onLayers: (s) => steps.push(s.step) },
    );
    // 32 steps, every one measured; without the cost rule every step would be sampled.
    expect(steps[0]).toBe(1);
    expect(steps.length).toBeGreaterThan(1);
    for (let i = 1; i < steps.length; i++) expect((steps[i] as number) - (steps[i - 1] as number)).toBeGreaterThanOrEqual(5);
    result.model.dispose();
  });

  it('throttles batch samples by the injected clock and times epochs with it', async () => {
    let now = 0;
    const clock = () => (now += 10); // every read advances 10 ms
    const samples: BatchSample[] = [];
    const result = await train(
      spec(mlp, { name: 'sgd', learning_rate: 0.05 }),
      data,
      { epochs: 1, batchSize: 32, seed: 1, clock, batchEveryMs: 45 },
      { onBatch: (b) => samples.push(b) },
    );
    // One clock read per step (10 ms): a sample every 5th step of 16.
    expect(samples.map((s) => s.step)).toEqual([1, 6, 11, 16]);
    expect(samples.at(-1)).toMatchObject({ samples_done: 512, samples_total: 512, epoch: 1 });
    // 16 step reads, one when the steps are done (training time), one at the end of the epoch.
    expect(result.step_seconds[0]).toBeCloseTo(0.17, 6);
    expect(result.epochs[0]?.seconds).toBeCloseTo(0.18, 6);
    result.model.dispose();
  });
});
