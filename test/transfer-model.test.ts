/**
 * Transfer learning on model documents (src-shared/model/transfer.ts): the book's B-on-A
 * built from A and B, the default number of reused layers, and every mismatch that keeps
 * a model from taking a source run's weights, in both languages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../src-shared/model/index.js';
import type { LayerSpec, ModelSpec } from '../src-shared/model/spec.js';
import { defaultReuseCount, reuseLayers, reuseMismatches, reuseProblems, reusedLayersFrozen } from '../src-shared/model/transfer.js';

const dense = (units: number, extra: Partial<Extract<LayerSpec, { kind: 'dense' }>> = {}): LayerSpec => ({ kind: 'dense', units, activation: 'selu', ...extra });

function model(name: string, layers: LayerSpec[], extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    format: 'gradient-lab/model',
    version: 2,
    name,
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers,
    training: { optimizer: { name: 'sgd', learning_rate: 0.001 }, epochs: 20, batch_size: 32, seed: 42 },
    ...extra,
  };
}

const A = model('A', [{ kind: 'flatten' }, dense(300), dense(100), dense(50), dense(8, { activation: 'softmax' })], { classes: [0, 1, 2, 3, 4, 7, 8, 9] });
const B = model('B', [{ kind: 'flatten' }, dense(300), dense(100), dense(50), dense(2, { activation: 'softmax' })], {
  classes: [5, 6],
  description: 'B from scratch',
});

describe('defaultReuseCount', () => {
  it.each<[string, LayerSpec[], number]>([
    ['every layer before the output Dense', A.layers, 4],
    ['an activation layer after the output Dense stays out too', [{ kind: 'flatten' }, dense(10), dense(3), { kind: 'activation', activation: 'softmax' }], 2],
    ['batch norm and dropout before the output are reused', [{ kind: 'flatten' }, dense(10), { kind: 'batch_normalization' }, { kind: 'dropout', rate: 0.2 }, dense(3)], 4],
    ['a single Dense: nothing before it', [dense(3)], 0],
    ['no Dense layer at all', [{ kind: 'flatten' }], 0],
  ])('%s', (_what, layers, expected) => {
    expect(defaultReuseCount(model('s', layers))).toBe(expected);
  });
});

describe('reuseLayers', () => {
  it("builds the book's B-on-A: A's hidden stack frozen, B's head, the transfer and the unfreeze phase", () => {
    const bOnA = reuseLayers(B, A, '20261130-070000-a-1a2b', { layers: 4, freeze: true, unfreeze: { after_epochs: 4, learning_rate: 1e-4 } });
    expect(bOnA.layers).toEqual([
      { kind: 'flatten' },
      dense(300, { trainable: false }),
      dense(100, { trainable: false }),
      dense(50, { trainable: false }),
      dense(2, { activation: 'softmax' }),
    ]);
    expect(bOnA.transfer).toEqual({ run: '20261130-070000-a-1a2b', layers: 4 });
    expect(bOnA.training).toEqual({ ...B.training, unfreeze: { after_epochs: 4, learning_rate: 1e-4 } });
    // The target's own identity and task stay: name, description, classes.
    expect([bOnA.name, bOnA.description, bOnA.classes]).toEqual(['B', 'B from scratch', [5, 6]]);
    // A valid version-2 document, as the validator reads it.
    const parsed = parseModel(JSON.parse(JSON.stringify(bOnA)));
    expect(parsed.ok ? parsed.model : parsed.errors).toEqual(bOnA);
    expect(reusedLayersFrozen(bOnA, 4)).toBe(true);
  });

  it('copies the source layers (not B\'s) and leaves both inputs unchanged', () => {
    const wide = model('B', [{ kind: 'flatten' }, dense(64), dense(2, { activation: 'softmax' })]);
    const before = [JSON.stringify(A), JSON.stringify(wide)];
    const out = reuseLayers(wide, A, 'r', { layers: 2, freeze: false, unfreeze: null });
    expect(out.layers).toEqual([{ kind: 'flatten' }, dense(300), dense(2, { activation: 'softmax' })]);
    expect([JSON.stringify(A), JSON.stringify(wide)]).toEqual(before);
    (out.layers[1] as { units: number }).units = 1;
    expect((A.layers[1] as { units: number }).units).toBe(300);
  });

  it.each<[string, boolean, LayerSpec, LayerSpec]>([
    ['freeze marks a dense layer', true, dense(10), dense(10, { trainable: false })],
    ['freeze marks a prelu layer', true, { kind: 'prelu' }, { kind: 'prelu', trainable: false }],
    ['freeze marks a batch-norm layer', true, { kind: 'batch_normalization', momentum: 0.9 }, { kind: 'batch_normalization', momentum: 0.9, trainable: false }],
    ['freeze leaves a weightless layer alone', true, { kind: 'dropout', rate: 0.1 }, { kind: 'dropout', rate: 0.1 }],
    ['no freeze makes a frozen source layer trainable', false, dense(10, { trainable: false }), dense(10)],
    ['no freeze keeps a trainable layer as is', false, { kind: 'elu', alpha: 0.5 }, { kind: 'elu', alpha: 0.5 }],
  ])('%s', (_what, freeze, layer, expected) => {
    const source = model('s', [layer, dense(3)]);
    const target = model('t', [layer, dense(2)]);
    expect(reuseLayers(target, source, 'r', { layers: 1, freeze, unfreeze: null }).layers[0]).toEqual(expected);
  });

  it("without an unfreeze keeps the target's training, and takes the source's preprocessing", () => {
    const target = model('t', B.layers, { preprocess: 'standardize', training: { ...B.training, unfreeze: { after_epochs: 2, learning_rate: 0.01 } } });
    const out = reuseLayers(target, A, 'r', { layers: 3, freeze: true, unfreeze: null });
    expect(out.training.unfreeze).toEqual({ after_epochs: 2, learning_rate: 0.01 });
    expect(out.preprocess).toBe('scale');
  });

  it.each<[number, string]>([
    [0, 'layers: expected an integer from 1 to 5 (the source model\'s layers), received 0'],
    [2.5, 'layers: expected an integer from 1 to 5 (the source model\'s layers), received 2.5'],
    [6, 'layers: expected an integer from 1 to 5 (the source model\'s layers), received 6'],
    [5, 'layers: 5 would replace every layer of "B" (it has 5); keep at least its output layer'],
  ])('refuses layers = %s', (layers, message) => {
    expect(() => reuseLayers(B, A, 'r', { layers, freeze: true, unfreeze: null })).toThrow(new RangeError(message));
  });
});

describe('reuseProblems', () => {
  const bOnA = reuseLayers(B, A, 'r', { layers: 4, freeze: true, unfreeze: null });
  it.each<[string, ModelSpec, number, string[]]>([
    ['none for the model built from the source', bOnA, 4, []],
    ['none when only activations and initializers differ', model('t', [{ kind: 'flatten' }, dense(300, { activation: 'relu', kernel_initializer: 'he_normal' }), dense(7)]), 2, []],
    ['a different unit count, named by index', model('t', [{ kind: 'flatten' }, dense(300), dense(64), dense(2)]), 3, ['layers[2] (dense) has 64 units here but 100 in the source model']],
    ['a different kind', model('t', [{ kind: 'flatten' }, { kind: 'batch_normalization' }, dense(2)]), 2, ['layers[1] is a batch_normalization layer here but a dense layer in the source model']],
    ['use_bias differs', model('t', [{ kind: 'flatten' }, dense(300, { use_bias: false }), dense(2)]), 2, ['layers[1] (dense) has use_bias false here but true in the source model']],
    ['preprocessing differs', model('t', B.layers, { preprocess: 'standardize' }), 2, ['preprocess is standardize here but the source model was trained on scale inputs']],
    [
      'more layers than either model has',
      model('t', [{ kind: 'flatten' }, dense(300)]),
      6,
      ['transfer.layers is 6, but the source model has only 5 layer(s)', 'transfer.layers is 6, but this model has only 2 layer(s)'],
    ],
    ['a count below 1', B, 0, ['transfer.layers must be an integer ≥ 1; received 0']],
  ])('%s', (_what, target, layers, expected) => {
    expect(reuseProblems(target, A, layers)).toEqual(expected);
  });

  it('speaks Korean with the same values, and lists every mismatch in layer order', () => {
    const target = model('t', [{ kind: 'dropout', rate: 0.1 }, dense(30), dense(100)]);
    expect(reuseMismatches(target, A, 3).map((p) => [p.code, p.params.index])).toEqual([
      ['transfer.problem.kind', 0],
      ['transfer.problem.units', 1],
    ]);
    expect(reuseProblems(target, A, 3, 'ko')).toEqual([
      'layers[0]이(가) 여기서는 dropout 층이지만 원본 모델에서는 flatten 층입니다',
      'layers[1](dense)의 유닛 수가 여기서는 30개, 원본 모델에서는 300개입니다',
    ]);
  });
});

describe('the preset pair', () => {
  const read = (f: string) => {
    const r = parseModel(JSON.parse(readFileSync(new URL(`../examples/${f}`, import.meta.url), 'utf8')));
    if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.errors)}`);
    return r.model;
  };
  it("transfer-a and transfer-b are the book's models: A on 8 classes, B on sandal vs shirt with A's hidden stack", () => {
    const a = read('transfer-a.json');
    const b = read('transfer-b.json');
    expect(a.classes).toEqual([0, 1, 2, 3, 4, 7, 8, 9]);
    expect(b.classes).toEqual([5, 6]);
    expect(a.layers.at(-1)).toMatchObject({ kind: 'dense', units: 8, activation: 'softmax' });
    expect(b.layers.at(-1)).toMatchObject({ kind: 'dense', units: 2, activation: 'softmax' });
    // B's hidden stack is A's: B-on-A is a plain reuse of every layer before A's output.
    const n = defaultReuseCount(a);
    expect(reuseProblems(b, a, n)).toEqual([]);
    expect(b.layers.slice(0, n)).toEqual(a.layers.slice(0, n));
    expect(a.training).toMatchObject({ optimizer: { name: 'sgd', learning_rate: 0.001 }, epochs: 20 });
    expect(b.training.epochs).toBe(20);
    const bOnA = reuseLayers(b, a, 'a-run', { layers: n, freeze: true, unfreeze: { after_epochs: 4, learning_rate: 1e-4 } });
    expect(parseModel(JSON.parse(JSON.stringify(bOnA))).ok).toBe(true);
  });
});
