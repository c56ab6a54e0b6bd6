import type {
  AdamOptimizer,
  BatchNormalizationLayer,
  DenseLayer,
  EluLayer,
  LeakyReluLayer,
  RreluLayer,
  SgdOptimizer,
} from './spec.js';

/*
 * Documents keep omitted fields omitted (so files round-trip exactly); code that needs a value
 * asks these resolvers, which hold the one copy of each default (Keras' own, except RReLU's).
 */

/** Values used when a field is omitted, per layer kind and optimizer. */
export const DEFAULTS = {
  dense: { activation: 'linear', kernel_initializer: 'glorot_uniform', use_bias: true },
  leaky_relu: { alpha: 0.3 },
  rrelu: { lower: 1 / 8, upper: 1 / 3 },
  elu: { alpha: 1 },
  batch_normalization: { momentum: 0.99, epsilon: 0.001 },
  sgd: { momentum: 0, nesterov: false },
  adam: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
} as const;

/** A dense layer with every optional field filled: `{kind, units, activation: 'linear', kernel_initializer: 'glorot_uniform', use_bias: true}`. */
export function denseDefaults(layer: DenseLayer): Required<DenseLayer> {
  return {
    kind: 'dense',
    units: layer.units,
    activation: layer.activation ?? DEFAULTS.dense.activation,
    kernel_initializer: layer.kernel_initializer ?? DEFAULTS.dense.kernel_initializer,
    use_bias: layer.use_bias ?? DEFAULTS.dense.use_bias,
  };
}

/** Leaky ReLU with its slope resolved (default 0.3). */
export function leakyReluDefaults(layer: LeakyReluLayer): Required<LeakyReluLayer> {
  return { kind: 'leaky_relu', alpha: layer.alpha ?? DEFAULTS.leaky_relu.alpha };
}

/** RReLU with its slope range resolved (default 1/8 to 1/3). */
export function rreluDefaults(layer: RreluLayer): Required<RreluLayer> {
  return { kind: 'rrelu', lower: layer.lower ?? DEFAULTS.rrelu.lower, upper: layer.upper ?? DEFAULTS.rrelu.upper };
}

/** ELU with alpha resolved (default 1). */
export function eluDefaults(layer: EluLayer): Required<EluLayer> {
  return { kind: 'elu', alpha: layer.alpha ?? DEFAULTS.elu.alpha };
}

/** Batch normalization with momentum (0.99) and epsilon (0.001) resolved. */
export function batchNormalizationDefaults(layer: BatchNormalizationLayer): Required<BatchNormalizationLayer> {
  return {
    kind: 'batch_normalization',
    momentum: layer.momentum ?? DEFAULTS.batch_normalization.momentum,
    epsilon: layer.epsilon ?? DEFAULTS.batch_normalization.epsilon,
  };
}

/** SGD with momentum (0) and nesterov (false) resolved. */
export function sgdDefaults(opt: SgdOptimizer): Required<SgdOptimizer> {
  return {
    name: 'sgd',
    learning_rate: opt.learning_rate,
    momentum: opt.momentum ?? DEFAULTS.sgd.momentum,
    nesterov: opt.nesterov ?? DEFAULTS.sgd.nesterov,
  };
}

/** Adam with beta_1 (0.9), beta_2 (0.999) and epsilon (1e-7) resolved. */
export function adamDefaults(opt: AdamOptimizer): Required<AdamOptimizer> {
  return {
    name: 'adam',
    learning_rate: opt.learning_rate,
    beta_1: opt.beta_1 ?? DEFAULTS.adam.beta_1,
    beta_2: opt.beta_2 ?? DEFAULTS.adam.beta_2,
    epsilon: opt.epsilon ?? DEFAULTS.adam.epsilon,
  };
}
