import { describe, expect, it } from 'vitest';
import { formatModelError, parseModel, parseModelText, serializeModel, summarizeModel } from '../../../src-shared/model/index.js';
import { exampleIds, exampleText } from './fixtures.js';

const EXPECTED_IDS = [
  'batch-norm',
  'default-dnn',
  'elu-he',
  'he-relu',
  'leaky-relu',
  'prelu',
  'relu-100',
  'rrelu',
  'self-normalizing',
  'selu-100',
  'sigmoid-small-uniform',
  'sigmoid-standard-normal',
  'variance-scaling',
];

function load(id: string) {
  const r = parseModelText(exampleText(id));
  if (!r.ok) throw new Error(`${id}: ${r.errors.map(formatModelError).join('; ')}`);
  return r.model;
}

describe('shipped examples', () => {
  it('are exactly the expected files', () => {
    expect(exampleIds()).toEqual(EXPECTED_IDS);
  });

  it.each(EXPECTED_IDS)('%s parses', (id) => {
    const r = parseModelText(exampleText(id));
    expect(r.ok ? [] : r.errors.map(formatModelError)).toEqual([]);
  });

  it.each(EXPECTED_IDS)('%s round-trips byte for byte', (id) => {
    const text = exampleText(id);
    expect(serializeModel(load(id))).toBe(text);
  });

  it.each(EXPECTED_IDS)('%s survives serialize → parse unchanged', (id) => {
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

  it('a serialized model keeps no key it does not know', () => {
    const m = { ...load('he-relu'), extra: 1 } as unknown as Parameters<typeof serializeModel>[0];
    expect(serializeModel(m)).not.toContain('extra');
    expect(parseModel(JSON.parse(serializeModel(m))).ok).toBe(true);
  });
});
