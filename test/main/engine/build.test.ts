import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayerSpec, ModelSpec } from '../../../src-shared/model/spec.js';
import { buildModel, initStats, planDense, selectBackend } from '../../../src-main/engine/index.js';

function spec(layers: LayerSpec[]): ModelSpec {
  return {
    format: 'gradient-lab/model',
    version: 2,
    name: 'test',
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers,
    training: { optimizer: { name: 'sgd', learning_rate: 0.01 }, epochs: 1, batch_size: 32, seed: 1 },
  };
}

const UNITS = 32;
const DENSE_PARAMS = 784 * UNITS + UNITS;

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('buildModel: each layer kind after Flatten → Dense(32)', () => {
  it.each<{ layer: LayerSpec; params: number; className: string }>([
    { layer: { kind: 'dense', units: 16, activation: 'tanh' }, params: UNITS * 16 + 16, className: 'Dense' },
    { layer: { kind: 'dense', units: 16, use_bias: false }, params: UNITS * 16, className: 'Dense' },
    { layer: { kind: 'dense', units: 16, activation: 'leaky_relu' }, params: UNITS * 16 + 16, className: 'Dense' },
    { layer: { kind: 'leaky_relu', alpha: 0.2 }, params: 0, className: 'LeakyReLU' },
    { layer: { kind: 'prelu' }, params: UNITS, className: 'PReLU' },
    { layer: { kind: 'rrelu' }, params: 0, className: 'RReLU' },
    { layer: { kind: 'elu' }, params: 0, className: 'ELU' },
    { layer: { kind: 'elu', alpha: 0.5 }, params: 0, className: 'EluAlpha' },
    { layer: { kind: 'activation', activation: 'selu' }, params: 0, className: 'Activation' },
    { layer: { kind: 'batch_normalization' }, params: 4 * UNITS, className: 'BatchNormalization' },
    { layer: { kind: 'dropout', rate: 0.2 }, params: 0, className: 'SeededDropout' },
    { layer: { kind: 'alpha_dropout', rate: 0.1 }, params: 0, className: 'SeededAlphaDropout' },
  ])('$layer.kind $className: output shape and parameter count', ({ layer, params, className }) => {
    const model = buildModel(spec([{ kind: 'flatten' }, { kind: 'dense', units: UNITS }, layer]), 1);
    const outUnits = layer.kind === 'dense' ? layer.units : UNITS;
    expect(model.outputs[0]?.shape).toEqual([null, outUnits]);
    expect(model.countParams()).toBe(DENSE_PARAMS + params);
    expect(model.layers[2]?.getClassName()).toBe(className);
    const y = tf.tidy(() => (model.predict(tf.zeros([3, 28, 28])) as tf.Tensor).shape);
    expect(y).toEqual([3, outUnits]);
    model.dispose();
  });

  it('uses Keras defaults: PReLU slope 0, BN momentum 0.99 / epsilon 1e-3, LeakyReLU alpha 0.3', () => {
    const model = buildModel(
      spec([{ kind: 'flatten' }, { kind: 'dense', units: 4 }, { kind: 'prelu' }, { kind: 'batch_normalization' }, { kind: 'leaky_relu' }]),
      1,
    );
    expect(Array.from(model.getLayer('prelu_1').getWeights()[0]?.dataSync() ?? [])).toEqual([0, 0, 0, 0]);
    expect(model.getLayer('batch_normalization_1').getConfig()).toMatchObject({ momentum: 0.99, epsilon: 1e-3 });
    expect(model.getLayer('leaky_relu_1').getConfig()).toMatchObject({ alpha: 0.3 });
    model.dispose();
  });

  it('names layers after the spec (dense_1, dense_2, …) and prepends a Flatten when missing', () => {
    const model = buildModel(
      spec([{ kind: 'dense', units: 8, activation: 'relu' }, { kind: 'dropout', rate: 0.1 }, { kind: 'dense', units: 10, activation: 'softmax' }]),
      1,
    );
    expect(model.layers.map((l) => l.name)).toEqual(['flatten_input', 'dense_1', 'dropout_1', 'dense_2']);
    expect(model.inputs[0]?.shape).toEqual([null, 28, 28]);
    model.dispose();
  });

  it('same seed → same weights; another seed → other weights', () => {
    const s = spec([{ kind: 'flatten' }, { kind: 'dense', units: 8, kernel_initializer: 'he_normal' }]);
    const kernel = (seed: number) => {
      const m = buildModel(s, seed);
      const v = Array.from(m.getLayer('dense_1').getWeights()[0]?.dataSync() ?? []);
      m.dispose();
      return v;
    };
    expect(kernel(3)).toEqual(kernel(3));
    expect(kernel(3)).not.toEqual(kernel(4));
  });

  it('rejects a bad unit count naming the field', () => {
    expect(() => buildModel(spec([{ kind: 'flatten' }, { kind: 'dense', units: 0 }]), 1)).toThrow('Received: layers[1].units=0');
  });
});

describe('planDense: effective activation of each Dense layer', () => {
  it.each<{ label: string; layers: LayerSpec[]; activation: string; index: number }>([
    { label: 'own activation', layers: [{ kind: 'dense', units: 4, activation: 'tanh' }], activation: 'tanh', index: 0 },
    { label: 'linear then LeakyReLU', layers: [{ kind: 'dense', units: 4 }, { kind: 'leaky_relu' }], activation: 'leaky_relu', index: 1 },
    {
      label: 'linear, BN, dropout, then Activation(elu)',
      layers: [{ kind: 'dense', units: 4 }, { kind: 'batch_normalization' }, { kind: 'dropout', rate: 0.1 }, { kind: 'activation', activation: 'elu' }],
      activation: 'elu',
      index: 3,
    },
    { label: 'linear then Dense', layers: [{ kind: 'dense', units: 4 }, { kind: 'dense', units: 2 }], activation: 'linear', index: 0 },
    { label: 'linear then PReLU', layers: [{ kind: 'dense', units: 4 }, { kind: 'prelu' }], activation: 'prelu', index: 1 },
  ])('$label → $activation', ({ layers, activation, index }) => {
    const plan = planDense(spec(layers))[0];
    expect(plan).toMatchObject({ name: 'dense_1', activation, activation_index: index, fan_in: 784, fan_out: 4 });
  });
});

describe('initStats', () => {
  it('reports fans, labels, expected and measured std per Dense layer', () => {
    const rows = initStats(
      spec([
        { kind: 'flatten' },
        { kind: 'dense', units: 300, kernel_initializer: 'he_normal' },
        { kind: 'leaky_relu' },
        { kind: 'dense', units: 100, kernel_initializer: { name: 'random_uniform', minval: -0.05, maxval: 0.05 } },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ]),
      42,
    );
    expect(rows.map((r) => [r.name, r.spec_index, r.fan_in, r.fan_out, r.initializer])).toEqual([
      ['dense_1', 1, 784, 300, 'he_normal'],
      ['dense_2', 3, 300, 100, 'random_uniform(minval=-0.05, maxval=0.05)'],
      ['dense_3', 4, 100, 10, 'glorot_uniform'],
    ]);
    expect(rows[0]?.expected_std).toBeCloseTo(Math.sqrt(2 / 784), 10);
    expect(rows[2]?.expected_std).toBeCloseTo(Math.sqrt(1 / 55), 10);
    for (const r of rows.slice(0, 2)) expect(Math.abs(r.measured_std / r.expected_std - 1)).toBeLessThan(0.02);
    // 1,000 weights: looser, but still far from the 0.88× of an uncorrected truncated normal.
    expect(Math.abs((rows[2]?.measured_std ?? 0) / (rows[2]?.expected_std ?? 1) - 1)).toBeLessThan(0.08);
  });
});
