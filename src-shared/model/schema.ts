import { z } from 'zod';
import {
  ACTIVATION_IDS,
  DATASET_IDS,
  FAN_MODES,
  LAYER_KINDS,
  NAMED_INITIALIZER_IDS,
  OPTIMIZER_IDS,
  PREPROCESS_IDS,
  VS_DISTRIBUTIONS,
  type LayerKind,
  type OptimizerId,
} from './ids.js';
import { DEFAULTS } from './defaults.js';
import { MODEL_FORMAT, MODEL_VERSION, type KernelInitializer, type ModelSpec } from './spec.js';

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

const flattenLayer = strict({ kind: z.literal('flatten') }, 'a layer object');
const denseLayer = strict(
  {
    kind: z.literal('dense'),
    units,
    activation: activation.optional(),
    kernel_initializer: kernelInitializerSchema.optional(),
    use_bias: bool().optional(),
  },
  'a layer object',
);
const leakyReluLayer = strict({ kind: z.literal('leaky_relu'), alpha: nonNegative().optional() }, 'a layer object');
const preluLayer = strict({ kind: z.literal('prelu') }, 'a layer object');
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
  { kind: z.literal('batch_normalization'), momentum: inUnitInterval().optional(), epsilon: positive().optional() },
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

const sgdOptimizer = strict(
  { name: z.literal('sgd'), learning_rate: positive(), momentum: inUnitInterval().optional(), nesterov: bool().optional() },
  'an optimizer object',
);
const adamOptimizer = strict(
  {
    name: z.literal('adam'),
    learning_rate: positive(),
    beta_1: inUnitInterval().optional(),
    beta_2: inUnitInterval().optional(),
    epsilon: positive().optional(),
  },
  'an optimizer object',
);

/** Optimizer schemas by `name`; their shape key order is the canonical order in files. */
export const OPTIMIZER_SCHEMAS = { sgd: sgdOptimizer, adam: adamOptimizer } as const satisfies Record<OptimizerId, z.ZodType>;

/** The optimizer: discriminated on `name`. */
export const optimizerSchema = z.discriminatedUnion('name', [sgdOptimizer, adamOptimizer], {
  error: (iss) =>
    iss.code === 'invalid_union' ? oneOf(OPTIMIZER_IDS) : 'expected an optimizer object such as {"name": "sgd", "learning_rate": 0.001}',
});

/** Training settings. */
export const trainingSchema = strict(
  { optimizer: optimizerSchema, epochs: int(1, 1000), batch_size: int(1, 65536), seed: int(0, MAX_SEED) },
  'the training settings: an object with optimizer, epochs, batch_size and seed',
);

/** The whole model document; key order here is the canonical key order of files. */
export const modelSchema = strict(
  {
    format: z.literal(MODEL_FORMAT, { error: `expected "${MODEL_FORMAT}"` }),
    version: z.literal(MODEL_VERSION, { error: `this app reads version ${MODEL_VERSION}` }),
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
    preprocess: enumOf(PREPROCESS_IDS),
    layers: z
      .array(layerSchema, { error: 'expected an array of layers' })
      .max(MAX_LAYERS, { error: `expected at most ${MAX_LAYERS} layers` }),
    training: trainingSchema,
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
];
