/**
 * The training engine's chapter-11 features on the real engine (wasm backend, synthetic
 * data): learning-rate schedules, gradient clipping and its norms, l1/l2 regularization,
 * max-norm, early stopping with and without restoring the best weights, frozen layers and
 * unfreezing, transferred weights, batch-normalization statistics, the fast paths'
 * gating, and tensor leaks with everything on at once.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec, LrScheduleSpec, ModelSpec, OptimizerSpec, TrainingSpec } from '../../src-shared/model/spec.js';
import type { BatchSample, EpochMetrics } from '../../src-shared/training/metrics.js';
import { scheduledRate } from '../../src-shared/training/schedules.js';
import {
  buildModel,
  evaluate,
  exportArtifacts,
  layerNames,
  loadArtifacts,
  makeOptimizer,
  makeSyntheticData,
  optimizerStep,
  selectBackend,
  stepParts,
  train,
} from '../../src-main/engine/index.js';
import { batchFromRows } from '../../src-main/engine/loss.js';
import type { PreparedData } from '../../src-main/engine/data-types.js';
import { FusedStack, fusedStackPlan } from '../../src-main/engine/fused/dense-stack.js';
import { setTransferWeights } from '../../src-main/engine/initial-weights.js';
import { threadsPlan } from '../../src-main/engine/parallel/plan.js';
import { specOf } from '../helpers/model-spec.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const head: LayerSpec = { kind: 'dense', units: 10, activation: 'softmax' };
const mlp: LayerSpec[] = [{ kind: 'flatten' }, { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal' }, head];

/** A version-2 model document: `layers`, `optimizer`, and extra training settings. */
function spec(layers: LayerSpec[], optimizer: OptimizerSpec = { name: 'sgd', learning_rate: 0.05 }, training: Partial<TrainingSpec> = {}): ModelSpec {
  const base = specOf(layers, optimizer, 'chapter11');
  return { ...base, version: 2, training: { ...base.training, ...training } };
}

const data = makeSyntheticData({ train: 512, validation: 128, test: 128, seed: 3 });
const small = makeSyntheticData({ train: 128, validation: 64, test: 0, seed: 5 });

/** The values of every weight by name. */
async function values(model: tf.LayersModel): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const w of model.weights) out[w.originalName] = (await w.read().data()) as Float32Array;
  return out;
}

/** L2 norms of a kernel's columns (each unit's incoming weights). */
function columnNorms(kernel: tf.Tensor): number[] {
  return tf.tidy(() => Array.from(tf.sqrt(tf.sum(tf.square(kernel), 0)).dataSync()));
}

describe('learning-rate schedules', () => {
  // 512 rows at batch 32: 16 steps an epoch, 48 in the run.
  it.each<{ label: string; schedule: LrScheduleSpec; expected: number[] }>([
    // lr0 · 0.5^(t/16) at the epochs' last steps t = 15, 31, 47.
    { label: 'exponential', schedule: { name: 'exponential', decay_steps: 16, decay_rate: 0.5 }, expected: [0.05 * 0.5 ** (15 / 16), 0.05 * 0.5 ** (31 / 16), 0.05 * 0.5 ** (47 / 16)] },
    // values[i] while the finished epochs are in [boundaries[i−1], boundaries[i]).
    { label: 'piecewise constant', schedule: { name: 'piecewise_constant', boundaries: [1, 2], values: [0.05, 0.02, 0.01] }, expected: [0.05, 0.02, 0.01] },
  ])('$label: every step and every epoch record the scheduled rate', async ({ schedule, expected }) => {
    const samples: BatchSample[] = [];
    const model = spec(mlp, { name: 'sgd', learning_rate: 0.05 }, { lr_schedule: schedule });
    const result = await train(model, data, { epochs: 3, batchSize: 32, seed: 1, batchEveryMs: 0 }, { onBatch: (s) => samples.push(s) });
    result.model.dispose();
    expect(result.status).toBe('completed');
    const rates = result.epochs.map((e) => e.learning_rate as number);
    rates.forEach((r, i) => expect(r).toBeCloseTo(expected[i] as number, 12));
    // The shared schedule function gives the same numbers (what the dashboard and CLI draw).
    rates.forEach((r, i) => expect(r).toBe(scheduledRate(schedule, 0.05, 16 * (i + 1) - 1, { stepsPerEpoch: 16, totalSteps: 48 })));
    expect(samples.length).toBe(48);
    for (const s of samples) expect(s.learning_rate).toBe(scheduledRate(schedule, 0.05, s.step - 1, { stepsPerEpoch: 16, totalSteps: 48 }));
    expect(result.epochs[2]!.loss).toBeLessThan(result.epochs[0]!.loss);
  });

  // With momentum the fused kernel keeps tfjs' accumulator, which equals Keras' velocity
  // only at a constant rate: these rows fail unless a rate change rescales it.
  it.each<{ label: string; sgd: { momentum?: number; nesterov?: boolean } }>([
    { label: 'plain SGD', sgd: {} },
    { label: 'momentum 0.9', sgd: { momentum: 0.9 } },
    { label: 'Nesterov 0.9', sgd: { momentum: 0.9, nesterov: true } },
  ])('the fused SGD step follows a per-step rate like the tfjs ops do ($label)', async ({ sgd }) => {
    const model = spec(mlp, { name: 'sgd', learning_rate: 0.1, ...sgd }, { lr_schedule: { name: 'exponential', decay_steps: 8, decay_rate: 0.3 } });
    const built = buildModel(model, 1);
    const plan = fusedStackPlan(model, built, built.trainableWeights.map((w) => w.read() as tf.Variable));
    const usable = FusedStack.create(plan, 32);
    built.dispose();
    expect(plan.ok).toBe(true);
    const fused = await train(model, data, { epochs: 2, batchSize: 32, seed: 1 });
    const ops = await train(model, data, { epochs: 2, batchSize: 32, seed: 1, fused: false });
    fused.model.dispose();
    ops.model.dispose();
    if (usable === null) return; // the wasm kernels did not load here: both runs took the tfjs ops
    usable.dispose();
    for (let e = 0; e < 2; e++) expect(Math.abs(fused.epochs[e]!.loss - ops.epochs[e]!.loss)).toBeLessThan(1e-4 * ops.epochs[e]!.loss);
  });

  it('performance scheduling halves the rate after `patience` epochs without improvement', async () => {
    // A rate so small and a min_delta so large that no epoch after the first improves.
    const model = spec(mlp, { name: 'sgd', learning_rate: 1e-6 }, { lr_schedule: { name: 'performance', factor: 0.5, patience: 2, min_delta: 0.01 } });
    const result = await train(model, small, { epochs: 6, batchSize: 32, seed: 1 });
    result.model.dispose();
    // Epoch 1 sets the best; 2 and 3 do not improve → epoch 4 at half; 4 and 5 do not → epoch 6 at a quarter.
    expect(result.epochs.map((e) => e.learning_rate)).toEqual([1e-6, 1e-6, 1e-6, 5e-7, 5e-7, 2.5e-7]);
  });
});

describe('gradient clipping', () => {
  // Eight leaky-ReLU layers: with SGD at this rate the gradients explode and the loss becomes
  // NaN (plain ReLU units die instead at such rates, and the run merely stalls).
  const deep: LayerSpec[] = [
    { kind: 'flatten' },
    ...Array.from({ length: 8 }, (): LayerSpec => ({ kind: 'dense', units: 64, activation: 'leaky_relu', kernel_initializer: 'he_normal' })),
    head,
  ];
  const variables = 2 * 9; // kernels and biases

  it('a deep leaky-ReLU net diverges at a too-high rate; clipnorm 1.0 tames it', async () => {
    const wild = await train(spec(deep, { name: 'sgd', learning_rate: 1 }), data, { epochs: 2, batchSize: 32, seed: 1 });
    wild.model.dispose();
    expect(wild.status).toBe('diverged');

    const layersRaw: number[] = [];
    const layersClipped: number[] = [];
    // A clock that jumps a second per reading: live samples are not held back by time.
    let now = 0;
    const clock = () => (now += 1000);
    const clipped = await train(spec(deep, { name: 'sgd', learning_rate: 1, clipnorm: 1 }), data, { epochs: 2, batchSize: 32, seed: 1, diagnosticsEvery: 1, layersEveryMs: 0, clock }, {
      onLayers: (s) => {
        layersRaw.push(s.grad_norm_raw as number);
        layersClipped.push(s.grad_norm_clipped as number);
      },
    });
    clipped.model.dispose();
    expect(clipped.status).toBe('completed');
    expect(Number.isFinite(clipped.epochs[1]!.loss)).toBe(true);
    for (const e of clipped.epochs) {
      expect(e.grad_norm_raw).toBeGreaterThan(e.grad_norm_clipped as number);
      // Each variable's gradient is clipped to norm ≤ 1, so the global norm is ≤ √(variables).
      expect(e.grad_norm_clipped).toBeLessThanOrEqual(Math.sqrt(variables) + 1e-4);
    }
    expect(layersRaw.length).toBeGreaterThan(2);
    expect(layersClipped.every((c) => c > 0)).toBe(true);
    layersRaw.forEach((raw, i) => expect(raw).toBeGreaterThanOrEqual((layersClipped[i] as number) - 1e-5));
    expect(Math.max(...layersClipped)).toBeLessThanOrEqual(Math.sqrt(variables) + 1e-4);
  });

  it('without clipping only the raw norm is recorded', async () => {
    const result = await train(spec(mlp), data, { epochs: 1, batchSize: 32, seed: 1 });
    result.model.dispose();
    expect(result.epochs[0]!.grad_norm_raw).toBeGreaterThan(0);
    expect(result.epochs[0]).not.toHaveProperty('grad_norm_clipped');
  });
});

describe('kernel regularizers', () => {
  const regularized = (reg: { l1?: number; l2?: number }): LayerSpec[] => [
    { kind: 'flatten' },
    { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal', kernel_regularizer: reg },
    { kind: 'dense', units: 10, activation: 'softmax', kernel_regularizer: reg },
  ];

  it.each<{ label: string; reg: { l1?: number; l2?: number }; penalty: (w: tf.Tensor) => number }>([
    { label: 'l2(0.01)', reg: { l2: 0.01 }, penalty: (w) => 0.01 * tf.tidy(() => tf.sum(tf.square(w)).dataSync()[0] as number) },
    { label: 'l1(0.001)', reg: { l1: 0.001 }, penalty: (w) => 0.001 * tf.tidy(() => tf.sum(tf.abs(w)).dataSync()[0] as number) },
  ])('$label: the first step’s loss exceeds the plain one by exactly the penalty of the initial kernels', async ({ reg, penalty }) => {
    const initial = buildModel(spec(regularized(reg)), 1);
    const expected = ['dense_1', 'dense_2'].reduce((sum, name) => sum + penalty(initial.getLayer(name).getWeights()[0] as tf.Tensor), 0);
    initial.dispose();
    const first = async (layers: LayerSpec[]) => {
      let loss = NaN;
      const r = await train(spec(layers), data, { epochs: 1, batchSize: 32, seed: 1, batchEveryMs: 0, fused: false }, { onBatch: (s) => (s.step === 1 ? (loss = s.loss) : undefined) });
      r.model.dispose();
      return loss;
    };
    const plain = await first(mlp);
    const withPenalty = await first(regularized(reg));
    expect(expected).toBeGreaterThan(0.01);
    expect(withPenalty - plain).toBeCloseTo(expected, 5);
  });

  it('l2 shrinks the kernels, and val_loss includes the penalty (as Keras reports it)', async () => {
    const plain = await train(spec(mlp), data, { epochs: 2, batchSize: 32, seed: 1 });
    const l2 = await train(spec(regularized({ l2: 0.01 })), data, { epochs: 2, batchSize: 32, seed: 1 });
    const norm = (r: typeof plain) => r.epochs[1]!.layers.map((l) => l.weight_norm);
    expect(norm(l2)[0]).toBeLessThan(norm(plain)[0] as number);
    const val = await evaluate(l2.model, data.validation, 10);
    const kernels = ['dense_1', 'dense_2'].reduce((s, n) => s + tf.tidy(() => tf.sum(tf.square(l2.model.getLayer(n).getWeights()[0] as tf.Tensor)).dataSync()[0] as number), 0);
    expect(l2.epochs[1]!.val_loss).toBeCloseTo(val.loss + 0.01 * kernels, 5);
    plain.model.dispose();
    l2.model.dispose();
  });
});

describe('max-norm', () => {
  const constrained = (maxNorm: boolean): LayerSpec[] => [
    { kind: 'flatten' },
    { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal', ...(maxNorm ? { kernel_constraint: { name: 'max_norm', max_value: 1 } } : {}) },
    head,
  ];

  it('every kernel column ends with norm ≤ max_value; without the constraint some exceed it', async () => {
    const free = await train(spec(constrained(false)), data, { epochs: 2, batchSize: 32, seed: 1 });
    const bound = await train(spec(constrained(true)), data, { epochs: 2, batchSize: 32, seed: 1 });
    const freeNorms = columnNorms(free.model.getLayer('dense_1').getWeights()[0] as tf.Tensor);
    const boundNorms = columnNorms(bound.model.getLayer('dense_1').getWeights()[0] as tf.Tensor);
    // He-normal columns of 784 inputs start near √2.
    expect(freeNorms.filter((n) => n > 1).length).toBeGreaterThan(16);
    expect(Math.max(...boundNorms)).toBeLessThanOrEqual(1 + 1e-5);
    expect(bound.epochs[1]!.val_accuracy).toBeGreaterThan(0.8);
    free.model.dispose();
    bound.model.dispose();
  });

  it('optimizerStep applies a spec’s rules for other callers too (stepParts with the spec)', () => {
    const model = spec(constrained(true));
    const built = buildModel(model, 1);
    const optimizer = makeOptimizer(model.training.optimizer);
    const { x, y } = batchFromRows(data.train, Array.from({ length: 32 }, (_, i) => i));
    const step = optimizerStep(stepParts(built, optimizer, 10, model), x, y);
    expect(Math.max(...columnNorms(built.getLayer('dense_1').getWeights()[0] as tf.Tensor))).toBeLessThanOrEqual(1 + 1e-5);
    tf.dispose([x, y, step.loss, step.correct]);
    optimizer.dispose();
    built.dispose();
  });
});

describe('early stopping', () => {
  // The validation labels are shifted by one class: the better the model learns the
  // training task, the worse its val_loss — epoch 1 is the best, and the run overfits from there.
  const shifted: PreparedData = {
    ...data,
    validation: { ...data.validation, y: Uint8Array.from(data.validation.y, (y) => (y + 1) % 10) },
  };

  it.each([
    { restore: true, label: 'restores the best epoch’s weights' },
    { restore: false, label: 'keeps the last epoch’s weights without restore_best_weights' },
  ])('stops after patience epochs without improvement and $label', async ({ restore }) => {
    const model = spec(mlp, { name: 'sgd', learning_rate: 0.05 }, { early_stopping: { patience: 2, restore_best_weights: restore } });
    const result = await train(model, shifted, { epochs: 8, batchSize: 32, seed: 1 });
    expect(result.status).toBe('completed');
    expect(result.epochs.length).toBe(3);
    expect(result.early_stopped).toEqual({ epoch: 3, best_epoch: 1, restored: restore });
    const val = await evaluate(result.model, shifted.validation, 10);
    const best = result.epochs[0]!.val_loss;
    const last = result.epochs[2]!.val_loss;
    expect(last - best).toBeGreaterThan(0.1);
    expect(Math.abs(val.loss - (restore ? best : last))).toBeLessThan(1e-6);
    // The test scores are the returned model's.
    const test = await evaluate(result.model, shifted.test, 10);
    expect(result.test_loss).toBeCloseTo(test.loss, 6);
    result.model.dispose();
  });

  it('restores the best epoch’s weights across an unfreezing (which reorders the model’s weights)', async () => {
    const layers: LayerSpec[] = [{ kind: 'flatten' }, { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal', trainable: false }, { kind: 'batch_normalization', trainable: false }, head];
    const model = spec(layers, { name: 'sgd', learning_rate: 0.05 }, { early_stopping: { patience: 2 }, unfreeze: { after_epochs: 1, learning_rate: 0.05 } });
    const result = await train(model, shifted, { epochs: 8, batchSize: 32, seed: 1 });
    expect(result.early_stopped).toEqual({ epoch: 3, best_epoch: 1, restored: true });
    const val = await evaluate(result.model, shifted.validation, 10);
    expect(Math.abs(val.loss - result.epochs[0]!.val_loss)).toBeLessThan(1e-6);
    result.model.dispose();
  });

  it('a run that keeps improving is not stopped', async () => {
    const model = spec(mlp, { name: 'sgd', learning_rate: 0.05 }, { early_stopping: { patience: 1 } });
    const result = await train(model, data, { epochs: 3, batchSize: 32, seed: 1 });
    result.model.dispose();
    expect(result.epochs.length).toBe(3);
    expect(result).not.toHaveProperty('early_stopped');
  });
});

describe('frozen layers and unfreezing', () => {
  const layers = (frozen: boolean): LayerSpec[] => [
    { kind: 'flatten' },
    { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal', trainable: !frozen },
    { kind: 'batch_normalization', trainable: !frozen },
    { kind: 'dense', units: 16, activation: 'relu', kernel_initializer: 'he_normal' },
    head,
  ];
  const frozenNames = ['dense_1/kernel', 'dense_1/bias', 'batch_normalization_1/gamma', 'batch_normalization_1/beta', 'batch_normalization_1/moving_mean', 'batch_normalization_1/moving_variance'];

  it('frozen weights stay bit-identical (BN moving statistics too); the others train', async () => {
    const model = spec(layers(true));
    const initial = buildModel(model, 1);
    const before = await values(initial);
    initial.dispose();
    const result = await train(model, data, { epochs: 2, batchSize: 32, seed: 1 });
    const after = await values(result.model);
    for (const name of frozenNames) expect(after[name], name).toEqual(before[name]);
    for (const name of ['dense_2/kernel', 'dense_3/kernel']) expect(after[name], name).not.toEqual(before[name]);
    expect(result.epochs[1]!.loss).toBeLessThan(result.epochs[0]!.loss);
    // A frozen layer has no gradient: its norm reads 0.
    expect(result.epochs[0]!.layers[0]!.grad_norm).toBe(0);
    result.model.dispose();
  });

  it('unfreeze after 1 epoch: the frozen weights move from then on, at the unfreeze rate', async () => {
    const model = spec(layers(true), { name: 'adam', learning_rate: 0.003 }, { unfreeze: { after_epochs: 1, learning_rate: 1e-4 } });
    const initial = buildModel(model, 1);
    const before = await values(initial);
    initial.dispose();
    // One epoch ends before the unfreezing: still frozen.
    const one = await train(model, data, { epochs: 1, batchSize: 32, seed: 1 });
    const afterOne = await values(one.model);
    one.model.dispose();
    for (const name of frozenNames) expect(afterOne[name], name).toEqual(before[name]);
    const two = await train(model, data, { epochs: 2, batchSize: 32, seed: 1 });
    const afterTwo = await values(two.model);
    two.model.dispose();
    for (const name of frozenNames) expect(afterTwo[name], name).not.toEqual(before[name]);
    expect(two.epochs.map((e) => e.learning_rate)).toEqual([0.003, 1e-4]);
    expect(two.epochs[0]!.layers[0]!.grad_norm).toBe(0);
    expect(two.epochs[1]!.layers[0]!.grad_norm).toBeGreaterThan(0);
  });
});

describe('transferred weights', () => {
  const source = spec([{ kind: 'flatten' }, { kind: 'dense', units: 32, activation: 'relu' }, { kind: 'dense', units: 16, activation: 'relu' }, head]);

  it('the first layers take the saved weights by name; the others keep their initialization', async () => {
    const trained = await train(source, data, { epochs: 1, batchSize: 32, seed: 1 });
    const saved = await exportArtifacts(trained.model);
    const from = await values(trained.model);
    trained.model.dispose();
    const target = spec([{ kind: 'flatten' }, { kind: 'dense', units: 32, activation: 'relu', trainable: false }, { kind: 'dense', units: 8, activation: 'relu' }, head]);
    const fresh = await values(buildModel(target, 7));
    const result = await train(target, data, { epochs: 1, batchSize: 32, seed: 7, transferWeights: { weights: saved, layers: 2 } });
    const got = await values(result.model);
    result.model.dispose();
    // dense_1 was transferred and frozen: it is the source's still.
    expect(got['dense_1/kernel']).toEqual(from['dense_1/kernel']);
    expect(got['dense_1/bias']).toEqual(from['dense_1/bias']);
    expect(got['dense_2/kernel']!.length).toBe(32 * 8);
    expect(got['dense_2/kernel']).not.toEqual(fresh['dense_2/kernel']); // trained from its own initialization
  });

  it('a model with frozen layers saves and loads back whole (the weights keep their names)', async () => {
    const model = spec([{ kind: 'flatten' }, { kind: 'dense', units: 16, activation: 'relu', trainable: false }, { kind: 'batch_normalization', trainable: false }, head]);
    const built = buildModel(model, 1);
    const saved = await exportArtifacts(built);
    const loaded = await loadArtifacts(saved);
    const a = await values(built);
    const b = await values(loaded);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) expect(b[name], name).toEqual(a[name]);
    built.dispose();
    loaded.dispose();
  });

  it('refuses a transferred layer of another shape, naming the weight and both shapes, before changing anything', async () => {
    const built = buildModel(source, 1);
    const saved = await exportArtifacts(built);
    built.dispose();
    const target = spec([{ kind: 'flatten' }, { kind: 'dense', units: 24, activation: 'relu' }, head]);
    const model = buildModel(target, 1);
    const before = await values(model);
    expect(() => setTransferWeights(model, saved, layerNames(target).slice(0, 2))).toThrow(
      'the saved weights do not fit the transferred layers: dense_1/kernel: saved with shape [784, 32], the model has [784, 24]; dense_1/bias: saved with shape [32], the model has [24]',
    );
    expect(await values(model)).toEqual(before);
    model.dispose();
    await expect(train(target, data, { epochs: 1, batchSize: 32, seed: 1, transferWeights: { weights: saved, layers: 2 } })).rejects.toThrow(/dense_1\/kernel: saved with shape \[784, 32\]/);
  });
});

describe('batch-normalization statistics', () => {
  it('after an activation: BN output std ≈ 1 at epoch 1, its input std is the activation’s', async () => {
    const model = spec([
      { kind: 'flatten' },
      { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal' },
      { kind: 'batch_normalization', momentum: 0.9 },
      head,
    ]);
    // 64 steps of batch 8: the moving statistics (momentum 0.9) have converged by the epoch's end.
    const result = await train(model, data, { epochs: 1, batchSize: 8, seed: 1 });
    result.model.dispose();
    const epoch = result.epochs[0] as EpochMetrics;
    expect(epoch.batch_norm).toHaveLength(1);
    const bn = epoch.batch_norm![0]!;
    expect(bn.name).toBe('batch_normalization_1');
    expect(bn.spec_index).toBe(2);
    expect(Math.abs(bn.out_std - 1)).toBeLessThan(0.3);
    expect(Math.abs(bn.out_mean)).toBeLessThan(0.3);
    // What enters BN is dense_1's ReLU output, measured the same way on the same batch.
    expect(bn.in_std).toBeCloseTo(epoch.layers[0]!.act_std, 5);
    expect(bn.in_mean).toBeCloseTo(epoch.layers[0]!.act_mean, 5);
    expect(bn.in_mean).toBeGreaterThan(0);
  });

  it('a model without batch normalization has no batch_norm entry', async () => {
    const result = await train(spec(mlp), small, { epochs: 1, batchSize: 32, seed: 1 });
    result.model.dispose();
    expect(result.epochs[0]).not.toHaveProperty('batch_norm');
  });
});

describe('fast paths refuse what they do not mirror', () => {
  const dense = (extra: Partial<Extract<LayerSpec, { kind: 'dense' }>>): LayerSpec[] => [
    { kind: 'flatten' },
    { kind: 'dense', units: 32, activation: 'relu', ...extra },
    head,
  ];
  it.each<{ label: string; model: ModelSpec; fused: RegExp | null; threads: boolean }>([
    { label: 'plain SGD', model: spec(dense({})), fused: null, threads: true },
    { label: 'a schedule', model: spec(dense({}), undefined, { lr_schedule: { name: 'power', decay_steps: 100 } }), fused: null, threads: false },
    { label: 'clipnorm', model: spec(dense({}), { name: 'sgd', learning_rate: 0.01, clipnorm: 1 }), fused: /gradient clipping/, threads: false },
    { label: 'clipvalue', model: spec(dense({}), { name: 'sgd', learning_rate: 0.01, clipvalue: 1 }), fused: /gradient clipping/, threads: false },
    { label: 'l2', model: spec(dense({ kernel_regularizer: { l2: 0.01 } })), fused: /layers\[1\]: kernel_regularizer/, threads: false },
    { label: 'max-norm', model: spec(dense({ kernel_constraint: { name: 'max_norm', max_value: 1 } })), fused: /layers\[1\]: kernel_constraint/, threads: false },
    { label: 'frozen', model: spec(dense({ trainable: false })), fused: /layers\[1\]: frozen/, threads: false },
    { label: 'unfreeze', model: spec(dense({}), undefined, { unfreeze: { after_epochs: 1, learning_rate: 0.001 } }), fused: /training\.unfreeze/, threads: false },
    { label: 'Adam', model: spec(dense({}), { name: 'adam', learning_rate: 0.001 }), fused: /optimizer adam/, threads: true },
    { label: 'Nadam', model: spec(dense({}), { name: 'nadam', learning_rate: 0.001 }), fused: /optimizer nadam/, threads: false },
    { label: 'early stopping', model: spec(dense({}), undefined, { early_stopping: { patience: 2 } }), fused: null, threads: true },
  ])('$label', ({ model, fused, threads }) => {
    const built = buildModel(model, 1);
    const plan = fusedStackPlan(model, built, built.trainableWeights.map((w) => w.read() as tf.Variable));
    built.dispose();
    if (fused === null) expect(plan.ok).toBe(true);
    else expect(plan.ok ? 'ok' : plan.reason).toMatch(fused);
    expect(threadsPlan(model, 'wasm', 2, 256)).toEqual(threads ? { threads: 2, limit: null } : { threads: 1, limit: 'unsupported_features' });
  });
});

describe('global gradient norms on every path', () => {
  it.each([{ fused: true }, { fused: false }])('2 threads measure the same raw norm as 1 (fused: $fused)', async ({ fused }) => {
    const run = (threads: number) => train(spec(mlp), data, { epochs: 1, batchSize: 64, seed: 1, threads, minShardRows: 8, fused });
    const one = await run(1);
    const two = await run(2);
    one.model.dispose();
    two.model.dispose();
    expect(two.threads).toBe(2);
    const raw1 = one.epochs[0]!.grad_norm_raw as number;
    expect(raw1).toBeGreaterThan(0);
    expect(Math.abs((two.epochs[0]!.grad_norm_raw as number) - raw1)).toBeLessThan(1e-3 * raw1);
    // The global norm is at least every kernel's own.
    for (const l of one.epochs[0]!.layers) expect(raw1).toBeGreaterThanOrEqual(l.grad_norm);
  });
});

describe('output layer', () => {
  it('trains a class subset: 8 classes, 8 output units', async () => {
    // What the data preparation hands over for classes [0…7]: labels 0–7, classes 8.
    const keep = (split: PreparedData['train']) => {
      const rows = Array.from(split.y.keys()).filter((i) => (split.y[i] as number) < 8);
      const x = new Float32Array(rows.length * 784);
      const from = split.x as Float32Array; // synthetic data: features, not pixels
      rows.forEach((r, k) => x.set(from.subarray(r * 784, (r + 1) * 784), k * 784));
      return { x, y: Uint8Array.from(rows, (r) => split.y[r] as number), count: rows.length };
    };
    const eight: PreparedData = { ...data, classes: 8, train: keep(data.train), validation: keep(data.validation), test: keep(data.test) };
    const model = spec([mlp[0]!, mlp[1]!, { kind: 'dense', units: 8, activation: 'softmax' }]);
    const result = await train(model, eight, { epochs: 2, batchSize: 32, seed: 1 });
    result.model.dispose();
    expect(result.status).toBe('completed');
    expect(result.epochs[1]!.val_accuracy).toBeGreaterThan(0.8);
  });

  it('a class subset needs one unit per class', async () => {
    const eight: PreparedData = { ...small, classes: 8 };
    await expect(train(spec(mlp), eight, { epochs: 1, batchSize: 32, seed: 1 })).rejects.toThrow(
      'the last Dense layer must have one unit per class (8 units) with softmax (the loss is sparse categorical crossentropy). Received: units=10, activation=softmax',
    );
  });
});

describe('tensors', () => {
  it('no tensor leaks with every feature on', async () => {
    const model = spec(
      [
        { kind: 'flatten' },
        { kind: 'dense', units: 24, activation: 'relu', kernel_initializer: 'he_normal', trainable: false, kernel_regularizer: { l1: 1e-4, l2: 1e-3 } },
        { kind: 'batch_normalization', trainable: false },
        { kind: 'dense', units: 16, activation: 'elu', kernel_constraint: { name: 'max_norm', max_value: 2 } },
        { kind: 'batch_normalization' },
        head,
      ],
      { name: 'adam', learning_rate: 0.003, clipnorm: 1, clipvalue: 0.5 },
      { lr_schedule: { name: 'exponential', decay_steps: 4, decay_rate: 0.9 }, early_stopping: { patience: 1 }, unfreeze: { after_epochs: 1, learning_rate: 1e-4 } },
    );
    const options = { epochs: 3, batchSize: 32, seed: 1, diagnosticsEvery: 1, layersEveryMs: 0, batchEveryMs: 0 };
    const warm = await train(model, small, options, { onLayers: () => undefined, onBatch: () => undefined });
    warm.model.dispose();
    const before = tf.memory().numTensors;
    const result = await train(model, small, options, { onLayers: () => undefined, onBatch: () => undefined });
    result.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const withPerformance = spec(mlp, { name: 'sgd', learning_rate: 0.05, clipnorm: 1 }, { lr_schedule: { name: 'performance', patience: 1 }, early_stopping: { patience: 1 } });
    const before2 = tf.memory().numTensors;
    const again = await train(withPerformance, small, options);
    again.model.dispose();
    expect(tf.memory().numTensors).toBe(before2);
  });
});
