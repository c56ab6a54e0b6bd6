import type {
  ActivationId,
  DatasetId,
  FanMode,
  NamedInitializerId,
  PreprocessId,
  VsDistribution,
} from './ids.js';

/** Format tag and version written at the top of every model document. */
export const MODEL_FORMAT = 'gradient-lab/model' as const;
export const MODEL_VERSION = 1 as const;

/** `{"name": "random_normal", "mean": 0, "stddev": 1}` — the seed's "standard normal". */
export interface RandomNormalInit {
  name: 'random_normal';
  mean: number;
  stddev: number;
}
/** `{"name": "random_uniform", "minval": -0.05, "maxval": 0.05}` */
export interface RandomUniformInit {
  name: 'random_uniform';
  minval: number;
  maxval: number;
}
/** Keras `VarianceScaling(scale, mode, distribution)`. */
export interface VarianceScalingInit {
  name: 'variance_scaling';
  scale: number;
  mode: FanMode;
  distribution: VsDistribution;
}
/** A kernel initializer: a Keras name or a configured object. */
export type KernelInitializer = NamedInitializerId | RandomNormalInit | RandomUniformInit | VarianceScalingInit;

/** Flattens 28×28 images to 784 features. */
export interface FlattenLayer {
  kind: 'flatten';
}
/** Fully connected layer. Defaults: activation `linear`, kernel_initializer `glorot_uniform`, use_bias true. */
export interface DenseLayer {
  kind: 'dense';
  units: number;
  activation?: ActivationId;
  kernel_initializer?: KernelInitializer;
  use_bias?: boolean;
}
/** max(alpha·z, z). Default alpha 0.3 (Keras' and tfjs' default); the seed uses 0.2. */
export interface LeakyReluLayer {
  kind: 'leaky_relu';
  alpha?: number;
}
/** Leaky ReLU with a learned slope per unit. */
export interface PreluLayer {
  kind: 'prelu';
}
/** Randomized leaky ReLU: slope ~ U(lower, upper) while training, (lower+upper)/2 at inference. Defaults 1/8 and 1/3. */
export interface RreluLayer {
  kind: 'rrelu';
  lower?: number;
  upper?: number;
}
/** ELU with alpha (default 1). */
export interface EluLayer {
  kind: 'elu';
  alpha?: number;
}
/** A standalone activation function. */
export interface ActivationLayer {
  kind: 'activation';
  activation: ActivationId;
}
/** Batch normalization over features (momentum 0.99, epsilon 1e-3 as Keras). */
export interface BatchNormalizationLayer {
  kind: 'batch_normalization';
  momentum?: number;
  epsilon?: number;
}
/** Dropout with the given rate in [0, 1). */
export interface DropoutLayer {
  kind: 'dropout';
  rate: number;
}
/** Alpha dropout (keeps SELU's self-normalization) with the given rate in [0, 1). */
export interface AlphaDropoutLayer {
  kind: 'alpha_dropout';
  rate: number;
}

/** One layer of the stack: a discriminated union on `kind`. */
export type LayerSpec =
  | FlattenLayer
  | DenseLayer
  | LeakyReluLayer
  | PreluLayer
  | RreluLayer
  | EluLayer
  | ActivationLayer
  | BatchNormalizationLayer
  | DropoutLayer
  | AlphaDropoutLayer;

/** Plain or momentum SGD. Defaults: momentum 0, nesterov false. */
export interface SgdOptimizer {
  name: 'sgd';
  learning_rate: number;
  momentum?: number;
  nesterov?: boolean;
}
/** Adam. Defaults: beta_1 0.9, beta_2 0.999, epsilon 1e-7 (Keras). */
export interface AdamOptimizer {
  name: 'adam';
  learning_rate: number;
  beta_1?: number;
  beta_2?: number;
  epsilon?: number;
}
export type OptimizerSpec = SgdOptimizer | AdamOptimizer;

/** Training settings stored with the model. */
export interface TrainingSpec {
  optimizer: OptimizerSpec;
  epochs: number;
  batch_size: number;
  seed: number;
}

/** The versioned model document (`*.json`, snake_case keys, Keras identifiers). */
export interface ModelSpec {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  name: string;
  description?: string;
  dataset: DatasetId;
  preprocess: PreprocessId;
  layers: LayerSpec[];
  training: TrainingSpec;
}

/** Exhaustiveness guard for `switch` statements over unions. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
