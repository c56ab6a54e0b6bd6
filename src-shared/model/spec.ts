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
export const MODEL_VERSION = 2 as const;

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
/**
 * Keras `regularizers.l1_l2(l1, l2)` on a kernel: adds l1·Σ|w| + l2·Σw² to the loss.
 * Omitted factors are 0; `{"l2": 0.01}` is the book's `l2(0.01)`.
 */
export interface KernelRegularizer {
  l1?: number;
  l2?: number;
}
/**
 * Keras `constraints.max_norm(max_value)`: after every training step, each unit's
 * incoming weight vector (a kernel column, axis 0) is rescaled to norm ≤ max_value.
 */
export interface MaxNormConstraint {
  name: 'max_norm';
  max_value: number;
}
/**
 * Fully connected layer. Defaults: activation `linear`, kernel_initializer `glorot_uniform`,
 * use_bias true, no regularizer, no constraint, trainable true (false = frozen: its
 * weights are not updated, as Keras' `layer.trainable = False`).
 */
export interface DenseLayer {
  kind: 'dense';
  units: number;
  activation?: ActivationId;
  kernel_initializer?: KernelInitializer;
  use_bias?: boolean;
  kernel_regularizer?: KernelRegularizer;
  kernel_constraint?: MaxNormConstraint;
  trainable?: boolean;
}
/** max(alpha·z, z). Default alpha 0.3 (Keras' and tfjs' default); the seed uses 0.2. */
export interface LeakyReluLayer {
  kind: 'leaky_relu';
  alpha?: number;
}
/** Leaky ReLU with a learned slope per unit; `trainable: false` freezes the slopes. */
export interface PreluLayer {
  kind: 'prelu';
  trainable?: boolean;
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
/**
 * Batch normalization over features (momentum 0.99, epsilon 1e-3 as Keras). Placed after
 * an activation, before one (then the dense layer in front needs no bias), or right after
 * `flatten` instead of standardizing the inputs. `trainable: false` freezes gamma/beta and
 * the moving statistics (Keras runs a frozen BN layer in inference mode).
 */
export interface BatchNormalizationLayer {
  kind: 'batch_normalization';
  momentum?: number;
  epsilon?: number;
  trainable?: boolean;
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

/**
 * Gradient clipping, on every optimizer object as in Keras: `clipvalue` clips each gradient
 * element to [−clipvalue, clipvalue]; `clipnorm` rescales each variable's gradient to L2
 * norm ≤ clipnorm (Keras 2/3 semantics: per variable, not global). Omitted = no clipping.
 * Both may be given: values are clipped first, then norms.
 */
export interface GradientClipping {
  clipnorm?: number;
  clipvalue?: number;
}
/** Plain or momentum SGD. Defaults: momentum 0, nesterov false. */
export interface SgdOptimizer extends GradientClipping {
  name: 'sgd';
  learning_rate: number;
  momentum?: number;
  nesterov?: boolean;
}
/** AdaGrad. Defaults (Keras): initial_accumulator_value 0.1, epsilon 1e-7. */
export interface AdagradOptimizer extends GradientClipping {
  name: 'adagrad';
  learning_rate: number;
  initial_accumulator_value?: number;
  epsilon?: number;
}
/** RMSProp. Defaults (Keras): rho 0.9, momentum 0, epsilon 1e-7. */
export interface RmspropOptimizer extends GradientClipping {
  name: 'rmsprop';
  learning_rate: number;
  rho?: number;
  momentum?: number;
  epsilon?: number;
}
/** Adam. Defaults: beta_1 0.9, beta_2 0.999, epsilon 1e-7 (Keras). */
export interface AdamOptimizer extends GradientClipping {
  name: 'adam';
  learning_rate: number;
  beta_1?: number;
  beta_2?: number;
  epsilon?: number;
}
/** AdaMax (Adam with the infinity norm). Defaults (Keras): beta_1 0.9, beta_2 0.999, epsilon 1e-7. */
export interface AdamaxOptimizer extends GradientClipping {
  name: 'adamax';
  learning_rate: number;
  beta_1?: number;
  beta_2?: number;
  epsilon?: number;
}
/** Nadam (Adam with Nesterov momentum). Defaults (Keras): beta_1 0.9, beta_2 0.999, epsilon 1e-7. */
export interface NadamOptimizer extends GradientClipping {
  name: 'nadam';
  learning_rate: number;
  beta_1?: number;
  beta_2?: number;
  epsilon?: number;
}
/** AdamW (Adam with decoupled weight decay). Defaults (Keras 3): weight_decay 0.004, beta_1 0.9, beta_2 0.999, epsilon 1e-7. */
export interface AdamwOptimizer extends GradientClipping {
  name: 'adamw';
  learning_rate: number;
  weight_decay?: number;
  beta_1?: number;
  beta_2?: number;
  epsilon?: number;
}
/** The optimizer: a discriminated union on `name` (Keras names). `learning_rate` is the initial rate a schedule starts from. */
export type OptimizerSpec =
  | SgdOptimizer
  | AdagradOptimizer
  | RmspropOptimizer
  | AdamOptimizer
  | AdamaxOptimizer
  | NadamOptimizer
  | AdamwOptimizer;

/**
 * Power scheduling, per step t (0-based count of steps taken): lr0 / (1 + t/decay_steps)^power.
 * Keras `InverseTimeDecay(lr0, decay_steps, 1)` when power is 1 (default); the book's
 * `decay=1e-4` is decay_steps 10000.
 */
export interface PowerSchedule {
  name: 'power';
  decay_steps: number;
  power?: number;
}
/** Exponential scheduling, per step t: lr0 · decay_rate^(t/decay_steps) (Keras `ExponentialDecay`). */
export interface ExponentialSchedule {
  name: 'exponential';
  decay_steps: number;
  decay_rate: number;
}
/**
 * Piecewise constant scheduling by epoch: `values[i]` while the number of finished epochs
 * is ≥ boundaries[i−1] and < boundaries[i]. The book's `[5, 15] → [0.01, 0.005, 0.001]`:
 * epochs 1–5 at 0.01, 6–15 at 0.005, then 0.001. Values are absolute rates (as Keras'
 * `PiecewiseConstantDecay`); boundaries increase; values has one more entry than boundaries.
 */
export interface PiecewiseConstantSchedule {
  name: 'piecewise_constant';
  boundaries: number[];
  values: number[];
}
/**
 * Performance scheduling (Keras `ReduceLROnPlateau` on val_loss): multiply the rate by
 * `factor` when val_loss has not improved by more than min_delta for `patience` epochs.
 * Defaults: factor 0.5, patience 5, min_delta 0, min_lr 0.
 */
export interface PerformanceSchedule {
  name: 'performance';
  factor?: number;
  patience?: number;
  min_delta?: number;
  min_lr?: number;
}
/**
 * 1cycle (the book's `OneCycleScheduler`) over the whole run's steps: linear from
 * start_rate up to max_rate over the first half of the steps before the last
 * `last_fraction`, back down to start_rate over the second half, then linear to
 * last_rate. Defaults: start_rate max_rate/10, last_rate start_rate/1000, last_fraction 0.1.
 * The optimizer's learning_rate is not used.
 */
export interface OneCycleSchedule {
  name: 'one_cycle';
  max_rate: number;
  start_rate?: number;
  last_rate?: number;
  last_fraction?: number;
}
/** A learning-rate schedule: a discriminated union on `name`. */
export type LrScheduleSpec = PowerSchedule | ExponentialSchedule | PiecewiseConstantSchedule | PerformanceSchedule | OneCycleSchedule;

/**
 * Keras `EarlyStopping(monitor="val_loss")`: stop after `patience` epochs without a val_loss
 * improvement larger than min_delta. Defaults: min_delta 0, restore_best_weights true (the
 * book's choice; Keras' own default is false) — the model then ends with the best epoch's weights.
 */
export interface EarlyStoppingSpec {
  patience: number;
  min_delta?: number;
  restore_best_weights?: boolean;
}

/**
 * The transfer-learning second phase: after `after_epochs` epochs every layer becomes
 * trainable and the optimizer restarts (fresh state, as Keras' recompile) at `learning_rate`.
 * The book: frozen for 4 epochs, then unfrozen at 1e-4.
 */
export interface UnfreezeSpec {
  after_epochs: number;
  learning_rate: number;
}

/** Training settings stored with the model. */
export interface TrainingSpec {
  optimizer: OptimizerSpec;
  epochs: number;
  batch_size: number;
  seed: number;
  /** Omitted: the optimizer's learning_rate throughout. */
  lr_schedule?: LrScheduleSpec;
  /** Omitted: every epoch runs. */
  early_stopping?: EarlyStoppingSpec;
  /** Omitted: frozen layers stay frozen. */
  unfreeze?: UnfreezeSpec;
}

/**
 * Reusing the layers of a saved run (transfer learning): the first `layers` entries of
 * `layers` start from run `run`'s saved weights (matched by layer name and shape; the
 * rest are initialized as usual). Freeze them with `trainable: false`.
 */
export interface TransferSpec {
  run: string;
  layers: number;
}

/** The versioned model document (`*.json`, snake_case keys, Keras identifiers). */
export interface ModelSpec {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  name: string;
  description?: string;
  dataset: DatasetId;
  /**
   * Train on these classes of the dataset only (ascending, distinct, at least 2), e.g.
   * `[0, 1, 2, 3, 4, 7, 8, 9]`; the output layer has one unit per class, in this order.
   * Omitted: every class of the dataset.
   */
  classes?: number[];
  preprocess: PreprocessId;
  layers: LayerSpec[];
  training: TrainingSpec;
  /** Omitted: every layer starts from its initializer. */
  transfer?: TransferSpec;
}

/** A version-1 document as written before version 2 (the same shape minus the version-2 keys). */
export interface ModelSpecV1 extends Omit<ModelSpec, 'version' | 'classes' | 'transfer'> {
  version: 1;
}

/** Exhaustiveness guard for `switch` statements over unions. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
