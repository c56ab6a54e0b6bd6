import { describe, expect, it } from 'vitest';
import { formatModelError, parseModel, parseModelText, serializeModel, summarizeModel } from '../../../src-shared/model/index.js';
import { exampleIds, exampleText } from './fixtures.js';

const EXPECTED_IDS = [
  'batch-norm',
  'bn-before',
  'default-dnn',
  'elu-he',
  'exploding-clipped',
  'exploding-gradients',
  'he-relu',
  'leaky-relu',
  'max-norm',
  'mc-dropout',
  'nadam',
  'prelu',
  'regularized',
  'relu-100',
  'rrelu',
  'self-normalizing',
  'selu-100',
  'selu-1cycle',
  'sigmoid-small-uniform',
  'sigmoid-standard-normal',
  'variance-scaling',
];

/** The transfer-learning pair (transfer-a, transfer-b) has its own tests; every other file is listed above. */
const isTransfer = (id: string): boolean => id.startsWith('transfer-');

function load(id: string) {
  const r = parseModelText(exampleText(id));
  if (!r.ok) throw new Error(`${id}: ${r.errors.map(formatModelError).join('; ')}`);
  return r.model;
}

describe('shipped examples', () => {
  it('are exactly the expected files', () => {
    expect(exampleIds().filter((id) => !isTransfer(id))).toEqual(EXPECTED_IDS);
  });

  it.each(exampleIds())('%s parses as a version-2 document, not migrated', (id) => {
    const r = parseModelText(exampleText(id));
    expect(r.ok ? [] : r.errors.map(formatModelError)).toEqual([]);
    expect(r.ok && r.migrated_from).toBe(undefined);
    expect(exampleText(id)).toContain('\n  "version": 2,\n');
  });

  it.each(exampleIds())('%s round-trips byte for byte', (id) => {
    const text = exampleText(id);
    expect(serializeModel(load(id))).toBe(text);
  });

  it.each(exampleIds())('%s survives serialize → parse unchanged', (id) => {
    const model = load(id);
    const again = parseModelText(serializeModel(model));
    expect(again).toEqual({ ok: true, model });
  });

  it.each(EXPECTED_IDS)('%s has a one-sentence description', (id) => {
    const { description } = load(id);
    expect(description).toMatch(/^[A-Z][^\n]{20,}\.$/);
  });
});

describe('example contents match the chapter', () => {
  it.each<[string, string, number, number, number]>([
    // id, preprocess, epochs, learning rate, number of dense layers
    ['leaky-relu', 'scale', 10, 0.001, 3],
    ['prelu', 'scale', 10, 0.001, 3],
    ['selu-100', 'standardize', 5, 0.001, 101],
    ['relu-100', 'standardize', 5, 0.001, 101],
    ['batch-norm', 'scale', 10, 0.001, 3],
    ['sigmoid-small-uniform', 'scale', 5, 0.01, 9],
    ['sigmoid-standard-normal', 'scale', 5, 0.01, 9],
    ['elu-he', 'scale', 5, 0.01, 9],
  ])('%s: %s inputs, %i epochs, lr %f, %i dense layers', (id, preprocess, epochs, lr, denseCount) => {
    const m = load(id);
    expect(m.preprocess).toBe(preprocess);
    expect(m.training.epochs).toBe(epochs);
    expect(m.training.optimizer).toEqual({ name: 'sgd', learning_rate: lr });
    expect(m.layers.filter((l) => l.kind === 'dense')).toHaveLength(denseCount);
  });

  it('default-dnn is the chapter’s default DNN as far as the format goes: he_normal, ELU, batch norm, Adam for Nadam', () => {
    const m = load('default-dnn');
    expect(m.preprocess).toBe('scale');
    const dense = m.layers.filter((l) => l.kind === 'dense');
    const hidden = dense.slice(0, -1);
    expect(hidden.length).toBeGreaterThanOrEqual(5);
    for (const l of hidden) expect(l).toMatchObject({ activation: 'elu', kernel_initializer: 'he_normal' });
    // A batch normalization layer after the input and after every hidden layer.
    m.layers.forEach((l, i) => {
      if (l.kind === 'flatten' || (l.kind === 'dense' && l.activation === 'elu')) expect(m.layers[i + 1]?.kind, `after layers[${i}]`).toBe('batch_normalization');
    });
    expect(m.training.optimizer).toEqual({ name: 'adam', learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999 });
    expect(m.description).toMatch(/Nadam/);
    expect(m.description).toMatch(/1cycle/);
    expect(m.description).toMatch(/early stopping/);
  });

  it('self-normalizing meets every condition of self-normalization, with alpha dropout as its regularizer', () => {
    const m = load('self-normalizing');
    expect(m.preprocess).toBe('standardize');
    const kinds = new Set(m.layers.map((l) => l.kind));
    expect([...kinds].sort()).toEqual(['alpha_dropout', 'dense', 'flatten']);
    const dense = m.layers.filter((l) => l.kind === 'dense');
    for (const l of dense.slice(0, -1)) expect(l).toMatchObject({ activation: 'selu', kernel_initializer: 'lecun_normal' });
    expect(dense.at(-1)).toMatchObject({ units: 10, activation: 'softmax' });
    expect(m.training.optimizer).toMatchObject({ name: 'sgd', momentum: 0.9 });
    expect(m.description).toMatch(/1cycle/);
  });

  it('the LeakyReLU example is the seed model', () => {
    expect(load('leaky-relu')).toMatchObject({
      dataset: 'fashion-mnist',
      layers: [
        { kind: 'flatten' },
        { kind: 'dense', units: 300, kernel_initializer: 'he_normal' },
        { kind: 'leaky_relu', alpha: 0.2 },
        { kind: 'dense', units: 100, kernel_initializer: 'he_normal' },
        { kind: 'leaky_relu', alpha: 0.2 },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ],
      training: { batch_size: 32, seed: 42 },
    });
  });

  it('the SELU example is 100 lecun_normal SELU layers', () => {
    const hidden = summarizeModel(load('selu-100')).layers.filter((l) => l.dense && l.dense.resolvedActivation === 'selu');
    expect(hidden).toHaveLength(100);
    expect(hidden.every((l) => l.dense?.kernelInitializer === 'lecun_normal')).toBe(true);
  });

  it('bn-before is the book’s BN-before-activation net: BN after the input, dense without bias → BN → ELU', () => {
    const m = load('bn-before');
    expect(m.layers).toEqual([
      { kind: 'flatten' },
      { kind: 'batch_normalization' },
      { kind: 'dense', units: 300, kernel_initializer: 'he_normal', use_bias: false },
      { kind: 'batch_normalization' },
      { kind: 'activation', activation: 'elu' },
      { kind: 'dense', units: 100, kernel_initializer: 'he_normal', use_bias: false },
      { kind: 'batch_normalization' },
      { kind: 'activation', activation: 'elu' },
      { kind: 'dense', units: 10, activation: 'softmax' },
    ]);
    expect(m.training).toEqual({ optimizer: { name: 'sgd', learning_rate: 0.001 }, epochs: 10, batch_size: 32, seed: 42 });
    expect(m.description).toMatch(/0\.8660/);
  });

  it('exploding-clipped is exploding-gradients plus clipnorm 1.0, and nothing else', () => {
    const bad = load('exploding-gradients');
    const clipped = load('exploding-clipped');
    expect(clipped.layers).toEqual(bad.layers);
    expect(clipped.training).toEqual({ ...bad.training, optimizer: { ...bad.training.optimizer, clipnorm: 1 } });
    expect(bad.training.optimizer).toEqual({ name: 'sgd', learning_rate: 0.3 });
    const hidden = bad.layers.filter((l) => l.kind === 'dense').slice(0, -1);
    expect(hidden).toHaveLength(10);
    for (const l of hidden) expect(l).toEqual({ kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' });
  });

  it('selu-1cycle is the book’s 1cycle run: SELU 300-100, standardized, max_rate 0.05, batch 128, 25 epochs', () => {
    const m = load('selu-1cycle');
    expect(m.preprocess).toBe('standardize');
    expect(m.training).toMatchObject({ epochs: 25, batch_size: 128, lr_schedule: { name: 'one_cycle', max_rate: 0.05 } });
    expect(m.training.optimizer.name).toBe('sgd');
    for (const l of m.layers.filter((x) => x.kind === 'dense').slice(0, -1)) expect(l).toMatchObject({ activation: 'selu', kernel_initializer: 'lecun_normal' });
    expect(m.description).toMatch(/0\.8934/);
  });

  it.each<[string, Record<string, unknown>]>([
    ['regularized', { kernel_regularizer: { l2: 0.01 } }],
    ['max-norm', { kernel_constraint: { name: 'max_norm', max_value: 1 } }],
  ])('%s puts %j on its hidden layers', (id, field) => {
    const m = load(id);
    const dense = m.layers.filter((l) => l.kind === 'dense');
    expect(dense.map((l) => l.units)).toEqual([300, 100, 10]);
    for (const l of dense.slice(0, -1)) expect(l).toMatchObject(field);
  });

  it('regularized and nadam stop early (patience 5, the best weights kept)', () => {
    for (const id of ['regularized', 'nadam']) {
      const m = load(id);
      expect(m.training.early_stopping).toEqual({ patience: 5 });
      expect(m.training.optimizer).toEqual({ name: 'nadam', learning_rate: 0.001 });
    }
  });

  it('mc-dropout has dropout 0.2 before each dense layer', () => {
    const kinds = load('mc-dropout').layers.map((l) => (l.kind === 'dropout' ? `dropout ${l.rate}` : l.kind));
    expect(kinds).toEqual(['flatten', 'dropout 0.2', 'dense', 'dropout 0.2', 'dense', 'dropout 0.2', 'dense']);
  });

  it('nadam is the 2nd edition’s default DNN for a shallow net: ELU, he_normal, no batch norm', () => {
    const m = load('nadam');
    expect(m.layers.map((l) => l.kind)).toEqual(['flatten', 'dense', 'dense', 'dense']);
    for (const l of m.layers.slice(1, 3)) expect(l).toMatchObject({ activation: 'elu', kernel_initializer: 'he_normal' });
  });

  it('a serialized model keeps no key it does not know', () => {
    const m = { ...load('he-relu'), extra: 1 } as unknown as Parameters<typeof serializeModel>[0];
    expect(serializeModel(m)).not.toContain('extra');
    expect(parseModel(JSON.parse(serializeModel(m))).ok).toBe(true);
  });
});
