/**
 * The fused dense-stack step (src-main/engine/fused/, dense_stack_grads in
 * native/dense-kernels/dense_kernels.c) against the same step through tfjs ops:
 * which models qualify, gradients per variable, loss and hit count, SGD updates with
 * and without (Nesterov) momentum, whole training runs, divergence, and leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec, OptimizerSpec } from '../../../src-shared/model/spec.js';
import { buildModel, makeOptimizer, makeSyntheticData, selectBackend, stepParts, train } from '../../../src-main/engine/index.js';
import { FusedStack, fusedStackPlan } from '../../../src-main/engine/fused/dense-stack.js';
import { correctCount, lossForward } from '../../../src-main/engine/loss.js';
import { loadExample } from '../../helpers/examples.js';
import { specOf } from '../../helpers/model-spec.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const spec = (layers: LayerSpec[], optimizer?: OptimizerSpec): ModelSpec => specOf(layers, optimizer, 'fused');

const head: LayerSpec = { kind: 'dense', units: 10, activation: 'softmax' };

/** ‖a − b‖ / ‖b‖ */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += ((a[i] as number) - (b[i] as number)) ** 2;
    den += (b[i] as number) ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}

describe('fusedStackPlan', () => {
  it.each([
    { example: 'leaky-relu', ok: true },
    { example: 'he-relu', ok: true },
    { example: 'elu-he', ok: true },
    { example: 'relu-100', ok: true },
    { example: 'selu-100', ok: true },
    { example: 'sigmoid-small-uniform', ok: true },
    { example: 'batch-norm', ok: false, reason: /batch_normalization/ },
    { example: 'prelu', ok: false, reason: /prelu/ },
    { example: 'rrelu', ok: false, reason: /rrelu/ },
  ])('$example → fused: $ok', ({ example, ok, reason }) => {
    const model = loadExample(example);
    const built = buildModel(model, 1);
    try {
      const parts = stepParts(built, makeOptimizer(model.training.optimizer), 10);
      const plan = fusedStackPlan(model, built, parts.variables);
      expect(plan.ok).toBe(ok);
      if (!plan.ok && reason) expect(plan.reason).toMatch(reason);
      if (parts.optimizer) parts.optimizer.dispose();
    } finally {
      built.dispose();
    }
  });

  it.each([
    { label: 'Adam', model: spec([{ kind: 'flatten' }, { kind: 'dense', units: 8, activation: 'relu' }, head], { name: 'adam', learning_rate: 0.001 }), reason: /optimizer adam/ },
    { label: 'dropout', model: spec([{ kind: 'flatten' }, { kind: 'dense', units: 8, activation: 'relu' }, { kind: 'dropout', rate: 0.2 }, head]), reason: /dropout/ },
    { label: 'activation after a non-linear Dense', model: spec([{ kind: 'dense', units: 8, activation: 'relu' }, { kind: 'activation', activation: 'tanh' }, head]), reason: /not right after a linear Dense/ },
    { label: 'softmax in a hidden layer', model: spec([{ kind: 'dense', units: 8, activation: 'softmax' }, head]), reason: /softmax must be the last/ },
  ])('refused: $label', ({ model, reason }) => {
    const built = buildModel(model, 1);
    try {
      const plan = fusedStackPlan(model, built, built.trainableWeights.map((w) => w.read() as tf.Variable));
      expect(plan.ok).toBe(false);
      if (!plan.ok) expect(plan.reason).toMatch(reason);
    } finally {
      built.dispose();
    }
  });
});

describe('one step: fused gradients equal tfjs gradients', () => {
  const cases: { label: string; model: () => ModelSpec; tol: number }[] = [
    { label: 'leaky-relu example (Dense + LeakyReLU layers)', model: () => loadExample('leaky-relu'), tol: 1e-5 },
    { label: 'elu-he example', model: () => loadExample('elu-he'), tol: 1e-5 },
    { label: 'sigmoid-small-uniform example', model: () => loadExample('sigmoid-small-uniform'), tol: 1e-5 },
    { label: 'tanh + selu + elu(α=0.5) + linear, no biases', model: () => spec([{ kind: 'dense', units: 20, activation: 'tanh' }, { kind: 'dense', units: 13, activation: 'selu', use_bias: false }, { kind: 'dense', units: 7 }, { kind: 'elu', alpha: 0.5 }, { kind: 'dense', units: 9 }, { kind: 'dense', units: 10 }, { kind: 'activation', activation: 'softmax' }]), tol: 1e-5 },
    { label: 'relu-100 (100 layers)', model: () => loadExample('relu-100'), tol: 1e-4 },
    // tfjs' own wasm and cpu backends differ by 4.7e-4 on this net: 100 SELU layers amplify rounding.
    { label: 'selu-100 (100 layers)', model: () => loadExample('selu-100'), tol: 1e-3 },
  ];
  it.each(cases)('$label', ({ model: make, tol }) => {
    const model = make();
    const built = buildModel(model, 3);
    const parts = stepParts(built, makeOptimizer(model.training.optimizer), 10);
    const plan = fusedStackPlan(model, built, parts.variables);
    expect(plan).toMatchObject({ ok: true });
    const fused = FusedStack.create(plan, 48) as FusedStack;
    expect(fused).not.toBeNull();
    const n = 37; // not a multiple of 4: the kernels' row edges
    const x = tf.randomNormal([n, 28, 28], 0, 1, 'float32', 11);
    const y = tf.tensor1d(Array.from({ length: n }, (_, i) => (i * 7) % 10), 'int32');
    try {
      const before = tf.memory().numTensors;
      const g = fused.grads(x, y, n, true);
      expect(tf.memory().numTensors).toBe(before);
      const slot = new Float32Array(fused.paramCount + 2);
      fused.copyGradsTo(slot, g);
      let correctRef = 0;
      const { value, grads } = tf.variableGrads(() => {
        const { perExample, scores } = lossForward(built, parts.head, x, y, 10, true);
        correctRef = correctCount(scores, y).dataSync()[0] as number;
        return tf.mean(perExample) as tf.Scalar;
      }, parts.variables);
      expect(Math.abs(g.lossSum - (value.dataSync()[0] as number))).toBeLessThan(1e-5 * Math.max(1, g.lossSum));
      expect(g.correct).toBe(correctRef);
      let offset = 0;
      const kernelNorms: number[] = [];
      for (const v of parts.variables) {
        const ref = grads[v.name]?.dataSync() as Float32Array;
        expect(relDiff(slot.subarray(offset, offset + v.size), ref)).toBeLessThan(tol);
        if (v.shape.length === 2) kernelNorms.push(Math.sqrt(ref.reduce((s, r) => s + r * r, 0)));
        offset += v.size;
      }
      expect(relDiff(g.norms as number[], kernelNorms)).toBeLessThan(tol);
      tf.dispose([value, ...Object.values(grads)]);
    } finally {
      tf.dispose([x, y]);
      fused.dispose();
      parts.optimizer.dispose();
      built.dispose();
    }
  });
});

describe('training with the fused step equals training through tfjs ops', () => {
  const data = makeSyntheticData({ train: 640, validation: 128, test: 128, seed: 9 });
  const mlp: LayerSpec[] = [{ kind: 'flatten' }, { kind: 'dense', units: 40, kernel_initializer: 'he_normal' }, { kind: 'leaky_relu', alpha: 0.2 }, { kind: 'dense', units: 24, activation: 'elu' }, head];
  it.each<{ label: string; optimizer: OptimizerSpec }>([
    { label: 'plain SGD', optimizer: { name: 'sgd', learning_rate: 0.05 } },
    { label: 'SGD + momentum', optimizer: { name: 'sgd', learning_rate: 0.02, momentum: 0.9 } },
    { label: 'SGD + Nesterov momentum', optimizer: { name: 'sgd', learning_rate: 0.02, momentum: 0.9, nesterov: true } },
  ])('$label: 3 epochs, batch 30 (a last batch of 10)', async ({ optimizer }) => {
    const model = spec(mlp, optimizer);
    const runs = [];
    for (const fused of [true, false]) {
      const before = tf.memory().numTensors;
      const r = await train(model, data, { epochs: 3, batchSize: 30, seed: 4, fused, threads: 1 });
      const weights = Float32Array.from(tf.tidy(() => tf.concat(r.model.getWeights().map((w) => tf.reshape(w, [-1]))).dataSync() as Float32Array));
      r.model.dispose();
      expect(tf.memory().numTensors).toBe(before);
      runs.push({ r, weights });
    }
    const [f, t] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect(f.r.epochs[2]?.loss).toBeLessThan(f.r.epochs[0]?.loss as number);
    expect(relDiff(f.r.epochs.map((e) => e.loss), t.r.epochs.map((e) => e.loss))).toBeLessThan(1e-5);
    expect(relDiff(f.r.epochs.map((e) => e.val_loss), t.r.epochs.map((e) => e.val_loss))).toBeLessThan(1e-5);
    expect(relDiff(f.weights, t.weights)).toBeLessThan(1e-5);
    for (let e = 0; e < 3; e++) {
      expect(relDiff((f.r.epochs[e]?.layers ?? []).map((l) => l.grad_norm), (t.r.epochs[e]?.layers ?? []).map((l) => l.grad_norm))).toBeLessThan(1e-4);
    }
  });

  it('a learning rate far too high diverges at the same step as through tfjs', async () => {
    const model = spec(mlp, { name: 'sgd', learning_rate: 40 });
    const fused = await train(model, data, { epochs: 2, batchSize: 32, seed: 4, fused: true });
    const plain = await train(model, data, { epochs: 2, batchSize: 32, seed: 4, fused: false });
    expect(fused.status).toBe('diverged');
    expect(fused.diverged_at).toEqual(plain.diverged_at);
    fused.model.dispose();
    plain.model.dispose();
  });
});
