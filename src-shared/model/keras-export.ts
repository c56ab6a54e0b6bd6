import type { DatasetId, OptimizerId } from './ids.js';
import { adagradDefaults, adamFamilyDefaults, adamwDefaults, DEFAULTS, rmspropDefaults, sgdDefaults } from './defaults.js';
import { assertNever, MODEL_FORMAT, MODEL_VERSION, type KernelInitializer, type LayerSpec, type ModelSpec, type OptimizerSpec } from './spec.js';

/** Validation images held out from the 60,000 training images, as the book does. */
export const VALIDATION_SIZE = 5000;

const DATASET_MODULES: Record<DatasetId, string> = {
  'fashion-mnist': 'keras.datasets.fashion_mnist',
  mnist: 'keras.datasets.mnist',
};

const INPUT_SHAPE = 'input_shape=[28, 28]';
/** Shortest run of identical blocks written as a `for` loop. */
const MIN_LOOP_TIMES = 3;
const MAX_LOOP_BLOCK = 4;

const RRELU_CLASS = `class RReLU(keras.layers.Layer):
    """Randomized leaky ReLU: slope ~ U(lower, upper) while training, the mean slope otherwise."""

    def __init__(self, lower=${pyFloat(DEFAULTS.rrelu.lower)}, upper=${pyFloat(DEFAULTS.rrelu.upper)}, **kwargs):
        super().__init__(**kwargs)
        self.lower = lower
        self.upper = upper

    def call(self, inputs, training=None):
        if training:
            slope = tf.random.uniform(tf.shape(inputs), self.lower, self.upper, dtype=inputs.dtype)
        else:
            slope = (self.lower + self.upper) / 2.0
        return tf.where(inputs >= 0, inputs, slope * inputs)

    def get_config(self):
        return {**super().get_config(), "lower": self.lower, "upper": self.upper}
`;

/**
 * A runnable TensorFlow/Keras script that builds, trains and evaluates the same model on the same
 * data split and preprocessing, in the style of the book (`keras.models.Sequential([...])`).
 */
export function toKerasScript(model: ModelSpec): string {
  const usesRrelu = model.layers.some((l) => l.kind === 'rrelu');
  const parts = [
    header(model),
    'import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n',
    `tf.random.set_seed(${model.training.seed})\nnp.random.seed(${model.training.seed})\n`,
    ...(usesRrelu ? [`\n${RRELU_CLASS}\n`] : []),
    dataSection(model),
    modelSection(model.layers),
    trainSection(model),
  ];
  return parts.join('\n');
}

function header(model: ModelSpec): string {
  const lines = [`# ${pyComment(model.name)}`];
  if (model.description !== undefined && model.description !== '') lines.push(`# ${pyComment(model.description)}`);
  lines.push(`# Exported by Gradient Lab from a ${MODEL_FORMAT} document (version ${MODEL_VERSION}). Needs TensorFlow 2.`);
  return `${lines.join('\n')}\n`;
}

function dataSection(model: ModelSpec): string {
  const lines = [
    `(X_train_full, y_train_full), (X_test, y_test) = ${DATASET_MODULES[model.dataset]}.load_data()`,
    'X_train_full = X_train_full / 255.0',
    'X_test = X_test / 255.0',
    `X_valid, X_train = X_train_full[:${VALIDATION_SIZE}], X_train_full[${VALIDATION_SIZE}:]`,
    `y_valid, y_train = y_train_full[:${VALIDATION_SIZE}], y_train_full[${VALIDATION_SIZE}:]`,
  ];
  switch (model.preprocess) {
    case 'scale':
      break;
    case 'standardize':
      lines.push(
        '# Standardize each pixel with the training split\'s statistics (constant pixels are left at 0).',
        'pixel_means = X_train.mean(axis=0, keepdims=True)',
        'pixel_stds = np.maximum(X_train.std(axis=0, keepdims=True), 1e-7)',
        'X_train = (X_train - pixel_means) / pixel_stds',
        'X_valid = (X_valid - pixel_means) / pixel_stds',
        'X_test = (X_test - pixel_means) / pixel_stds',
      );
      break;
    default:
      return assertNever(model.preprocess);
  }
  return `${lines.join('\n')}\n`;
}

function modelSection(layers: readonly LayerSpec[]): string {
  const exprs = layers.map((layer, i) => layerExpr(layer, i === 0));
  const blocks = compact(exprs);
  if (blocks.every((b) => b.times === 1)) {
    const items = exprs.map((e) => `    ${e}`).join(',\n');
    return `model = keras.models.Sequential([\n${items}\n])\n`;
  }
  // Repeated blocks read best the way the book writes its 100-layer SELU net: add() in a loop.
  const lines = ['model = keras.models.Sequential()'];
  for (const block of blocks) {
    if (block.times === 1) lines.push(...block.exprs.map((e) => `model.add(${e})`));
    else lines.push(`for _ in range(${block.times}):`, ...block.exprs.map((e) => `    model.add(${e})`));
  }
  return `${lines.join('\n')}\n`;
}

/** Runs of a block of 1–4 layers repeated at least 3 times, greedy from the left, longest coverage first. */
function compact(exprs: readonly string[]): { exprs: string[]; times: number }[] {
  const blocks: { exprs: string[]; times: number }[] = [];
  let i = 0;
  while (i < exprs.length) {
    let best = { len: 1, times: 1 };
    for (let len = 1; len <= MAX_LOOP_BLOCK && i + len <= exprs.length; len++) {
      let times = 1;
      while (i + (times + 1) * len <= exprs.length && sameRun(exprs, i, i + times * len, len)) times++;
      if (times >= MIN_LOOP_TIMES && times * len > best.len * best.times) best = { len, times };
    }
    blocks.push({ exprs: exprs.slice(i, i + best.len), times: best.times });
    i += best.len * best.times;
  }
  return blocks;
}

function sameRun(exprs: readonly string[], a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (exprs[a + k] !== exprs[b + k]) return false;
  return true;
}

/** One layer as a Keras constructor call; the first layer also declares the 28×28 input. */
function layerExpr(layer: LayerSpec, first: boolean): string {
  const call = (cls: string, args: string[]): string => `keras.layers.${cls}(${[...args, ...(first ? [INPUT_SHAPE] : [])].join(', ')})`;
  switch (layer.kind) {
    case 'flatten':
      return call('Flatten', []);
    case 'dense': {
      const args = [String(layer.units)];
      // Linear is Keras' default and the seed leaves it out, so it is left out here too.
      if (layer.activation !== undefined && layer.activation !== 'linear') args.push(`activation=${pyStr(layer.activation)}`);
      if (layer.kernel_initializer !== undefined) args.push(`kernel_initializer=${initializerExpr(layer.kernel_initializer)}`);
      if (layer.use_bias === false) args.push('use_bias=False');
      return call('Dense', args);
    }
    case 'leaky_relu':
      return call('LeakyReLU', layer.alpha === undefined ? [] : [`alpha=${pyFloat(layer.alpha)}`]);
    case 'prelu':
      return call('PReLU', []);
    case 'rrelu': {
      const args = [];
      if (layer.lower !== undefined) args.push(`lower=${pyFloat(layer.lower)}`);
      if (layer.upper !== undefined) args.push(`upper=${pyFloat(layer.upper)}`);
      return first ? `RReLU(${[...args, INPUT_SHAPE].join(', ')})` : `RReLU(${args.join(', ')})`;
    }
    case 'elu':
      return call('ELU', layer.alpha === undefined ? [] : [`alpha=${pyFloat(layer.alpha)}`]);
    case 'activation':
      return call('Activation', [pyStr(layer.activation)]);
    case 'batch_normalization': {
      const args = [];
      if (layer.momentum !== undefined) args.push(`momentum=${pyFloat(layer.momentum)}`);
      if (layer.epsilon !== undefined) args.push(`epsilon=${pyFloat(layer.epsilon)}`);
      return call('BatchNormalization', args);
    }
    case 'dropout':
      return call('Dropout', [`rate=${pyFloat(layer.rate)}`]);
    case 'alpha_dropout':
      return call('AlphaDropout', [`rate=${pyFloat(layer.rate)}`]);
    default:
      return assertNever(layer);
  }
}

function initializerExpr(init: KernelInitializer): string {
  if (typeof init === 'string') return pyStr(init);
  switch (init.name) {
    case 'random_normal':
      return `keras.initializers.RandomNormal(mean=${pyFloat(init.mean)}, stddev=${pyFloat(init.stddev)})`;
    case 'random_uniform':
      return `keras.initializers.RandomUniform(minval=${pyFloat(init.minval)}, maxval=${pyFloat(init.maxval)})`;
    case 'variance_scaling':
      return `keras.initializers.VarianceScaling(scale=${pyFloat(init.scale)}, mode=${pyStr(init.mode)}, distribution=${pyStr(init.distribution)})`;
    default:
      return assertNever(init);
  }
}

/** The optimizer's constructor; `learningRate` is the Python expression of its rate (a number or a schedule's name). */
function optimizerExpr(opt: OptimizerSpec, learningRate: string = pyFloat(opt.learning_rate)): string {
  const lr = `learning_rate=${learningRate}`;
  const clip = [
    ...(opt.clipnorm !== undefined ? [`clipnorm=${pyFloat(opt.clipnorm)}`] : []),
    ...(opt.clipvalue !== undefined ? [`clipvalue=${pyFloat(opt.clipvalue)}`] : []),
  ];
  switch (opt.name) {
    case 'sgd': {
      const o = sgdDefaults(opt);
      return pyCall('keras.optimizers.SGD', [lr, `momentum=${pyFloat(o.momentum)}`, `nesterov=${o.nesterov ? 'True' : 'False'}`, ...clip]);
    }
    case 'adagrad': {
      const o = adagradDefaults(opt);
      return pyCall('keras.optimizers.Adagrad', [lr, `initial_accumulator_value=${pyFloat(o.initial_accumulator_value)}`, `epsilon=${pyFloat(o.epsilon)}`, ...clip]);
    }
    case 'rmsprop': {
      const o = rmspropDefaults(opt);
      return pyCall('keras.optimizers.RMSprop', [lr, `rho=${pyFloat(o.rho)}`, `momentum=${pyFloat(o.momentum)}`, `epsilon=${pyFloat(o.epsilon)}`, ...clip]);
    }
    case 'adam':
    case 'adamax':
    case 'nadam': {
      const o = adamFamilyDefaults(opt);
      return pyCall(`keras.optimizers.${OPTIMIZER_CLASSES[opt.name]}`, [lr, `beta_1=${pyFloat(o.beta_1)}`, `beta_2=${pyFloat(o.beta_2)}`, `epsilon=${pyFloat(o.epsilon)}`, ...clip]);
    }
    case 'adamw': {
      const o = adamwDefaults(opt);
      return pyCall('keras.optimizers.AdamW', [
        lr,
        `weight_decay=${pyFloat(o.weight_decay)}`,
        `beta_1=${pyFloat(o.beta_1)}`,
        `beta_2=${pyFloat(o.beta_2)}`,
        `epsilon=${pyFloat(o.epsilon)}`,
        ...clip,
      ]);
    }
    default:
      return assertNever(opt);
  }
}

/** Keras' class name of each optimizer. */
const OPTIMIZER_CLASSES: Record<OptimizerId, string> = {
  sgd: 'SGD',
  adagrad: 'Adagrad',
  rmsprop: 'RMSprop',
  adam: 'Adam',
  adamax: 'Adamax',
  nadam: 'Nadam',
  adamw: 'AdamW',
};

function pyCall(fn: string, args: readonly string[]): string {
  return `${fn}(${args.join(', ')})`;
}

function trainSection(model: ModelSpec): string {
  const { epochs, batch_size: batchSize, optimizer } = model.training;
  return [
    'model.compile(loss="sparse_categorical_crossentropy",',
    `              optimizer=${optimizerExpr(optimizer)},`,
    '              metrics=["accuracy"])',
    `history = model.fit(X_train, y_train, epochs=${epochs}, batch_size=${batchSize},`,
    '                    validation_data=(X_valid, y_valid))',
    'model.evaluate(X_test, y_test)',
    '',
  ].join('\n');
}

/** A Python float literal: 2 → `2.0`, 0.001 → `0.001`, 1e-7 → `1e-7`. */
function pyFloat(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e21 ? x.toFixed(1) : String(x);
}

/** A double-quoted Python string literal; JSON escapes are valid Python escapes for these identifiers. */
function pyStr(s: string): string {
  return JSON.stringify(s);
}

/** One comment line: no line breaks, control characters or lone surrogates (they would end or corrupt the comment). */
function pyComment(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .trim();
}
