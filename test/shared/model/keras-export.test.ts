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
