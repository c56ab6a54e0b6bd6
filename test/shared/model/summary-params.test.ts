import { describe, expect, it } from 'vitest';
import {
  parseModel,
  parseModelText,
  summarizeModel,
  summaryJson,
  type ModelSpec,
} from '../../../src-shared/model/index.js';
import { exampleIds, exampleText, validDoc } from './fixtures.js';

const example = (id: string): ModelSpec => {
  const r = parseModelText(exampleText(id));
  if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.errors)}`);
  return r.model;
};

function model(mutate: (d: Record<string, any>) => void): ModelSpec {
  const d = validDoc();
  mutate(d);
  const r = parseModel(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

/** in·units + units: a dense layer with bias. */
const dense = (fanIn: number, units: number): number => fanIn * units + units;
/** 784 → 300 → 100 → 10, the seed's MLP. */
const MLP_300_100 = dense(784, 300) + dense(300, 100) + dense(100, 10);
/** 784 → 8 × 120 → 10, the chapter's sigmoid/ELU stacks. */
const STACK_8x120 = dense(784, 120) + 7 * dense(120, 120) + dense(120, 10);
/** 784 → 300 → 99 × 100 → 10, the 100-layer nets. */
const DEEP_100 = dense(784, 300) + dense(300, 100) + 98 * dense(100, 100) + dense(100, 10);

describe('summaryJson on the shipped examples', () => {
  // id → [total, non-trainable]
  const TOTALS: Record<string, [number, number]> = {
    'batch-norm': [4 * 784 + dense(784, 300) + 4 * 300 + dense(300, 100) + 4 * 100 + dense(100, 10), 2 * (784 + 300 + 100)],
    'default-dnn': [
      4 * 784 + dense(784, 300) + 4 * 300 + dense(300, 100) + 4 * 4 * 100 + 3 * dense(100, 100) + dense(100, 10),
      2 * (784 + 300 + 4 * 100),
    ],
    'elu-he': [STACK_8x120, 0],
    // BN before the activation: dense layers without bias.
    'bn-before': [4 * 784 + 784 * 300 + 4 * 300 + 300 * 100 + 4 * 100 + dense(100, 10), 2 * (784 + 300 + 100)],
    'exploding-gradients': [dense(784, 100) + 9 * dense(100, 100) + dense(100, 10), 0],
    'exploding-clipped': [dense(784, 100) + 9 * dense(100, 100) + dense(100, 10), 0],
    'max-norm': [MLP_300_100, 0],
    'mc-dropout': [MLP_300_100, 0],
    nadam: [MLP_300_100, 0],
    regularized: [MLP_300_100, 0],
    'selu-1cycle': [MLP_300_100, 0],
    'he-relu': [dense(784, 100) + dense(100, 10), 0],
    'leaky-relu': [MLP_300_100, 0],
    prelu: [MLP_300_100 + 300 + 100, 0],
    'relu-100': [DEEP_100, 0],
    rrelu: [MLP_300_100, 0],
    'selu-100': [DEEP_100, 0],
    'self-normalizing': [dense(784, 300) + dense(300, 100) + 2 * dense(100, 100) + dense(100, 10), 0],
    'sigmoid-small-uniform': [STACK_8x120, 0],
    'sigmoid-standard-normal': [STACK_8x120, 0],
    'variance-scaling': [dense(784, 100) + dense(100, 10), 0],
  };

  it('has an expectation for every example', () => {
    // transfer-*.json reuse another run's layers and are counted with the transfer tests.
    expect(Object.keys(TOTALS).sort()).toEqual(exampleIds().filter((id) => !id.startsWith('transfer-')));
  });

  it.each(Object.entries(TOTALS))('%s: %j', (id, [total, nonTrainable]) => {
    const s = summaryJson(example(id));
    expect(s.total_params).toBe(total);
    expect(s.non_trainable_params).toBe(nonTrainable);
    expect(s.trainable_params).toBe(total - nonTrainable);
    expect(s.layers.map((l) => l.index)).toEqual(example(id).layers.map((_, i) => i));
    expect(s.layers.reduce((sum, l) => sum + l.params, 0)).toBe(total);
  });

  it('gives the README numbers', () => {
    expect(MLP_300_100).toBe(266_610);
    expect(STACK_8x120).toBe(197_050);
    expect(DEEP_100).toBe(1_256_410);
  });

  it('has exactly the CLI contract keys, as plain JSON', () => {
    const s = summaryJson(example('leaky-relu'));
    expect(Object.keys(s)).toEqual(['layers', 'total_params', 'trainable_params', 'non_trainable_params']);
    for (const row of s.layers) expect(Object.keys(row)).toEqual(['index', 'kind', 'output_shape', 'params', 'trainable_params']);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s).toEqual({
      layers: [
        { index: 0, kind: 'flatten', output_shape: [784], params: 0, trainable_params: 0 },
        { index: 1, kind: 'dense', output_shape: [300], params: 235_500, trainable_params: 235_500 },
        { index: 2, kind: 'leaky_relu', output_shape: [300], params: 0, trainable_params: 0 },
        { index: 3, kind: 'dense', output_shape: [100], params: 30_100, trainable_params: 30_100 },
        { index: 4, kind: 'leaky_relu', output_shape: [100], params: 0, trainable_params: 0 },
        { index: 5, kind: 'dense', output_shape: [10], params: 1_010, trainable_params: 1_010 },
      ],
      total_params: 266_610,
      trainable_params: 266_610,
      non_trainable_params: 0,
    });
  });
});

describe('parameters per layer kind', () => {
  it('batch norm: 4 per feature, the moving mean and variance (2 per feature) not trainable', () => {
    const s = summaryJson(example('batch-norm'));
    expect(s.layers.filter((l) => l.kind === 'batch_normalization').map((l) => [l.index, l.output_shape, l.params, l.trainable_params])).toEqual([
      [1, [784], 4 * 784, 2 * 784],
      [3, [300], 4 * 300, 2 * 300],
      [5, [100], 4 * 100, 2 * 100],
    ]);
    const full = summarizeModel(example('batch-norm'));
    expect(full.layers.map((l) => l.nonTrainableParams)).toEqual([0, 2 * 784, 0, 2 * 300, 0, 2 * 100, 0]);
    expect(full.nonTrainableParams).toBe(2368);
  });

  it('PReLU: one learned, trainable slope per unit', () => {
    const s = summaryJson(example('prelu'));
    expect(s.layers.filter((l) => l.kind === 'prelu').map((l) => [l.index, l.output_shape, l.params, l.trainable_params])).toEqual([
      [2, [300], 300, 300],
      [4, [100], 100, 100],
    ]);
    expect(s.non_trainable_params).toBe(0);
  });

  it('dense with use_bias false: the kernel only', () => {
    const s = summaryJson(model((d) => { d.layers[1].use_bias = false; d.layers[3].use_bias = true; }));
    expect(s.layers[1]).toMatchObject({ params: 784 * 300, trainable_params: 784 * 300 });
    expect(s.layers[3]).toMatchObject({ params: 300 * 100 + 100 });
    expect(s.total_params).toBe(266_610 - 300);
  });

  it.each<[string, Record<string, unknown>]>([
    ['dropout', { kind: 'dropout', rate: 0.2 }],
    ['alpha_dropout', { kind: 'alpha_dropout', rate: 0.1 }],
    ['activation', { kind: 'activation', activation: 'relu' }],
    ['leaky_relu', { kind: 'leaky_relu' }],
    ['elu', { kind: 'elu', alpha: 1 }],
    ['rrelu', { kind: 'rrelu' }],
  ])('%s: no parameters, shape kept', (_kind, layer) => {
    const s = summaryJson(model((d) => { d.layers.splice(2, 0, layer); }));
    expect(s.layers[2]).toEqual({ index: 2, kind: layer.kind, output_shape: [300], params: 0, trainable_params: 0 });
    expect(s.total_params).toBe(266_610);
  });
});

describe('frozen layers (trainable: false), as Keras counts them', () => {
  it.each<[string, (d: Record<string, any>) => void, number[], number]>([
    // label, mutation, trainable params per layer, non-trainable total
    ['a frozen hidden dense layer', (d) => { d.layers[1].trainable = false; }, [0, 0, 0, dense(300, 100), 0, dense(100, 10)], dense(784, 300)],
    ['every hidden layer frozen', (d) => { d.layers[1].trainable = false; d.layers[3].trainable = false; },
      [0, 0, 0, 0, 0, dense(100, 10)], dense(784, 300) + dense(300, 100)],
    ['a frozen dense layer without bias', (d) => { d.layers[1].trainable = false; d.layers[1].use_bias = false; },
      [0, 0, 0, dense(300, 100), 0, dense(100, 10)], 784 * 300],
    ['a frozen PReLU', (d) => { d.layers[2] = { kind: 'prelu', trainable: false }; },
      [0, dense(784, 300), 0, dense(300, 100), 0, dense(100, 10)], 300],
    // Frozen BN: gamma and beta join the moving statistics as non-trainable: 4 per feature.
    ['a frozen batch normalization layer', (d) => { d.layers.splice(2, 0, { kind: 'batch_normalization', trainable: false }); },
      [0, dense(784, 300), 0, 0, dense(300, 100), 0, dense(100, 10)], 4 * 300],
    ['a trainable batch normalization layer (for contrast)', (d) => { d.layers.splice(2, 0, { kind: 'batch_normalization', trainable: true }); },
      [0, dense(784, 300), 2 * 300, 0, dense(300, 100), 0, dense(100, 10)], 2 * 300],
    ['trainable: true is the default', (d) => { d.layers[1].trainable = true; }, [0, dense(784, 300), 0, dense(300, 100), 0, dense(100, 10)], 0],
  ])('%s', (_label, mutate, trainablePerLayer, nonTrainable) => {
    const m = model(mutate);
    const s = summaryJson(m);
    expect(s.layers.map((l) => l.trainable_params)).toEqual(trainablePerLayer);
    expect(s.non_trainable_params).toBe(nonTrainable);
    expect(s.trainable_params + s.non_trainable_params).toBe(s.total_params);
    const full = summarizeModel(m);
    expect(full.layers.map((l) => l.trainableParams + l.nonTrainableParams)).toEqual(full.layers.map((l) => l.params));
    expect(full.layers.filter((l) => !l.trainable).map((l) => l.index)).toEqual(
      m.layers.flatMap((l, i) => ('trainable' in l && l.trainable === false ? [i] : [])),
    );
  });

  it('the book’s transfer model B: all but the new output layer frozen', () => {
    const s = summaryJson(model((d) => {
      d.classes = [5, 6];
      d.layers[1].trainable = false;
      d.layers[3].trainable = false;
      d.layers[5] = { kind: 'dense', units: 2, activation: 'softmax' };
    }));
    expect(s.trainable_params).toBe(dense(100, 2));
    expect(s.non_trainable_params).toBe(dense(784, 300) + dense(300, 100));
    expect(s.layers.at(-1)?.output_shape).toEqual([2]);
  });
});

describe('dense details', () => {
  it('fans, resolved activation and the initializer std of each dense layer', () => {
    const rows = summarizeModel(example('prelu')).layers.flatMap((l) => (l.dense ? [[l.index, l.dense] as const] : []));
    expect(rows.map(([i, d]) => [i, d.fanIn, d.fanOut, d.resolvedActivation, d.activationIndex])).toEqual([
      [1, 784, 300, 'prelu', 2],
      [3, 300, 100, 'prelu', 4],
      [5, 100, 10, 'softmax', 5],
    ]);
    expect(rows.map(([, d]) => d.expectedKernelStd)).toEqual([Math.sqrt(2 / 784), Math.sqrt(2 / 300), Math.sqrt(1 / 55)].map((x) => expect.closeTo(x, 12)));
  });
});
