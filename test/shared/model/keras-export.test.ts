import { describe, expect, it } from 'vitest';
import { parseModel, parseModelText, toKerasScript, type ModelSpec } from '../../../src-shared/model/index.js';
import { exampleText, validDoc } from './fixtures.js';

function example(id: string): ModelSpec {
  const r = parseModelText(exampleText(id));
  if (!r.ok) throw new Error(id);
  return r.model;
}

function model(mutate: (d: Record<string, any>) => void): ModelSpec {
  const d = validDoc();
  mutate(d);
  const r = parseModel(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

describe('toKerasScript', () => {
  it('writes the seed LeakyReLU net as the book does', () => {
    const script = toKerasScript(example('leaky-relu'));
    expect(script).toContain(
      [
        'model = keras.models.Sequential([',
        '    keras.layers.Flatten(input_shape=[28, 28]),',
        '    keras.layers.Dense(300, kernel_initializer="he_normal"),',
        '    keras.layers.LeakyReLU(alpha=0.2),',
        '    keras.layers.Dense(100, kernel_initializer="he_normal"),',
        '    keras.layers.LeakyReLU(alpha=0.2),',
        '    keras.layers.Dense(10, activation="softmax")',
        '])',
      ].join('\n'),
    );
    expect(script).toContain('keras.datasets.fashion_mnist.load_data()');
    expect(script).toContain('X_train_full = X_train_full / 255.0');
    expect(script).toContain('X_valid, X_train = X_train_full[:5000], X_train_full[5000:]');
    expect(script).toContain('optimizer=keras.optimizers.SGD(learning_rate=0.001, momentum=0.0, nesterov=False),');
    expect(script).toContain('model.compile(loss="sparse_categorical_crossentropy",');
    expect(script).toContain('history = model.fit(X_train, y_train, epochs=10, batch_size=32,');
    expect(script).toContain('tf.random.set_seed(42)');
    expect(script).not.toContain('class RReLU');
    expect(script).not.toContain('pixel_means');
  });

  it('writes the 100-layer SELU net with a loop and standardized inputs', () => {
    const script = toKerasScript(example('selu-100'));
    expect(script).toContain(
      [
        'model = keras.models.Sequential()',
        'model.add(keras.layers.Flatten(input_shape=[28, 28]))',
        'model.add(keras.layers.Dense(300, activation="selu", kernel_initializer="lecun_normal"))',
        'for _ in range(99):',
        '    model.add(keras.layers.Dense(100, activation="selu", kernel_initializer="lecun_normal"))',
        'model.add(keras.layers.Dense(10, activation="softmax"))',
      ].join('\n'),
    );
    expect(script).toContain('pixel_means = X_train.mean(axis=0, keepdims=True)');
    expect(script).toContain('X_valid = (X_valid - pixel_means) / pixel_stds');
    expect(script).toContain('epochs=5,');
  });

  it('defines the RReLU layer only when the model uses it', () => {
    const script = toKerasScript(example('rrelu'));
    expect(script).toContain('class RReLU(keras.layers.Layer):');
    expect(script).toContain('slope = tf.random.uniform(tf.shape(inputs), self.lower, self.upper, dtype=inputs.dtype)');
    expect(script).toContain('slope = (self.lower + self.upper) / 2.0');
    expect(script).toContain('    keras.layers.Dense(300, kernel_initializer="he_normal"),\n    RReLU(),\n');
    expect(script.indexOf('class RReLU')).toBeLessThan(script.indexOf('model = keras.models.Sequential'));
    expect(toKerasScript(example('prelu'))).not.toContain('RReLU');
    expect(toKerasScript(example('prelu'))).toContain('    keras.layers.PReLU(),\n');
  });

  it.each<[string, (d: Record<string, any>) => void, string]>([
    ['variance scaling', (d) => {
      d.layers[1].kernel_initializer = { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' };
    }, 'keras.layers.Dense(300, kernel_initializer=keras.initializers.VarianceScaling(scale=2.0, mode="fan_avg", distribution="uniform"))'],
    ['random normal', (d) => { d.layers[1].kernel_initializer = { name: 'random_normal', mean: 0, stddev: 1 }; },
      'kernel_initializer=keras.initializers.RandomNormal(mean=0.0, stddev=1.0)'],
    ['random uniform', (d) => { d.layers[1].kernel_initializer = { name: 'random_uniform', minval: -0.05, maxval: 0.05 }; },
      'kernel_initializer=keras.initializers.RandomUniform(minval=-0.05, maxval=0.05)'],
    ['no bias', (d) => { d.layers[1].use_bias = false; }, 'keras.layers.Dense(300, kernel_initializer="he_normal", use_bias=False)'],
    ['elu', (d) => { d.layers[2] = { kind: 'elu', alpha: 0.5 }; }, 'keras.layers.ELU(alpha=0.5),'],
    ['activation layer', (d) => { d.layers[2] = { kind: 'activation', activation: 'selu' }; }, 'keras.layers.Activation("selu"),'],
    ['batch norm', (d) => { d.layers.splice(1, 0, { kind: 'batch_normalization', momentum: 0.9 }); }, 'keras.layers.BatchNormalization(momentum=0.9),'],
    ['dropout', (d) => { d.layers.splice(5, 0, { kind: 'dropout', rate: 0.2 }); }, 'keras.layers.Dropout(rate=0.2),'],
    ['alpha dropout', (d) => { d.layers.splice(5, 0, { kind: 'alpha_dropout', rate: 0.1 }); }, 'keras.layers.AlphaDropout(rate=0.1),'],
    ['rrelu bounds', (d) => { d.layers[2] = { kind: 'rrelu', lower: 0.1, upper: 0.2 }; }, '    RReLU(lower=0.1, upper=0.2),'],
    ['mnist', (d) => { d.dataset = 'mnist'; }, 'keras.datasets.mnist.load_data()'],
    ['adam', (d) => { d.training.optimizer = { name: 'adam', learning_rate: 0.01 }; },
      'optimizer=keras.optimizers.Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7),'],
    ['nesterov momentum', (d) => { d.training.optimizer = { name: 'sgd', learning_rate: 0.01, momentum: 0.9, nesterov: true }; },
      'optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True),'],
  ])('writes %s', (_label, mutate, line) => {
    expect(toKerasScript(model(mutate))).toContain(line);
  });

  it('keeps a hostile name inside one comment line', () => {
    const script = toKerasScript(model((d) => {
      d.name = 'evil\nimport os; os.system("rm -rf /")\r\u2028x\u0000';
      d.description = 'line one\nline two';
    }));
    const lines = script.split('\n');
    expect(lines[0]).toBe('# evil import os; os.system("rm -rf /") x');
    expect(lines[1]).toBe('# line one line two');
    expect(lines.filter((l) => l.includes('os.system'))).toHaveLength(1);
    expect(script).not.toMatch(/[\u0000\r\u2028]/);
  });

  it('loops repeated dense + activation blocks', () => {
    const script = toKerasScript(model((d) => {
      const block = [{ kind: 'dense', units: 50, kernel_initializer: 'he_normal' }, { kind: 'leaky_relu', alpha: 0.2 }];
      d.layers = [{ kind: 'flatten' }, ...Array.from({ length: 5 }, () => block).flat(), { kind: 'dense', units: 10, activation: 'softmax' }];
    }));
    expect(script).toContain(
      [
        'for _ in range(5):',
        '    model.add(keras.layers.Dense(50, kernel_initializer="he_normal"))',
        '    model.add(keras.layers.LeakyReLU(alpha=0.2))',
      ].join('\n'),
    );
  });
});

describe('toKerasScript: version-2 fields', () => {
  const opt = (o: Record<string, unknown>) => (d: Record<string, any>) => { d.training.optimizer = o; };
  const schedule = (s: Record<string, unknown>) => (d: Record<string, any>) => { d.training.lr_schedule = s; };

  it.each<[string, (d: Record<string, any>) => void, string[]]>([
    ['sgd with clipnorm', opt({ name: 'sgd', learning_rate: 0.01, clipnorm: 1 }),
      ['optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.0, nesterov=False, clipnorm=1.0),']],
    ['sgd with clipvalue', opt({ name: 'sgd', learning_rate: 0.01, clipvalue: 0.5 }),
      ['optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.0, nesterov=False, clipvalue=0.5),']],
    ['adagrad', opt({ name: 'adagrad', learning_rate: 0.01 }),
      ['optimizer=keras.optimizers.Adagrad(learning_rate=0.01, initial_accumulator_value=0.1, epsilon=1e-7),']],
    ['rmsprop', opt({ name: 'rmsprop', learning_rate: 0.001, rho: 0.9 }),
      ['optimizer=keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7),']],
    ['adamax', opt({ name: 'adamax', learning_rate: 0.002 }),
      ['optimizer=keras.optimizers.Adamax(learning_rate=0.002, beta_1=0.9, beta_2=0.999, epsilon=1e-7),']],
    ['nadam with both clippings', opt({ name: 'nadam', learning_rate: 0.001, clipnorm: 1, clipvalue: 0.5 }),
      ['optimizer=keras.optimizers.Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, clipnorm=1.0, clipvalue=0.5),']],
    ['adamw', opt({ name: 'adamw', learning_rate: 0.001, weight_decay: 0.01 }),
      ['optimizer=keras.optimizers.AdamW(learning_rate=0.001, weight_decay=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7),']],
    ['power scheduling (power 1)', schedule({ name: 'power', decay_steps: 10000 }), [
      'lr_schedule = keras.optimizers.schedules.InverseTimeDecay(0.001, decay_steps=10000.0, decay_rate=1.0)',
      'optimizer=keras.optimizers.SGD(learning_rate=lr_schedule, momentum=0.0, nesterov=False),',
    ]],
    ['power scheduling (power 2)', schedule({ name: 'power', decay_steps: 100, power: 2 }), [
      'class PowerDecay(keras.optimizers.schedules.LearningRateSchedule):',
      '        return self.initial_learning_rate / (1.0 + step / self.decay_steps) ** self.power',
      'lr_schedule = PowerDecay(0.001, decay_steps=100.0, power=2.0)',
      'optimizer=keras.optimizers.SGD(learning_rate=lr_schedule,',
    ]],
    ['exponential scheduling', schedule({ name: 'exponential', decay_steps: 20000, decay_rate: 0.1 }), [
      'lr_schedule = keras.optimizers.schedules.ExponentialDecay(0.001, decay_steps=20000.0, decay_rate=0.1)',
      'optimizer=keras.optimizers.SGD(learning_rate=lr_schedule,',
    ]],
    ['piecewise constant scheduling', schedule({ name: 'piecewise_constant', boundaries: [5, 15], values: [0.01, 0.005, 0.001] }), [
      'steps_per_epoch = int(np.ceil(len(X_train) / 32))',
      'lr_schedule = keras.optimizers.schedules.PiecewiseConstantDecay(\n' +
        '    boundaries=[n * steps_per_epoch - 1 for n in [5, 15]],\n' +
        '    values=[0.01, 0.005, 0.001])',
    ]],
    ['performance scheduling', schedule({ name: 'performance', factor: 0.5, patience: 5 }), [
      'callbacks = [keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=5, min_delta=0.0, min_lr=0.0)]',
      '                    validation_data=(X_valid, y_valid),\n                    callbacks=callbacks)',
      'optimizer=keras.optimizers.SGD(learning_rate=0.001,',
    ]],
    ['1cycle', schedule({ name: 'one_cycle', max_rate: 0.05 }), [
      'class OneCycleScheduler(keras.callbacks.Callback):',
      '        self.model.optimizer.learning_rate.assign(rate)',
      'one_cycle = OneCycleScheduler(10 * steps_per_epoch, max_rate=0.05, start_rate=0.005,\n' +
        '                              last_rate=0.000005, last_fraction=0.1)',
      'callbacks = [one_cycle]',
    ]],
    ['early stopping', (d) => { d.training.early_stopping = { patience: 10, min_delta: 0.001 }; }, [
      'callbacks = [keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, min_delta=0.001, restore_best_weights=True)]',
    ]],
    ['early stopping without restoring', (d) => { d.training.early_stopping = { patience: 3, restore_best_weights: false }; }, [
      'keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, min_delta=0.0, restore_best_weights=False)',
    ]],
    ['an l2 regularizer', (d) => { d.layers[1].kernel_regularizer = { l2: 0.01 }; },
      ['keras.layers.Dense(300, kernel_initializer="he_normal", kernel_regularizer=keras.regularizers.l2(0.01)),']],
    ['an l1 regularizer', (d) => { d.layers[1].kernel_regularizer = { l1: 0.001 }; },
      ['keras.layers.Dense(300, kernel_initializer="he_normal", kernel_regularizer=keras.regularizers.l1(0.001)),']],
    ['l1 and l2', (d) => { d.layers[1].kernel_regularizer = { l1: 0.001, l2: 0.01 }; },
      ['kernel_regularizer=keras.regularizers.l1_l2(l1=0.001, l2=0.01)),']],
    ['a max-norm constraint', (d) => { d.layers[1].kernel_constraint = { name: 'max_norm', max_value: 1 }; },
      ['keras.layers.Dense(300, kernel_initializer="he_normal", kernel_constraint=keras.constraints.max_norm(1.0)),']],
    ['frozen dense, prelu and batch norm', (d) => {
      d.layers[1].trainable = false;
      d.layers[2] = { kind: 'prelu', trainable: false };
      d.layers.splice(3, 0, { kind: 'batch_normalization', trainable: false });
    }, [
      'keras.layers.Dense(300, kernel_initializer="he_normal", trainable=False),',
      'keras.layers.PReLU(trainable=False),',
      'keras.layers.BatchNormalization(trainable=False),',
    ]],
    ['classes', (d) => { d.classes = [0, 1, 2, 3, 4, 7, 8, 9]; d.layers[5].units = 8; }, [
      'classes = np.array([0, 1, 2, 3, 4, 7, 8, 9])',
      '    return X[mask], np.searchsorted(classes, y[mask])',
      'X_train, y_train = keep_classes(X_train, y_train)\nX_valid, y_valid = keep_classes(X_valid, y_valid)\nX_test, y_test = keep_classes(X_test, y_test)',
      'keras.layers.Dense(8, activation="softmax")',
    ]],
    ['unfreeze', (d) => { d.training.unfreeze = { after_epochs: 4, learning_rate: 1e-4 }; }, [
      'history = model.fit(X_train, y_train, epochs=4, batch_size=32,\n                    validation_data=(X_valid, y_valid))\n' +
        '# After 4 epochs every layer trains, at a new rate; compiling again starts the optimizer afresh.\n' +
        'for layer in model.layers:\n    layer.trainable = True\n' +
        'model.compile(loss="sparse_categorical_crossentropy",\n' +
        '              optimizer=keras.optimizers.SGD(learning_rate=0.0001, momentum=0.0, nesterov=False),\n' +
        '              metrics=["accuracy"])\n' +
        'history = model.fit(X_train, y_train, epochs=10, initial_epoch=4, batch_size=32,\n                    validation_data=(X_valid, y_valid))\n' +
        'model.evaluate(X_test, y_test)\n',
    ]],
    ['transfer', (d) => { d.transfer = { run: '20260101-abc', layers: 3 }; }, [
      '# Transfer learning: the first 3 layers (layers[0]..layers[2] of the document) start from the weights',
      '#     with np.load("20260101-abc.npz") as trained:',
      '#     for layer_A, layer in zip(model_A.layers[:3], model.layers[:3]):',
    ]],
  ])('writes %s', (_label, mutate, snippets) => {
    const script = toKerasScript(model(mutate));
    for (const snippet of snippets) expect(script).toContain(snippet);
  });

  it('1cycle and unfreeze: the cycle drives the first phase only, early stopping both', () => {
    const script = toKerasScript(model((d) => {
      d.training.lr_schedule = { name: 'one_cycle', max_rate: 0.05 };
      d.training.early_stopping = { patience: 5 };
      d.training.unfreeze = { after_epochs: 4, learning_rate: 1e-4 };
    }));
    const es = 'keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, min_delta=0.0, restore_best_weights=True)';
    const first = script.indexOf(`callbacks = [one_cycle, ${es}]`);
    const second = script.indexOf(`callbacks = [${es}]`);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(script.indexOf('for layer in model.layers:')).toBeGreaterThan(second);
    expect(script.match(/callbacks=callbacks\)/g)).toHaveLength(2);
  });

  it('a class subset is taken after standardizing: the whole training split\'s pixel statistics, as the app computes them', () => {
    const script = toKerasScript(model((d) => {
      d.preprocess = 'standardize';
      d.classes = [5, 6];
      d.layers[5].units = 2;
    }));
    const stats = script.indexOf('pixel_means = X_train.mean(axis=0, keepdims=True)');
    const subset = script.indexOf('X_train, y_train = keep_classes(X_train, y_train)');
    expect(stats).toBeGreaterThan(0);
    expect(subset).toBeGreaterThan(stats);
  });

  it('a document without version-2 keys gets none of their code', () => {
    const script = toKerasScript(model(() => {}));
    for (const absent of ['callbacks', 'steps_per_epoch', 'lr_schedule', 'trainable', 'regularizers', 'constraints', 'keep_classes', 'Transfer']) {
      expect(script).not.toContain(absent);
    }
    expect(script.endsWith('              metrics=["accuracy"])\nhistory = model.fit(X_train, y_train, epochs=10, batch_size=32,\n' +
      '                    validation_data=(X_valid, y_valid))\nmodel.evaluate(X_test, y_test)\n')).toBe(true);
  });

  it('the weights a run exports still load before the first compile (python-export.ts splits there)', () => {
    const script = toKerasScript(model((d) => {
      d.training.lr_schedule = { name: 'piecewise_constant', boundaries: [5], values: [0.01, 0.001] };
      d.training.unfreeze = { after_epochs: 4, learning_rate: 1e-4 };
    }));
    const at = script.indexOf('\nmodel.compile(');
    expect(at).toBeGreaterThan(script.indexOf('lr_schedule = '));
    expect(script.indexOf('model = keras.models.Sequential')).toBeLessThan(at);
  });
});
