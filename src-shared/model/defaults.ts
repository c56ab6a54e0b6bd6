import type {
  AdagradOptimizer,
  AdamaxOptimizer,
  AdamOptimizer,
  AdamwOptimizer,
  EarlyStoppingSpec,
  LayerSpec,
  NadamOptimizer,
  OneCycleSchedule,
  PerformanceSchedule,
  RmspropOptimizer,
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
} as const;

/** A dense layer with every optional field filled: `{kind, units, activation: 'linear', kernel_initializer: 'glorot_uniform', use_bias: true}`. */
export function denseDefaults(layer: DenseLayer): Required<Pick<DenseLayer, 'kind' | 'units' | 'activation' | 'kernel_initializer' | 'use_bias'>> {
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
export function batchNormalizationDefaults(layer: BatchNormalizationLayer): Required<Omit<BatchNormalizationLayer, 'trainable'>> {
  return {
    kind: 'batch_normalization',
    momentum: layer.momentum ?? DEFAULTS.batch_normalization.momentum,
    epsilon: layer.epsilon ?? DEFAULTS.batch_normalization.epsilon,
  };
}

/** SGD with momentum (0) and nesterov (false) resolved. */
export function sgdDefaults(opt: SgdOptimizer): Required<Omit<SgdOptimizer, 'clipnorm' | 'clipvalue'>> {
  return {
    name: 'sgd',
    learning_rate: opt.learning_rate,
    momentum: opt.momentum ?? DEFAULTS.sgd.momentum,
    nesterov: opt.nesterov ?? DEFAULTS.sgd.nesterov,
  };
}

/** Adam with beta_1 (0.9), beta_2 (0.999) and epsilon (1e-7) resolved. */
export function adamDefaults(opt: AdamOptimizer): Required<Omit<AdamOptimizer, 'clipnorm' | 'clipvalue'>> {
  return adamFamilyDefaults(opt);
}

/** AdaGrad with initial_accumulator_value (0.1) and epsilon (1e-7) resolved. */
export function adagradDefaults(opt: AdagradOptimizer): Required<Omit<AdagradOptimizer, 'clipnorm' | 'clipvalue'>> {
  return {
    name: 'adagrad',
    learning_rate: opt.learning_rate,
    initial_accumulator_value: opt.initial_accumulator_value ?? DEFAULTS.adagrad.initial_accumulator_value,
    epsilon: opt.epsilon ?? DEFAULTS.adagrad.epsilon,
  };
}

/** RMSProp with rho (0.9), momentum (0) and epsilon (1e-7) resolved. */
export function rmspropDefaults(opt: RmspropOptimizer): Required<Omit<RmspropOptimizer, 'clipnorm' | 'clipvalue'>> {
  return {
    name: 'rmsprop',
    learning_rate: opt.learning_rate,
    rho: opt.rho ?? DEFAULTS.rmsprop.rho,
    momentum: opt.momentum ?? DEFAULTS.rmsprop.momentum,
    epsilon: opt.epsilon ?? DEFAULTS.rmsprop.epsilon,
  };
}

/** The Adam family's betas and epsilon resolved (Adam, AdaMax, Nadam and AdamW share Keras' 0.9 / 0.999 / 1e-7). */
export function adamFamilyDefaults<T extends AdamOptimizer | AdamaxOptimizer | NadamOptimizer | AdamwOptimizer>(
  opt: T,
): { name: T['name']; learning_rate: number; beta_1: number; beta_2: number; epsilon: number } {
  const d = DEFAULTS[opt.name];
  return { name: opt.name, learning_rate: opt.learning_rate, beta_1: opt.beta_1 ?? d.beta_1, beta_2: opt.beta_2 ?? d.beta_2, epsilon: opt.epsilon ?? d.epsilon };
}

/** AdamW with weight_decay (0.004), betas and epsilon resolved. */
export function adamwDefaults(opt: AdamwOptimizer): Required<Omit<AdamwOptimizer, 'clipnorm' | 'clipvalue'>> {
  return { ...adamFamilyDefaults(opt), weight_decay: opt.weight_decay ?? DEFAULTS.adamw.weight_decay };
}

/** ReduceLROnPlateau's factor (0.5), patience (5), min_delta (0) and min_lr (0) resolved. */
export function performanceDefaults(s: PerformanceSchedule): Required<PerformanceSchedule> {
  const d = DEFAULTS.performance;
  return { name: 'performance', factor: s.factor ?? d.factor, patience: s.patience ?? d.patience, min_delta: s.min_delta ?? d.min_delta, min_lr: s.min_lr ?? d.min_lr };
}

/** 1cycle with start_rate (max_rate/10), last_rate (start_rate/1000) and last_fraction (0.1) resolved. */
export function oneCycleDefaults(s: OneCycleSchedule): Required<OneCycleSchedule> {
  const start_rate = s.start_rate ?? s.max_rate / 10;
  return {
    name: 'one_cycle',
    max_rate: s.max_rate,
    start_rate,
    last_rate: s.last_rate ?? start_rate / 1000,
    last_fraction: s.last_fraction ?? DEFAULTS.one_cycle.last_fraction,
  };
}

/** Early stopping with min_delta (0) and restore_best_weights (true) resolved. */
export function earlyStoppingDefaults(e: EarlyStoppingSpec): Required<EarlyStoppingSpec> {
  return {
    patience: e.patience,
    min_delta: e.min_delta ?? DEFAULTS.early_stopping.min_delta,
    restore_best_weights: e.restore_best_weights ?? DEFAULTS.early_stopping.restore_best_weights,
  };
}

/** Whether a layer's weights are updated (dense, prelu and batch_normalization have a `trainable` flag; default true). */
export function isTrainable(layer: LayerSpec): boolean {
  return 'trainable' in layer && layer.trainable !== undefined ? layer.trainable : DEFAULTS.layer.trainable;
}
