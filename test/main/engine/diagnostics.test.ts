import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActivationId } from '../../../src-shared/model/ids.js';
import type { KernelInitializer, LayerSpec, ModelSpec } from '../../../src-shared/model/spec.js';
import type { LayerDiagnostics } from '../../../src-shared/training/metrics.js';
import { featureRange } from '../../../src-shared/data/features.js';
import {
  SIGMOID_SATURATION_Z,
  TANH_SATURATION_Z,
  buildModel,
  layerNames,
  makeSyntheticData,
  measureDense,
  planDense,
  selectBackend,
  train,
} from '../../../src-main/engine/index.js';

function spec(layers: LayerSpec[]): ModelSpec {
  return {
    format: 'gradient-lab/model',
    version: 2,
    name: 'diagnostics',
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers,
    training: { optimizer: { name: 'sgd', learning_rate: 1e-3 }, epochs: 1, batch_size: 256, seed: 1 },
  };
}

/** The reference measurement: 8 hidden layers of 120 units + softmax, one batch of 256 images in [0, 1]. */
function stack(activation: ActivationId, init: KernelInitializer): ModelSpec {
  const hidden: LayerSpec[] = Array.from({ length: 8 }, () => ({ kind: 'dense', units: 120, activation, kernel_initializer: init }));
  return spec([{ kind: 'flatten' }, ...hidden, { kind: 'dense', units: 10, activation: 'softmax' }]);
}

const data = makeSyntheticData({ train: 256, validation: 64, test: 64, seed: 5 });

/** One training step on the whole batch: grad_norm is then the gradient at initialization. */
async function firstStep(s: ModelSpec): Promise<LayerDiagnostics[]> {
  const result = await train(s, data, { epochs: 1, batchSize: 256, seed: 2 });
  result.model.dispose();
  return result.epochs[0]?.layers ?? [];
}

const ratio = (layers: LayerDiagnostics[]) => (layers[0]?.grad_norm ?? NaN) / (layers[7]?.grad_norm ?? NaN);
const hidden = (layers: LayerDiagnostics[]) => layers.slice(0, 8);

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('the two faces of sigmoid trouble (reference §1)', () => {
  let uniform: LayerDiagnostics[];
  let normal: LayerDiagnostics[];
  beforeAll(async () => {
    uniform = await firstStep(stack('sigmoid', { name: 'random_uniform', minval: -0.05, maxval: 0.05 }));
    normal = await firstStep(stack('sigmoid', { name: 'random_normal', mean: 0, stddev: 1 }));
  });

  it('uniform ±0.05: first-layer gradient norm ≥ 100× below the last hidden layer, nothing saturated', () => {
    expect(ratio(uniform)).toBeLessThan(1e-2);
    expect(ratio(uniform)).toBeGreaterThan(0); // finite, measured
    for (const l of hidden(uniform)) expect(l).toMatchObject({ inactive_kind: 'saturated', inactive_fraction: 0 });
    // Gradients shrink at every layer going backwards.
    const norms = hidden(uniform).map((l) => l.grad_norm);
    norms.slice(1).forEach((n, i) => expect(n).toBeGreaterThan(norms[i] as number));
  });

  it('standard normal: most units saturated (> 40%) and norms not vanishing (ratio ≫ the uniform case)', () => {
    const saturated = hidden(normal).filter((l) => (l.inactive_fraction ?? 0) > 0.4);
    expect(saturated.length).toBeGreaterThanOrEqual(6);
    expect(ratio(normal)).toBeGreaterThan(1e-2);
    expect(ratio(normal) / ratio(uniform)).toBeGreaterThan(1e4);
  });
});

describe('healthy stacks', () => {
  it('ELU + he_normal: gradient norms flat across depth (within 10×), < 10% dead units', async () => {
    const layers = await firstStep(stack('elu', 'he_normal'));
    expect(ratio(layers)).toBeGreaterThan(0.1);
    expect(ratio(layers)).toBeLessThan(10);
    for (const l of hidden(layers)) {
      expect(l.inactive_kind).toBe('dead');
      expect(l.inactive_fraction).toBeLessThan(0.1);
    }
  });

  it('ReLU + he_normal: about half the outputs are zero, yet almost no unit is dead', async () => {
    const s = spec([
      { kind: 'flatten' },
      { kind: 'dense', units: 300, activation: 'relu', kernel_initializer: 'he_normal' },
      { kind: 'dense', units: 10, activation: 'softmax' },
    ]);
    const model = buildModel(s, 3);
    const x = tf.tensor3d(featureRange(data.train, 0, 256), [256, 28, 28]);
    const [relu] = await measureDense(model, planDense(s), layerNames(s), x);
    expect(relu?.negative_fraction).toBeGreaterThan(0.35);
    expect(relu?.negative_fraction).toBeLessThan(0.65);
    expect(relu?.inactive_kind).toBe('dead');
    expect(relu?.inactive_fraction).toBeLessThan(0.03);
    x.dispose();
    model.dispose();
  });
});

describe('definitions', () => {
  it('saturation thresholds are where the derivative falls to 5% of its maximum', () => {
    const sigmoidPrime = (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2;
    expect(sigmoidPrime(SIGMOID_SATURATION_Z) / 0.25).toBeCloseTo(0.05, 10);
    expect(1 / Math.cosh(TANH_SATURATION_Z) ** 2).toBeCloseTo(0.05, 10);
    expect(SIGMOID_SATURATION_Z).toBeCloseTo(4.357, 3);
    expect(TANH_SATURATION_Z).toBeCloseTo(2.178, 3);
  });

  it('measures z after BN for a Dense → BN → Activation(tanh) block, and counts a forced-dead unit', async () => {
    const s = spec([
      { kind: 'flatten' },
      { kind: 'dense', units: 4 },
      { kind: 'batch_normalization' },
      { kind: 'activation', activation: 'tanh' },
      { kind: 'dense', units: 4, activation: 'relu' },
      { kind: 'dense', units: 10, activation: 'softmax' },
    ]);
    const model = buildModel(s, 1);
    // BN (inference: moving mean 0, variance 1) then scale gamma by 100: every |z| is large → saturated.
    const bn = model.getLayer('batch_normalization_1');
    bn.setWeights(bn.getWeights().map((w, i) => (i === 0 ? tf.fill(w.shape, 100) : w)));
    // Second Dense: unit 0 gets bias −1000, so it is negative on every example (dead); the others are healthy.
    const d2 = model.getLayer('dense_2');
    const [k2] = d2.getWeights();
    d2.setWeights([k2 as tf.Tensor, tf.tensor1d([-1000, 0, 0, 0])]);
    const x = tf.tensor3d(featureRange(data.train, 0, 256), [256, 28, 28]);
    const [first, second, out] = await measureDense(model, planDense(s), layerNames(s), x);
    expect(first).toMatchObject({ activation: 'tanh', inactive_kind: 'saturated' });
    expect(first?.inactive_fraction).toBeGreaterThan(0.95);
    expect(second).toMatchObject({ activation: 'relu', inactive_kind: 'dead' });
    expect(second?.inactive_fraction).toBeGreaterThanOrEqual(0.25);
    expect(second?.inactive_fraction).toBeLessThan(0.75);
    expect(out).toMatchObject({ activation: 'softmax', inactive_kind: null, inactive_fraction: null });
    x.dispose();
    model.dispose();
  });
});
