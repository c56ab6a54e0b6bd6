import { describe, expect, it } from 'vitest';
import { parseModel, serializeModel, type ModelSpec } from '../../../src-shared/model/index.js';
import { validDoc } from './fixtures.js';

function parsed(doc: unknown): ModelSpec {
  const r = parseModel(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

describe('serializeModel', () => {
  it('writes keys in canonical order whatever the input order', () => {
    const scrambled = {
      training: { seed: 1, batch_size: 8, epochs: 2, optimizer: { nesterov: true, momentum: 0.9, learning_rate: 0.1, name: 'sgd' } },
      layers: [
        { kind: 'flatten' },
        {
          use_bias: false,
          kernel_initializer: { distribution: 'uniform', mode: 'fan_avg', scale: 2, name: 'variance_scaling' },
          activation: 'relu',
          units: 20,
          kind: 'dense',
        },
        { upper: 0.3, lower: 0.1, kind: 'rrelu' },
        { activation: 'softmax', units: 10, kind: 'dense' },
      ],
      preprocess: 'scale',
      dataset: 'mnist',
      description: 'd',
      name: 'n',
      version: 1,
      format: 'gradient-lab/model',
    };
    const text = serializeModel(parsed(scrambled));
    const expected = {
      format: 'gradient-lab/model',
      // Read as version 1, written as version 2 (migrate.ts).
      version: 2,
      name: 'n',
      description: 'd',
      dataset: 'mnist',
      preprocess: 'scale',
      layers: [
        { kind: 'flatten' },
        {
          kind: 'dense',
          units: 20,
          activation: 'relu',
          kernel_initializer: { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' },
          use_bias: false,
        },
        { kind: 'rrelu', lower: 0.1, upper: 0.3 },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ],
      training: { optimizer: { name: 'sgd', learning_rate: 0.1, momentum: 0.9, nesterov: true }, epochs: 2, batch_size: 8, seed: 1 },
    };
    expect(text).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('does not insert defaults', () => {
    const text = serializeModel(parsed(validDoc()));
    expect(text).not.toContain('use_bias');
    expect(text).not.toContain('glorot_uniform');
    expect(text).not.toContain('momentum');
  });

  it.each<[string, (d: Record<string, any>) => void]>([
    ['adam with all fields', (d) => {
      d.training.optimizer = { name: 'adam', learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 };
    }],
    ['every layer kind', (d) => {
      d.layers.splice(
        1,
        0,
        { kind: 'batch_normalization', momentum: 0.9, epsilon: 0.001 },
        { kind: 'elu', alpha: 1 },
        { kind: 'activation', activation: 'tanh' },
        { kind: 'prelu' },
        { kind: 'dropout', rate: 0.2 },
        { kind: 'alpha_dropout', rate: 0.1 },
        { kind: 'rrelu' },
      );
    }],
    ['initializer objects', (d) => {
      d.layers[1].kernel_initializer = { name: 'random_normal', mean: 0, stddev: 0.5 };
      d.layers[3].kernel_initializer = { name: 'random_uniform', minval: -1e-7, maxval: 1e-7 };
    }],
  ])('round-trips %s', (_label, mutate) => {
    const d = validDoc();
    mutate(d);
    const model = parsed(d);
    const text = serializeModel(model);
    expect(parsed(JSON.parse(text))).toEqual(model);
    expect(serializeModel(parsed(JSON.parse(text)))).toBe(text);
  });

  it('never copies a __proto__ key or touches prototypes', () => {
    const model = parsed(validDoc());
    const hostile = JSON.parse(JSON.stringify(model).replace('{', '{"__proto__":{"polluted":true},'));
    const text = serializeModel(hostile as ModelSpec);
    expect(text).not.toContain('__proto__');
    expect(text).toBe(serializeModel(model));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
