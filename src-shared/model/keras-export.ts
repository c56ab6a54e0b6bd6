import type { DatasetId, OptimizerId } from './ids.js';
import {
  adagradDefaults,
  adamFamilyDefaults,
  adamwDefaults,
  DEFAULTS,
  earlyStoppingDefaults,
  oneCycleDefaults,
  performanceDefaults,
  rmspropDefaults,
  sgdDefaults,
} from './defaults.js';
import {
  assertNever,
  MODEL_FORMAT,
  MODEL_VERSION,
  type KernelInitializer,
  type KernelRegularizer,
  type LayerSpec,
  type LrScheduleSpec,
  type ModelSpec,
  type OptimizerSpec,
  type TransferSpec,
} from './spec.js';

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
    ...scheduleClasses(model.training.lr_schedule).map((c) => `\n${c}\n`),
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
  if (model.classes !== undefined) lines.push(...classesLines(model.classes));
  return `${lines.join('\n')}\n`;
}

/**
 * Keeps the listed classes in every split and numbers their labels 0..k−1 in the listed
 * order (the output layer's unit i is classes[i]); after standardizing, as Gradient Lab
 * does (src-main/data/prepare.ts): the pixel statistics are the whole training split's, so a
 * subset model (the book's model A or B) reads exactly the features a full one reads.
 */
function classesLines(classes: readonly number[]): string[] {
  return [
    `# Only classes ${classes.join(', ')} of the dataset; their labels become 0..${classes.length - 1} in that order.`,
    `classes = np.array([${classes.join(', ')}])`,
    'def keep_classes(X, y):',
    '    mask = np.isin(y, classes)',
    '    return X[mask], np.searchsorted(classes, y[mask])',
    'X_train, y_train = keep_classes(X_train, y_train)',
    'X_valid, y_valid = keep_classes(X_valid, y_valid)',
    'X_test, y_test = keep_classes(X_test, y_test)',
  ];
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
      if (layer.kernel_regularizer !== undefined) {
        const reg = regularizerExpr(layer.kernel_regularizer);
        if (reg !== null) args.push(`kernel_regularizer=${reg}`);
      }
      if (layer.kernel_constraint !== undefined) args.push(`kernel_constraint=keras.constraints.max_norm(${pyFloat(layer.kernel_constraint.max_value)})`);
      if (layer.trainable === false) args.push(FROZEN);
      return call('Dense', args);
    }
    case 'leaky_relu':
      return call('LeakyReLU', layer.alpha === undefined ? [] : [`alpha=${pyFloat(layer.alpha)}`]);
    case 'prelu':
      return call('PReLU', layer.trainable === false ? [FROZEN] : []);
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
      if (layer.trainable === false) args.push(FROZEN);
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

/** A frozen layer, as Keras writes `layer.trainable = False` in a constructor. */
const FROZEN = 'trainable=False';

/** `{"l2": 0.01}` → `keras.regularizers.l2(0.01)` (the book's); both factors → `l1_l2(l1=…, l2=…)`; none → null. */
function regularizerExpr(reg: KernelRegularizer): string | null {
  const l1 = reg.l1 ?? 0;
  const l2 = reg.l2 ?? 0;
  if (l1 > 0 && l2 > 0) return `keras.regularizers.l1_l2(l1=${pyFloat(l1)}, l2=${pyFloat(l2)})`;
  if (l1 > 0) return `keras.regularizers.l1(${pyFloat(l1)})`;
  if (l2 > 0) return `keras.regularizers.l2(${pyFloat(l2)})`;
  return null;
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
      return pyCall('keras.optimizers.SGD', [lr, `momentum=${pyFloat(o.momentum)}`, `nesterov=${pyBool(o.nesterov)}`, ...clip]);
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

const LOSS_LINE = 'model.compile(loss="sparse_categorical_crossentropy",';
const METRICS_LINE = '              metrics=["accuracy"])';
const VALIDATION_ARG = 'validation_data=(X_valid, y_valid)';

/**
 * Compile, fit, evaluate. A document without a schedule, early stopping or unfreeze gives the
 * book's three statements unchanged; each of those adds what Keras needs and no more: a
 * schedule object for the optimizer, callbacks, a second compile + fit for the unfrozen phase.
 */
function trainSection(model: ModelSpec): string {
  const { epochs, batch_size: batchSize, optimizer, lr_schedule: schedule, early_stopping: earlyStopping, unfreeze } = model.training;
  const lines: string[] = [];
  if (model.transfer !== undefined) lines.push(...transferComment(model.transfer), '');
  const usesSteps = schedule?.name === 'piecewise_constant' || schedule?.name === 'one_cycle';
  if (usesSteps) lines.push(`steps_per_epoch = int(np.ceil(len(X_train) / ${batchSize}))`);

  let learningRate = pyFloat(optimizer.learning_rate);
  // Callbacks that set the rate themselves belong to the first phase only: after unfreezing,
  // training goes on at unfreeze.learning_rate.
  const rateCallbacks: string[] = [];
  const callbacks: string[] = [];
  if (schedule !== undefined) {
    const s = scheduleCode(schedule, optimizer.learning_rate, epochs);
    lines.push(...s.lines);
    if (s.learningRate !== undefined) learningRate = s.learningRate;
    if (s.callback !== undefined) (schedule.name === 'performance' ? callbacks : rateCallbacks).push(s.callback);
  }
  if (earlyStopping !== undefined) {
    const e = earlyStoppingDefaults(earlyStopping);
    callbacks.push(
      `keras.callbacks.EarlyStopping(monitor="val_loss", patience=${e.patience}, min_delta=${pyFloat(e.min_delta)}, restore_best_weights=${pyBool(e.restore_best_weights)})`,
    );
  }
  const firstCallbacks = [...rateCallbacks, ...callbacks];
  if (firstCallbacks.length > 0) lines.push(`callbacks = [${firstCallbacks.join(', ')}]`);

  lines.push(LOSS_LINE, `              optimizer=${optimizerExpr(optimizer, learningRate)},`, METRICS_LINE);
  const firstEpochs = unfreeze === undefined ? epochs : unfreeze.after_epochs;
  lines.push(...fitLines(`epochs=${firstEpochs}, batch_size=${batchSize}`, firstCallbacks.length > 0 ? 'callbacks' : null));

  if (unfreeze !== undefined) {
    if (callbacks.length > 0 && rateCallbacks.length > 0) lines.push(`callbacks = [${callbacks.join(', ')}]`);
    lines.push(
      `# After ${unfreeze.after_epochs} epochs every layer trains, at a new rate; compiling again starts the optimizer afresh.`,
      'for layer in model.layers:',
      '    layer.trainable = True',
      LOSS_LINE,
      `              optimizer=${optimizerExpr(optimizer, pyFloat(unfreeze.learning_rate))},`,
      METRICS_LINE,
      ...fitLines(`epochs=${epochs}, initial_epoch=${unfreeze.after_epochs}, batch_size=${batchSize}`, callbacks.length > 0 ? 'callbacks' : null),
    );
  }
  lines.push('model.evaluate(X_test, y_test)', '');
  return lines.join('\n');
}

function fitLines(args: string, callbacks: string | null): string[] {
  const head = `history = model.fit(X_train, y_train, ${args},`;
  return callbacks === null
    ? [head, `                    ${VALIDATION_ARG})`]
    : [head, `                    ${VALIDATION_ARG},`, `                    callbacks=${callbacks})`];
}

/** What a schedule adds: lines before compile, the optimizer's learning_rate expression, a callback. */
interface ScheduleCode {
  lines: string[];
  learningRate?: string;
  callback?: string;
}

function scheduleCode(schedule: LrScheduleSpec, lr0: number, epochs: number): ScheduleCode {
  switch (schedule.name) {
    case 'power': {
      const power = schedule.power ?? DEFAULTS.power.power;
      if (power === 1) {
        return {
          lines: [
            `# Power scheduling: lr0 / (1 + step / ${pyFloat(schedule.decay_steps)}).`,
            `lr_schedule = keras.optimizers.schedules.InverseTimeDecay(${pyFloat(lr0)}, decay_steps=${pyFloat(schedule.decay_steps)}, decay_rate=1.0)`,
          ],
          learningRate: 'lr_schedule',
        };
      }
      return {
        lines: [`lr_schedule = PowerDecay(${pyFloat(lr0)}, decay_steps=${pyFloat(schedule.decay_steps)}, power=${pyFloat(power)})`],
        learningRate: 'lr_schedule',
      };
    }
    case 'exponential':
      return {
        lines: [
          `lr_schedule = keras.optimizers.schedules.ExponentialDecay(${pyFloat(lr0)}, decay_steps=${pyFloat(schedule.decay_steps)}, decay_rate=${pyFloat(schedule.decay_rate)})`,
        ],
        learningRate: 'lr_schedule',
      };
    case 'piecewise_constant':
      return {
        lines: [
          // Keras keeps values[i] while step <= boundaries[i], and `step` counts the steps already
          // taken; so the rate changes exactly when epoch n has finished.
          `# Piecewise constant scheduling: the rate changes after epochs ${schedule.boundaries.join(', ')}.`,
          'lr_schedule = keras.optimizers.schedules.PiecewiseConstantDecay(',
          `    boundaries=[n * steps_per_epoch - 1 for n in [${schedule.boundaries.join(', ')}]],`,
          `    values=[${schedule.values.map(pyFloat).join(', ')}])`,
        ],
        learningRate: 'lr_schedule',
      };
    case 'performance': {
      const p = performanceDefaults(schedule);
      return {
        lines: [],
        callback: `keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=${pyFloat(p.factor)}, patience=${p.patience}, min_delta=${pyFloat(p.min_delta)}, min_lr=${pyFloat(p.min_lr)})`,
      };
    }
    case 'one_cycle': {
      const c = oneCycleDefaults(schedule);
      return {
        lines: [
          `one_cycle = OneCycleScheduler(${epochs} * steps_per_epoch, max_rate=${pyFloat(c.max_rate)}, start_rate=${pyFloat(c.start_rate)},`,
          `                              last_rate=${pyFloat(c.last_rate)}, last_fraction=${pyFloat(c.last_fraction)})`,
        ],
        callback: 'one_cycle',
      };
    }
    default:
      return assertNever(schedule);
  }
}

/** Classes a schedule needs, written after the imports as the RReLU layer is. */
function scheduleClasses(schedule: LrScheduleSpec | undefined): string[] {
  if (schedule?.name === 'one_cycle') return [ONE_CYCLE_CLASS];
  if (schedule?.name === 'power' && (schedule.power ?? DEFAULTS.power.power) !== 1) return [POWER_DECAY_CLASS];
  return [];
}

/** lr0 / (1 + step/decay_steps)^power for powers other than 1 (Keras' InverseTimeDecay has power 1 only). */
const POWER_DECAY_CLASS = `class PowerDecay(keras.optimizers.schedules.LearningRateSchedule):
    """Power scheduling: lr0 / (1 + step / decay_steps) ** power."""

    def __init__(self, initial_learning_rate, decay_steps, power):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.power = power

    def __call__(self, step):
        step = tf.cast(step, tf.float32)
        return self.initial_learning_rate / (1.0 + step / self.decay_steps) ** self.power

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps, "power": self.power}
`;

/** The book's 1cycle callback, with the last phase given as a fraction of the steps. */
const ONE_CYCLE_CLASS = `class OneCycleScheduler(keras.callbacks.Callback):
    """1cycle (the book's): start_rate up to max_rate over the first half of the steps before the
    last last_fraction, back down to start_rate over the second half, then down to last_rate."""

    def __init__(self, iterations, max_rate, start_rate, last_rate, last_fraction):
        super().__init__()
        self.iterations = iterations
        self.max_rate = max_rate
        self.start_rate = start_rate
        self.last_rate = last_rate
        self.last_iterations = int(iterations * last_fraction)
        self.half_iteration = (iterations - self.last_iterations) // 2
        self.iteration = 0

    def _interpolate(self, iter1, iter2, rate1, rate2):
        return (rate2 - rate1) * (self.iteration - iter1) / max(iter2 - iter1, 1) + rate1

    def on_train_batch_begin(self, batch, logs=None):
        if self.iteration < self.half_iteration:
            rate = self._interpolate(0, self.half_iteration, self.start_rate, self.max_rate)
        elif self.iteration < 2 * self.half_iteration:
            rate = self._interpolate(self.half_iteration, 2 * self.half_iteration, self.max_rate, self.start_rate)
        else:
            rate = self._interpolate(2 * self.half_iteration, self.iterations, self.start_rate, self.last_rate)
        self.iteration += 1
        self.model.optimizer.learning_rate.assign(rate)
`;

/** How to start the first layers from a saved run: the app does it itself; a Keras user loads the run's .npz. */
function transferComment(t: TransferSpec): string[] {
  const last = t.layers - 1;
  const run = pyComment(t.run);
  return [
    `# Transfer learning: the first ${t.layers} layers (layers[0]${last > 0 ? `..layers[${last}]` : ''} of the document) start from the weights`,
    `# of run ${run}, not from their initializers. Export that run for Python (Gradient Lab writes`,
    `# its script and its .npz, whose arrays are in that model's get_weights() order), build that`,
    '# model as model_A with its script, then copy the layers over before compiling:',
    `#     with np.load("${run}.npz") as trained:`,
    '#         model_A.set_weights([trained[f"arr_{i}"] for i in range(len(trained.files))])',
    `#     for layer_A, layer in zip(model_A.layers[:${t.layers}], model.layers[:${t.layers}]):`,
    '#         layer.set_weights(layer_A.get_weights())',
  ];
}

function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
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
