import { describe, expect, it } from 'vitest';
import {
  DEFAULTS,
  denseDefaults,
  expectedKernelStd,
  INPUT_FEATURES,
  INPUT_SHAPE,
  initializerLabel,
  parseModel,
  resolveActivation,
  rreluDefaults,
  sgdDefaults,
  summarizeModel,
  type KernelInitializer,
  type LayerSpec,
  type ModelSpec,
} from '../../../src-shared/model/index.js';
import { validDoc } from './fixtures.js';

function model(mutate: (d: Record<string, any>) => void = () => {}): ModelSpec {
  const d = validDoc();
  mutate(d);
  const r = parseModel(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

describe('summarizeModel', () => {
  it('gives shapes and parameter counts of the LeakyReLU net', () => {
    const s = summarizeModel(model());
    expect(s.layers.map((l) => [l.index, l.kind, l.outputShape, l.params])).toEqual([
      [0, 'flatten', [784], 0],
      [1, 'dense', [300], 784 * 300 + 300],
      [2, 'leaky_relu', [300], 0],
      [3, 'dense', [100], 300 * 100 + 100],
      [4, 'leaky_relu', [100], 0],
      [5, 'dense', [10], 100 * 10 + 10],
    ]);
    expect(s.inputShape).toEqual([28, 28]);
    expect(s.outputShape).toEqual([10]);
    expect(s.params).toBe(266_610);
    expect(s.trainableParams).toBe(266_610);
  });

  it('counts prelu alphas, batch norm statistics and missing biases', () => {
    const s = summarizeModel(model((d) => {
      d.layers[1].use_bias = false;
      d.layers[2] = { kind: 'prelu' };
      d.layers.splice(1, 0, { kind: 'batch_normalization' });
    }));
    const byIndex = (i: number) => s.layers[i];
    expect(byIndex(1)).toMatchObject({ kind: 'batch_normalization', params: 4 * 784, trainableParams: 2 * 784 });
    expect(byIndex(2)).toMatchObject({ kind: 'dense', params: 784 * 300 });
    expect(byIndex(3)).toMatchObject({ kind: 'prelu', params: 300, trainableParams: 300 });
    expect(s.params - s.trainableParams).toBe(2 * 784);
  });

  it.each<[string, (d: Record<string, any>) => void, number, string, number]>([
    // label, mutation, dense layer index, expected resolved activation, index of the layer applying it
    ['dense-linear then leaky_relu', () => {}, 1, 'leaky_relu', 2],
    ['dense with its own activation', (d) => { d.layers[1].activation = 'elu'; d.layers.splice(2, 1); }, 1, 'elu', 1],
    ['batch norm and dropout in between', (d) => {
      d.layers.splice(2, 0, { kind: 'batch_normalization' }, { kind: 'dropout', rate: 0.1 });
    }, 1, 'leaky_relu', 4],
    ['prelu', (d) => { d.layers[2] = { kind: 'prelu' }; }, 1, 'prelu', 2],
    ['rrelu', (d) => { d.layers[2] = { kind: 'rrelu' }; }, 1, 'rrelu', 2],
    ['activation layer', (d) => { d.layers[2] = { kind: 'activation', activation: 'selu' }; }, 1, 'selu', 2],
    ['nothing after it', (d) => { d.layers.splice(2, 1); }, 1, 'linear', 1],
    ['explicit linear then elu', (d) => { d.layers[1].activation = 'linear'; d.layers[2] = { kind: 'elu' }; }, 1, 'elu', 2],
    ['the output layer', () => {}, 5, 'softmax', 5],
  ])('resolves the activation: %s', (_label, mutate, index, activation, activationIndex) => {
    const dense = summarizeModel(model(mutate)).layers[index]?.dense;
    expect(dense?.resolvedActivation).toBe(activation);
    expect(dense?.activationIndex).toBe(activationIndex);
  });

  it('reports fans and the theoretical std of each dense layer', () => {
    const dense = summarizeModel(model()).layers.flatMap((l) => (l.dense ? [l.dense] : []));
    expect(dense.map((d) => [d.fanIn, d.fanOut, d.initializerLabel])).toEqual([
      [784, 300, 'he_normal'],
      [300, 100, 'he_normal'],
      [100, 10, 'glorot_uniform'],
    ]);
    expect(dense[0]?.expectedKernelStd).toBeCloseTo(Math.sqrt(2 / 784), 12);
    expect(dense[2]?.expectedKernelStd).toBeCloseTo(Math.sqrt(1 / 55), 12);
  });
});

describe('resolveActivation: the one rule for where a dense layer is activated', () => {
  const dense = (activation?: 'linear' | 'relu' | 'tanh' | 'softmax'): LayerSpec =>
    activation === undefined ? { kind: 'dense', units: 4 } : { kind: 'dense', units: 4, activation };
  const bn: LayerSpec = { kind: 'batch_normalization' };
  const drop: LayerSpec = { kind: 'dropout', rate: 0.2 };
  const alphaDrop: LayerSpec = { kind: 'alpha_dropout', rate: 0.1 };
  // label, layers, dense index, resolved activation, index of the layer applying it
  it.each<[string, LayerSpec[], number, string, number]>([
    ['own activation', [{ kind: 'flatten' }, dense('tanh')], 1, 'tanh', 1],
    ['own activation wins over a following layer', [dense('relu'), { kind: 'leaky_relu' }], 0, 'relu', 0],
    ['omitted (linear) then leaky_relu', [dense(), { kind: 'leaky_relu', alpha: 0.2 }], 0, 'leaky_relu', 1],
    ['explicit linear then prelu', [dense('linear'), { kind: 'prelu' }], 0, 'prelu', 1],
    ['linear then rrelu', [dense(), { kind: 'rrelu' }], 0, 'rrelu', 1],
    ['linear then elu', [dense(), { kind: 'elu' }], 0, 'elu', 1],
    ['linear then an activation layer', [dense(), { kind: 'activation', activation: 'selu' }], 0, 'selu', 1],
    ['batch norm in between', [dense(), bn, { kind: 'elu', alpha: 0.5 }], 0, 'elu', 2],
    ['batch norm and dropout in between', [dense(), bn, drop, { kind: 'activation', activation: 'relu' }], 0, 'relu', 3],
    ['alpha dropout in between', [dense(), alphaDrop, { kind: 'leaky_relu' }], 0, 'leaky_relu', 2],
    ['a dense layer ends the search', [dense(), dense('relu'), { kind: 'leaky_relu' }], 0, 'linear', 0],
    ['a flatten layer ends the search', [dense(), { kind: 'flatten' }, { kind: 'leaky_relu' }], 0, 'linear', 0],
    ['nothing after it', [dense(), bn, drop], 0, 'linear', 0],
    ['an activation layer that is linear', [dense(), { kind: 'activation', activation: 'linear' }], 0, 'linear', 1],
    ['softmax output', [{ kind: 'flatten' }, dense('relu'), dense('softmax')], 2, 'softmax', 2],
  ])('%s', (_label, layers, index, activation, activationIndex) => {
    expect(resolveActivation(layers, index)).toEqual({ activation, activationIndex });
  });

  it('refuses an index that is not a dense layer, naming it', () => {
    expect(() => resolveActivation([{ kind: 'flatten' }], 0)).toThrow('layers[0] must be a dense layer. Received: kind=flatten');
    expect(() => resolveActivation([], 3)).toThrow('layers[3] must be a dense layer');
  });

  it('has one input shape: 28 × 28 = 784 features', () => {
    expect(INPUT_SHAPE).toEqual([28, 28]);
    expect(INPUT_FEATURES).toBe(784);
  });
});

describe('expectedKernelStd', () => {
  const vs = (scale: number, mode: 'fan_in' | 'fan_out' | 'fan_avg', distribution: 'truncated_normal' | 'untruncated_normal' | 'uniform') =>
    ({ name: 'variance_scaling', scale, mode, distribution }) as const;
  it.each<[KernelInitializer, number, number, number]>([
    ['he_normal', 784, 300, Math.sqrt(2 / 784)],
    ['he_uniform', 784, 300, Math.sqrt((3 * 2) / 784) / Math.sqrt(3)],
    ['glorot_normal', 784, 300, Math.sqrt(1 / 542)],
    ['glorot_uniform', 100, 10, Math.sqrt(3 / 55) / Math.sqrt(3)],
    ['lecun_normal', 100, 100, 0.1],
    ['lecun_uniform', 300, 100, Math.sqrt(1 / 300)],
    [vs(2, 'fan_avg', 'uniform'), 784, 300, Math.sqrt(2 / 542)],
    [vs(2, 'fan_out', 'truncated_normal'), 784, 300, Math.sqrt(2 / 300)],
    [vs(1, 'fan_in', 'untruncated_normal'), 400, 300, 0.05],
    [{ name: 'random_normal', mean: 0, stddev: 1 }, 784, 300, 1],
    [{ name: 'random_uniform', minval: -0.05, maxval: 0.05 }, 784, 300, 0.1 / Math.sqrt(12)],
  ])('%j with fan_in %i, fan_out %i → %f', (init, fanIn, fanOut, std) => {
    expect(expectedKernelStd(init, fanIn, fanOut)).toBeCloseTo(std, 12);
  });
});

describe('initializerLabel', () => {
  it.each<[KernelInitializer, string]>([
    ['he_normal', 'he_normal'],
    [{ name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' }, 'variance_scaling(scale=2, mode=fan_avg, distribution=uniform)'],
    [{ name: 'random_normal', mean: 0, stddev: 1 }, 'random_normal(mean=0, stddev=1)'],
    [{ name: 'random_uniform', minval: -0.05, maxval: 0.05 }, 'random_uniform(minval=-0.05, maxval=0.05)'],
  ])('%j → %s', (init, label) => {
    expect(initializerLabel(init)).toBe(label);
  });
});

describe('defaults', () => {
  it('fills an omitted dense layer the Keras way', () => {
    expect(denseDefaults({ kind: 'dense', units: 5 })).toEqual({
      kind: 'dense',
      units: 5,
      activation: 'linear',
      kernel_initializer: 'glorot_uniform',
      use_bias: true,
    });
  });

  it('keeps given values', () => {
    expect(denseDefaults({ kind: 'dense', units: 5, activation: 'relu', use_bias: false }).use_bias).toBe(false);
    expect(rreluDefaults({ kind: 'rrelu', upper: 0.5 })).toEqual({ kind: 'rrelu', lower: 0.125, upper: 0.5 });
    expect(sgdDefaults({ name: 'sgd', learning_rate: 0.1 })).toEqual({ name: 'sgd', learning_rate: 0.1, momentum: 0, nesterov: false });
  });

  it('holds the documented values', () => {
    expect(DEFAULTS).toEqual({
      dense: { activation: 'linear', kernel_initializer: 'glorot_uniform', use_bias: true },
      leaky_relu: { alpha: 0.3 },
      rrelu: { lower: 1 / 8, upper: 1 / 3 },
      elu: { alpha: 1 },
      batch_normalization: { momentum: 0.99, epsilon: 0.001 },
      sgd: { momentum: 0, nesterov: false },
      adagrad: { initial_accumulator_value: 0.1, epsilon: 1e-7 },
      rmsprop: { rho: 0.9, momentum: 0, epsilon: 1e-7 },
      adam: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
      adamax: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
      nadam: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
      adamw: { weight_decay: 0.004, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
      power: { power: 1 },
      performance: { factor: 0.5, patience: 5, min_delta: 0, min_lr: 0 },
      one_cycle: { last_fraction: 0.1 },
      early_stopping: { min_delta: 0, restore_best_weights: true },
      layer: { trainable: true },
    });
  });
});
