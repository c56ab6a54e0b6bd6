/**
 * Keras identifiers used by the model document. Each list is the single source of
 * the spelling; types are derived from them so that a new identifier without a
 * mapping elsewhere fails to compile.
 */

/** Datasets shipped with the app (no download at run time). */
export const DATASET_IDS = ['fashion-mnist', 'mnist'] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

/** Input preprocessing: `scale` = pixels / 255; `standardize` = per-feature mean 0 / std 1 from the training split. */
export const PREPROCESS_IDS = ['scale', 'standardize'] as const;
export type PreprocessId = (typeof PREPROCESS_IDS)[number];

/** Activation functions accepted by `dense.activation` and `activation.activation`. */
export const ACTIVATION_IDS = ['linear', 'relu', 'leaky_relu', 'elu', 'selu', 'sigmoid', 'tanh', 'softmax'] as const;
export type ActivationId = (typeof ACTIVATION_IDS)[number];

/** Initializers that are named by a plain string. */
export const NAMED_INITIALIZER_IDS = [
  'glorot_uniform',
  'glorot_normal',
  'he_normal',
  'he_uniform',
  'lecun_normal',
  'lecun_uniform',
] as const;
export type NamedInitializerId = (typeof NAMED_INITIALIZER_IDS)[number];

/** `variance_scaling` modes: which fan the variance is divided by. */
export const FAN_MODES = ['fan_in', 'fan_out', 'fan_avg'] as const;
export type FanMode = (typeof FAN_MODES)[number];

/** `variance_scaling` distributions (Keras spellings; `truncated_normal` is corrected to the intended std). */
export const VS_DISTRIBUTIONS = ['truncated_normal', 'untruncated_normal', 'uniform'] as const;
export type VsDistribution = (typeof VS_DISTRIBUTIONS)[number];

/** Layer kinds of the model document. */
export const LAYER_KINDS = [
  'flatten',
  'dense',
  'leaky_relu',
  'prelu',
  'rrelu',
  'elu',
  'activation',
  'batch_normalization',
  'dropout',
  'alpha_dropout',
] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

/** Optimizers (Keras names): SGD (with momentum / Nesterov), AdaGrad, RMSProp, Adam, AdaMax, Nadam, AdamW. */
export const OPTIMIZER_IDS = ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamax', 'nadam', 'adamw'] as const;
export type OptimizerId = (typeof OPTIMIZER_IDS)[number];

/**
 * Learning-rate schedules of the chapter: power, exponential, piecewise constant,
 * performance (reduce on plateau) and 1cycle. `training.lr_schedule.name`.
 */
export const LR_SCHEDULE_IDS = ['power', 'exponential', 'piecewise_constant', 'performance', 'one_cycle'] as const;
export type LrScheduleId = (typeof LR_SCHEDULE_IDS)[number];

/** Model document versions this app reads; older ones are migrated to the newest on reading. */
export const READABLE_MODEL_VERSIONS = [1, 2] as const;
