import { z } from 'zod';
import {
  ACTIVATION_IDS,
  DATASET_IDS,
  FAN_MODES,
  LAYER_KINDS,
  NAMED_INITIALIZER_IDS,
  LR_SCHEDULE_IDS,
  OPTIMIZER_IDS,
  PREPROCESS_IDS,
  READABLE_MODEL_VERSIONS,
  VS_DISTRIBUTIONS,
  type LayerKind,
  type LrScheduleId,
  type OptimizerId,
} from './ids.js';
import { CLASSES } from '../data/types.js';
import { DEFAULTS } from './defaults.js';
import { MODEL_FORMAT, MODEL_VERSION, type KernelInitializer, type LayerSpec, type ModelSpec, type TrainingSpec } from './spec.js';

/*
 * Every schema carries its own message ("expected …"); validate.ts adds the path and the
 * received value. Objects are strict so a misspelt key is reported, never silently dropped.
 */

/** Most layers a document may hold (a 100-layer net is the chapter's deepest). */
export const MAX_LAYERS = 1000;
/** Most units a dense layer may have. */
export const MAX_UNITS = 100_000;
/** Longest model name, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 200;
/** Longest description, in UTF-16 code units. */
export const MAX_DESCRIPTION_LENGTH = 2000;
/** Largest seed (fits a signed 32-bit integer, as tfjs and NumPy seeds do). */
export const MAX_SEED = 2 ** 31 - 1;

/** Names of the configured (object) initializers, the discriminator values of `kernel_initializer` objects. */
export const INITIALIZER_OBJECT_NAMES = ['random_normal', 'random_uniform', 'variance_scaling'] as const satisfies readonly Exclude<
  KernelInitializer,
  string
>['name'][];

const oneOf = (ids: readonly string[]): string => `expected one of ${ids.join(', ')}`;

function enumOf<const T extends readonly [string, ...string[]]>(ids: T) {
  return z.enum(ids, { error: oneOf(ids) });
}

/** A finite number passing `ok`; one message for wrong type and wrong value alike. */
function num(expected: string, ok: (v: number) => boolean = () => true) {
  return z.number({ error: expected }).refine(ok, { error: expected });
}

function int(min: number, max: number) {
  const expected = `expected an integer from ${min} to ${max}`;
  return num(expected, (v) => Number.isInteger(v) && v >= min && v <= max);
}

const bool = () => z.boolean({ error: 'expected true or false' });
const inUnitInterval = () => num('expected a number in [0, 1)', (v) => v >= 0 && v < 1);
const inClosedUnit = () => num('expected a number in [0, 1]', (v) => v >= 0 && v <= 1);
const nonNegative = () => num('expected a number ≥ 0', (v) => v >= 0);
const positive = () => num('expected a number > 0', (v) => v > 0);

/** A strict object whose messages list the keys it allows. */
function strict<S extends z.core.$ZodLooseShape>(shape: S, what: string) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key (allowed: ${allowed})` : `expected ${what}`),
  });
}

const units = z
  .number({ error: 'expected a positive integer' })
  .refine((v) => Number.isInteger(v) && v >= 1, { error: 'expected a positive integer', abort: true })
  .refine((v) => v <= MAX_UNITS, { error: `expected at most ${MAX_UNITS} units` });

const activation = enumOf(ACTIVATION_IDS);

const randomNormalInit = strict(
  { name: z.literal('random_normal'), mean: num('expected a number'), stddev: positive() },
  'an initializer object',
);
const randomUniformInit = strict(
  { name: z.literal('random_uniform'), minval: num('expected a number'), maxval: num('expected a number') },
  'an initializer object',
).superRefine((init, ctx) => {
  if (!(init.minval < init.maxval)) {
    ctx.addIssue({ code: 'custom', path: ['maxval'], input: init.maxval, message: `expected a number > minval (${init.minval})` });
  }
});
const varianceScalingInit = strict(
  { name: z.literal('variance_scaling'), scale: positive(), mode: enumOf(FAN_MODES), distribution: enumOf(VS_DISTRIBUTIONS) },
  'an initializer object',
);

/** Object initializers by `name`; their shape key order is the canonical order in files. */
export const INITIALIZER_OBJECT_SCHEMAS = {
  random_normal: randomNormalInit,
  random_uniform: randomUniformInit,
  variance_scaling: varianceScalingInit,
} as const satisfies Record<(typeof INITIALIZER_OBJECT_NAMES)[number], z.ZodType>;

const initializerObject = z.discriminatedUnion('name', [randomNormalInit, randomUniformInit, varianceScalingInit], {
  error: (iss) => (iss.code === 'invalid_union' ? oneOf(INITIALIZER_OBJECT_NAMES) : 'expected an initializer object'),
});

/** `"he_normal"` or `{"name": "variance_scaling", …}`. */
export const kernelInitializerSchema = z.union([enumOf(NAMED_INITIALIZER_IDS), initializerObject], {
  error: `${oneOf(NAMED_INITIALIZER_IDS)}, or an object {"name": ${INITIALIZER_OBJECT_NAMES.map((n) => `"${n}"`).join(' | ')}, …}`,
});

/** `{"l2": 0.01}`: Keras `regularizers.l1_l2`; omitted factors are 0. */
export const kernelRegularizerSchema = strict(
  { l1: nonNegative().optional(), l2: nonNegative().optional() },
  'a regularizer object such as {"l2": 0.01}',
);
/** `{"name": "max_norm", "max_value": 1}`: Keras `constraints.max_norm`. */
export const kernelConstraintSchema = strict(
  { name: z.literal('max_norm', { error: 'expected "max_norm"' }), max_value: positive() },
  'a constraint object such as {"name": "max_norm", "max_value": 1}',
);

const flattenLayer = strict({ kind: z.literal('flatten') }, 'a layer object');
const denseLayer = strict(
  {
    kind: z.literal('dense'),
    units,
    activation: activation.optional(),
    kernel_initializer: kernelInitializerSchema.optional(),
    use_bias: bool().optional(),
    kernel_regularizer: kernelRegularizerSchema.optional(),
    kernel_constraint: kernelConstraintSchema.optional(),
    trainable: bool().optional(),
  },
  'a layer object',
);
const leakyReluLayer = strict({ kind: z.literal('leaky_relu'), alpha: nonNegative().optional() }, 'a layer object');
const preluLayer = strict({ kind: z.literal('prelu'), trainable: bool().optional() }, 'a layer object');
const rreluLayer = strict(
  { kind: z.literal('rrelu'), lower: inClosedUnit().optional(), upper: inClosedUnit().optional() },
  'a layer object',
).superRefine((layer, ctx) => {
  // Compared with the defaults filled in, so `{"lower": 0.5}` alone is caught too (default upper 1/3).
  const lower = layer.lower ?? DEFAULTS.rrelu.lower;
  const upper = layer.upper ?? DEFAULTS.rrelu.upper;
  if (lower <= upper) return;
  if (layer.lower === undefined) {
    ctx.addIssue({ code: 'custom', path: ['upper'], input: layer.upper, message: 'expected a number ≥ the default lower, 1/8' });
  } else {
    const bound = layer.upper === undefined ? 'the default upper, 1/3' : `upper (${upper})`;
    ctx.addIssue({ code: 'custom', path: ['lower'], input: layer.lower, message: `expected a number ≤ ${bound}` });
  }
});
const eluLayer = strict({ kind: z.literal('elu'), alpha: nonNegative().optional() }, 'a layer object');
const activationLayer = strict({ kind: z.literal('activation'), activation }, 'a layer object');
const batchNormalizationLayer = strict(
  {
    kind: z.literal('batch_normalization'),
    momentum: inUnitInterval().optional(),
    epsilon: positive().optional(),
    trainable: bool().optional(),
  },
  'a layer object',
);
const dropoutLayer = strict({ kind: z.literal('dropout'), rate: inUnitInterval() }, 'a layer object');
const alphaDropoutLayer = strict({ kind: z.literal('alpha_dropout'), rate: inUnitInterval() }, 'a layer object');

/** Layer schemas by `kind`; their shape key order is the canonical order in files. */
export const LAYER_SCHEMAS = {
  flatten: flattenLayer,
  dense: denseLayer,
  leaky_relu: leakyReluLayer,
  prelu: preluLayer,
  rrelu: rreluLayer,
  elu: eluLayer,
  activation: activationLayer,
  batch_normalization: batchNormalizationLayer,
  dropout: dropoutLayer,
  alpha_dropout: alphaDropoutLayer,
} as const satisfies Record<LayerKind, z.ZodType>;

/** One layer: discriminated on `kind`. */
export const layerSchema = z.discriminatedUnion(
  'kind',
  [
    flattenLayer,
    denseLayer,
    leakyReluLayer,
    preluLayer,
    rreluLayer,
    eluLayer,
    activationLayer,
    batchNormalizationLayer,
    dropoutLayer,
    alphaDropoutLayer,
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union' ? oneOf(LAYER_KINDS) : 'expected a layer object such as {"kind": "dense", "units": 100}',
  },
);

/** Gradient clipping keys every optimizer accepts (Keras' own), last in canonical order. */
const clipping = { clipnorm: positive().optional(), clipvalue: positive().optional() };
const adamBetas = {
  beta_1: inUnitInterval().optional(),
  beta_2: inUnitInterval().optional(),
  epsilon: positive().optional(),
};
const OPTIMIZER_OBJECT = 'an optimizer object';

const sgdOptimizer = strict(
  {
    name: z.literal('sgd'),
    learning_rate: positive(),
    momentum: inUnitInterval().optional(),
    nesterov: bool().optional(),
    ...clipping,
  },
  OPTIMIZER_OBJECT,
);
const adagradOptimizer = strict(
  {
    name: z.literal('adagrad'),
    learning_rate: positive(),
    initial_accumulator_value: nonNegative().optional(),
    epsilon: positive().optional(),
    ...clipping,
  },
  OPTIMIZER_OBJECT,
);
const rmspropOptimizer = strict(
  {
    name: z.literal('rmsprop'),
    learning_rate: positive(),
    rho: inUnitInterval().optional(),
    momentum: inUnitInterval().optional(),
    epsilon: positive().optional(),
    ...clipping,
  },
  OPTIMIZER_OBJECT,
);
const adamOptimizer = strict({ name: z.literal('adam'), learning_rate: positive(), ...adamBetas, ...clipping }, OPTIMIZER_OBJECT);
const adamaxOptimizer = strict({ name: z.literal('adamax'), learning_rate: positive(), ...adamBetas, ...clipping }, OPTIMIZER_OBJECT);
const nadamOptimizer = strict({ name: z.literal('nadam'), learning_rate: positive(), ...adamBetas, ...clipping }, OPTIMIZER_OBJECT);
const adamwOptimizer = strict(
  { name: z.literal('adamw'), learning_rate: positive(), weight_decay: nonNegative().optional(), ...adamBetas, ...clipping },
  OPTIMIZER_OBJECT,
);

/** Optimizer schemas by `name`; their shape key order is the canonical order in files. */
export const OPTIMIZER_SCHEMAS = {
  sgd: sgdOptimizer,
  adagrad: adagradOptimizer,
  rmsprop: rmspropOptimizer,
  adam: adamOptimizer,
  adamax: adamaxOptimizer,
  nadam: nadamOptimizer,
  adamw: adamwOptimizer,
} as const satisfies Record<OptimizerId, z.ZodType>;

/** The optimizer: discriminated on `name`. */
export const optimizerSchema = z.discriminatedUnion(
  'name',
  [sgdOptimizer, adagradOptimizer, rmspropOptimizer, adamOptimizer, adamaxOptimizer, nadamOptimizer, adamwOptimizer],
  {
    error: (iss) =>
      iss.code === 'invalid_union' ? oneOf(OPTIMIZER_IDS) : 'expected an optimizer object such as {"name": "sgd", "learning_rate": 0.001}',
  },
);

/** Most epochs a run may have (`training.epochs`); epoch counts elsewhere (boundaries, patience, after_epochs) share the bound. */
export const MAX_EPOCHS = 1000;

/*
 * zod runs an object's refinements even when one of its fields failed its own check, so the
 * cross-field rules below compare only values that passed (else they would add a second,
 * misleading problem about the same bad value).
 */
const isEpoch = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_EPOCHS;
const isPositive = (v: unknown): boolean => typeof v === 'number' && v > 0 && Number.isFinite(v);
const isClass = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < CLASSES;

const SCHEDULE_OBJECT = 'a learning-rate schedule object';
const epochCount = () => int(1, MAX_EPOCHS);

const powerSchedule = strict({ name: z.literal('power'), decay_steps: positive(), power: positive().optional() }, SCHEDULE_OBJECT);
const exponentialSchedule = strict(
  {
    name: z.literal('exponential'),
    decay_steps: positive(),
    // 1 keeps the rate constant; above 1 it would grow without bound.
    decay_rate: num('expected a number in (0, 1]', (v) => v > 0 && v <= 1),
  },
  SCHEDULE_OBJECT,
);
const piecewiseConstantSchedule = strict(
  {
    name: z.literal('piecewise_constant'),
    boundaries: z
      .array(epochCount(), { error: 'expected an array of epoch numbers such as [5, 15]' })
      .min(1, { error: 'expected at least one boundary (an epoch number such as 5)' })
      .max(MAX_EPOCHS, { error: `expected at most ${MAX_EPOCHS} boundaries` }),
    values: z.array(positive(), { error: 'expected an array of learning rates such as [0.01, 0.005, 0.001]' }),
  },
  SCHEDULE_OBJECT,
).superRefine((s, ctx) => {
  for (let i = 1; i < s.boundaries.length; i++) {
    const prev = s.boundaries[i - 1]!;
    // zod runs this even when an element failed its own check; compare valid epochs only.
    if (isEpoch(prev) && isEpoch(s.boundaries[i]) && s.boundaries[i]! <= prev) {
      ctx.addIssue({ code: 'custom', path: ['boundaries', i], input: s.boundaries[i], message: `expected an epoch after boundaries[${i - 1}] (${prev})` });
    }
  }
  if (s.values.length !== s.boundaries.length + 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['values'],
      input: s.values,
      message: `expected ${s.boundaries.length + 1} values, one more than the ${s.boundaries.length} boundaries`,
    });
  }
});
const performanceSchedule = strict(
  {
    name: z.literal('performance'),
    factor: num('expected a number in (0, 1)', (v) => v > 0 && v < 1).optional(),
    patience: epochCount().optional(),
    min_delta: nonNegative().optional(),
    min_lr: nonNegative().optional(),
  },
  SCHEDULE_OBJECT,
);
const oneCycleSchedule = strict(
  {
    name: z.literal('one_cycle'),
    max_rate: positive(),
    start_rate: positive().optional(),
    last_rate: positive().optional(),
    last_fraction: inUnitInterval().optional(),
  },
  SCHEDULE_OBJECT,
).superRefine((s, ctx) => {
  // The cycle climbs from start_rate to max_rate; the other way round it would be no cycle.
  if (s.start_rate !== undefined && isPositive(s.max_rate) && isPositive(s.start_rate) && s.start_rate > s.max_rate) {
    ctx.addIssue({ code: 'custom', path: ['start_rate'], input: s.start_rate, message: `expected a number ≤ max_rate (${s.max_rate})` });
  }
});

/** Schedule schemas by `name`; their shape key order is the canonical order in files. */
export const LR_SCHEDULE_SCHEMAS = {
  power: powerSchedule,
  exponential: exponentialSchedule,
  piecewise_constant: piecewiseConstantSchedule,
  performance: performanceSchedule,
  one_cycle: oneCycleSchedule,
} as const satisfies Record<LrScheduleId, z.ZodType>;

/** The learning-rate schedule: discriminated on `name`. */
export const lrScheduleSchema = z.discriminatedUnion(
  'name',
  [powerSchedule, exponentialSchedule, piecewiseConstantSchedule, performanceSchedule, oneCycleSchedule],
  {
    error: (iss) =>
      iss.code === 'invalid_union' ? oneOf(LR_SCHEDULE_IDS) : 'expected a learning-rate schedule object such as {"name": "exponential", "decay_steps": 20000, "decay_rate": 0.1}',
  },
);

/** `{"patience": 10, "min_delta": 0, "restore_best_weights": true}`. */
export const earlyStoppingSchema = strict(
  { patience: epochCount(), min_delta: nonNegative().optional(), restore_best_weights: bool().optional() },
  'an early-stopping object such as {"patience": 10}',
);

/** `{"after_epochs": 4, "learning_rate": 0.0001}`. */
export const unfreezeSchema = strict(
  { after_epochs: epochCount(), learning_rate: positive() },
  'an unfreeze object such as {"after_epochs": 4, "learning_rate": 0.0001}',
);

/** Training settings. */
export const trainingSchema = strict(
  {
    optimizer: optimizerSchema,
    epochs: int(1, MAX_EPOCHS),
    batch_size: int(1, 65536),
    seed: int(0, MAX_SEED),
    lr_schedule: lrScheduleSchema.optional(),
    early_stopping: earlyStoppingSchema.optional(),
    unfreeze: unfreezeSchema.optional(),
  },
  'the training settings: an object with optimizer, epochs, batch_size and seed',
).superRefine((t, ctx) => {
  // Unfreezing at or after the last epoch would never train the unfrozen layers.
  if (t.unfreeze !== undefined && isEpoch(t.epochs) && isEpoch(t.unfreeze.after_epochs) && t.unfreeze.after_epochs >= t.epochs) {
    ctx.addIssue({
      code: 'custom',
      path: ['unfreeze', 'after_epochs'],
      input: t.unfreeze.after_epochs,
      message: `expected fewer epochs than training.epochs (${t.epochs})`,
    });
  }
});

/** `{"run": "20260101-120000-abcd", "layers": 5}`: the first 5 layers start from that run's weights. */
export const transferSchema = strict(
  {
    run: z
      .string({ error: 'expected the id of a saved run (a non-empty string)' })
      .refine((s) => s.trim().length > 0 && s.length <= MAX_NAME_LENGTH, { error: 'expected the id of a saved run (a non-empty string)' }),
    layers: int(1, MAX_LAYERS),
  },
  'a transfer object such as {"run": "<run id>", "layers": 5}',
);

const CLASS_IDS = `expected an integer from 0 to ${CLASSES - 1} (a class of the dataset)`;
/** `[0, 1, 2, 3, 4, 7, 8, 9]`: ascending, distinct class numbers of the dataset, at least two. */
export const classesSchema = z
  .array(num(CLASS_IDS, (v) => Number.isInteger(v) && v >= 0 && v < CLASSES), {
    error: `expected an array of class numbers such as [0, 1, 2, 3, 4, 7, 8, 9]`,
  })
  .superRefine((classes, ctx) => {
    if (classes.length < 2) {
      ctx.addIssue({ code: 'custom', input: classes, message: 'expected at least 2 classes (a classifier needs two to tell apart)' });
      return;
    }
    for (let i = 1; i < classes.length; i++) {
      const prev = classes[i - 1]!;
      if (isClass(prev) && isClass(classes[i]) && classes[i]! <= prev) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          input: classes[i],
          message: `expected a class above classes[${i - 1}] (${prev}): classes are listed in ascending order, each once`,
        });
      }
    }
  });

/** The whole model document; key order here is the canonical key order of files. */
export const modelSchema = strict(
  {
    format: z.literal(MODEL_FORMAT, { error: `expected "${MODEL_FORMAT}"` }),
    // Older versions were migrated before the schema runs (validate.ts), so only the newest is left to accept.
    version: z.literal(MODEL_VERSION, { error: `this app reads versions ${READABLE_MODEL_VERSIONS.join(' and ')}` }),
    name: z
      .string({ error: `expected a non-empty string of at most ${MAX_NAME_LENGTH} characters` })
      .refine((s) => s.trim().length > 0 && s.length <= MAX_NAME_LENGTH, {
        error: `expected a non-empty string of at most ${MAX_NAME_LENGTH} characters`,
      }),
    description: z
      .string({ error: `expected a string of at most ${MAX_DESCRIPTION_LENGTH} characters` })
      .refine((s) => s.length <= MAX_DESCRIPTION_LENGTH, { error: `expected a string of at most ${MAX_DESCRIPTION_LENGTH} characters` })
      .optional(),
    dataset: enumOf(DATASET_IDS),
    classes: classesSchema.optional(),
    preprocess: enumOf(PREPROCESS_IDS),
    layers: z
      .array(layerSchema, { error: 'expected an array of layers' })
      .max(MAX_LAYERS, { error: `expected at most ${MAX_LAYERS} layers` }),
    training: trainingSchema,
    transfer: transferSchema.optional(),
  },
  `a model document: a JSON object with format, version, name, dataset, preprocess, layers and training`,
);

// The schema and the hand-written types must describe the same documents: assignable both ways,
// and the same keys at every level (assignability alone would let an extra optional key slip by).
type Parsed = z.infer<typeof modelSchema>;
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Keys<T> = T extends unknown ? keyof T : never;
type SameKeys<A, B> = Same<Keys<A>, Keys<B>>;
type ParsedTraining = Parsed['training'];
type ParsedLayer = Parsed['layers'][number];
type ParsedDense = Extract<ParsedLayer, { kind: 'dense' }>;
type SpecDense = Extract<LayerSpec, { kind: 'dense' }>;
type ParsedInit = Exclude<NonNullable<Extract<ParsedLayer, { kind: 'dense' }>['kernel_initializer']>, string>;
type SpecInit = Exclude<KernelInitializer, string>;
/** Compile-time proof that `z.infer<typeof modelSchema>` and `ModelSpec` agree; a drift fails to compile here. */
export type SchemaMatchesSpec = [
  Assert<Same<Parsed, ModelSpec>>,
  Assert<SameKeys<Parsed, ModelSpec>>,
  Assert<SameKeys<ParsedTraining, ModelSpec['training']>>,
  Assert<SameKeys<ParsedTraining['optimizer'], ModelSpec['training']['optimizer']>>,
  Assert<SameKeys<ParsedLayer, ModelSpec['layers'][number]>>,
  Assert<SameKeys<ParsedInit, SpecInit>>,
  Assert<SameKeys<NonNullable<ParsedDense['kernel_regularizer']>, NonNullable<SpecDense['kernel_regularizer']>>>,
  Assert<SameKeys<NonNullable<ParsedDense['kernel_constraint']>, NonNullable<SpecDense['kernel_constraint']>>>,
  Assert<SameKeys<NonNullable<ParsedTraining['lr_schedule']>, NonNullable<TrainingSpec['lr_schedule']>>>,
  Assert<SameKeys<NonNullable<ParsedTraining['early_stopping']>, NonNullable<TrainingSpec['early_stopping']>>>,
  Assert<SameKeys<NonNullable<ParsedTraining['unfreeze']>, NonNullable<TrainingSpec['unfreeze']>>>,
  Assert<SameKeys<NonNullable<Parsed['transfer']>, NonNullable<ModelSpec['transfer']>>>,
];
