import { describe, expect, it } from 'vitest';
import { diffModels } from '../../../src-shared/model/diff.js';
import { parseModel, type LayerSpec, type ModelSpec } from '../../../src-shared/model/index.js';
import type { ModelChange } from '../../../src-shared/runs/types.js';
import { loadExample } from '../../helpers/examples.js';
import { exampleIds, validDoc } from './fixtures.js';

/** The fixture's LeakyReLU net (flatten, dense 300, leaky_relu, dense 100, leaky_relu, dense 10 softmax), changed by `mutate`. */
function model(mutate: (d: Record<string, any>) => void = () => {}): ModelSpec {
  const d = validDoc();
  mutate(d);
  const r = parseModel(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

/** A stack of dense layers after a flatten, with a softmax output. */
function stack(hidden: LayerSpec[]): (d: Record<string, any>) => void {
  return (d) => {
    d.layers = [{ kind: 'flatten' }, ...hidden, { kind: 'dense', units: 10, activation: 'softmax' }];
  };
}

const dense = (activation: 'relu' | 'selu', units = 50): LayerSpec => ({ kind: 'dense', units, activation });

const change = (path: string, from: unknown, to: unknown, layers?: [number, number]): ModelChange =>
  layers ? { path, from, to, layers, kind: 'changed' } : { path, from, to, kind: 'changed' };

interface Case {
  name: string;
  a: (d: Record<string, any>) => void;
  b: (d: Record<string, any>) => void;
  changes: ModelChange[];
}

const none = (): void => {};

const CASES: Case[] = [
  { name: 'identical documents', a: none, b: none, changes: [] },
  {
    name: 'an omitted field and its default are no change',
    a: (d) => {
      d.layers[1].activation = 'linear';
      d.layers[1].use_bias = true;
      d.layers[2].alpha = 0.3;
      d.layers[5].kernel_initializer = 'glorot_uniform';
      d.training.optimizer.momentum = 0;
    },
    b: (d) => {
      delete d.layers[2].alpha;
    },
    changes: [],
  },
  { name: 'preprocess', a: none, b: (d) => (d.preprocess = 'standardize'), changes: [change('preprocess', 'scale', 'standardize')] },
  { name: 'dataset', a: none, b: (d) => (d.dataset = 'mnist'), changes: [change('dataset', 'fashion-mnist', 'mnist')] },
  {
    name: 'name, and a description only B has',
    a: none,
    b: (d) => {
      d.name = 'other';
      d.description = 'two words';
    },
    changes: [change('name', 'test', 'other'), change('description', null, 'two words')],
  },
  {
    name: 'learning rate',
    a: (d) => (d.training.optimizer.learning_rate = 0.01),
    b: none,
    changes: [change('training.optimizer.learning_rate', 0.01, 0.001)],
  },
  {
    name: 'epochs, batch size and seed',
    a: none,
    b: (d) => Object.assign(d.training, { epochs: 5, batch_size: 64, seed: 7 }),
    changes: [change('training.epochs', 10, 5), change('training.batch_size', 32, 64), change('training.seed', 42, 7)],
  },
  {
    name: 'sgd → adam with defaults: the name alone (defaults come with the name)',
    a: none,
    b: (d) => (d.training.optimizer = { name: 'adam', learning_rate: 0.001 }),
    changes: [change('training.optimizer.name', 'sgd', 'adam')],
  },
  {
    name: 'sgd with momentum → adam with beta_1 set: fields of one optimizer only are named against null',
    a: (d) => (d.training.optimizer = { name: 'sgd', learning_rate: 0.01, momentum: 0.9 }),
    b: (d) => (d.training.optimizer = { name: 'adam', learning_rate: 0.001, beta_1: 0.8, beta_2: 0.999 }),
    changes: [
      change('training.optimizer.name', 'sgd', 'adam'),
      change('training.optimizer.learning_rate', 0.01, 0.001),
      change('training.optimizer.momentum', 0.9, null),
      change('training.optimizer.beta_1', null, 0.8),
    ],
  },
  {
    name: "one layer's activation (the omitted one resolved to linear)",
    a: none,
    b: (d) => (d.layers[3].activation = 'relu'),
    changes: [change('layers[*].activation', 'linear', 'relu', [3, 3])],
  },
  {
    name: 'units',
    a: none,
    b: (d) => (d.layers[1].units = 200),
    changes: [change('layers[*].units', 300, 200, [1, 1])],
  },
  {
    name: 'leaky_relu alpha in both layers: one run across the dense layer between them',
    a: none,
    b: (d) => {
      d.layers[2].alpha = 0.01;
      d.layers[4].alpha = 0.01;
    },
    changes: [change('layers[*].alpha', 0.2, 0.01, [2, 4])],
  },
  {
    name: 'alternating changes make two runs',
    a: stack([dense('relu'), dense('relu'), dense('relu'), dense('relu'), dense('relu')]),
    b: stack([dense('selu'), dense('selu'), dense('relu'), dense('selu'), dense('selu')]),
    changes: [change('layers[*].activation', 'relu', 'selu', [1, 2]), change('layers[*].activation', 'relu', 'selu', [4, 5])],
  },
  {
    name: 'a different change splits a run',
    a: stack([dense('relu'), dense('relu'), dense('selu')]),
    b: stack([dense('selu'), dense('selu'), dense('relu')]),
    changes: [change('layers[*].activation', 'relu', 'selu', [1, 2]), change('layers[*].activation', 'selu', 'relu', [3, 3])],
  },
  {
    name: 'a dropout between changed layers does not split the run',
    a: stack([dense('relu'), { kind: 'dropout', rate: 0.2 }, dense('relu')]),
    b: stack([dense('selu'), { kind: 'dropout', rate: 0.2 }, dense('selu')]),
    changes: [change('layers[*].activation', 'relu', 'selu', [1, 3])],
  },
  {
    name: 'fields of one layer in document order, each its own entry',
    a: stack([dense('relu', 100)]),
    b: stack([{ kind: 'dense', units: 80, activation: 'selu', kernel_initializer: 'lecun_normal', use_bias: false }]),
    changes: [
      change('layers[*].units', 100, 80, [1, 1]),
      change('layers[*].activation', 'relu', 'selu', [1, 1]),
      change('layers[*].kernel_initializer', 'glorot_uniform', 'lecun_normal', [1, 1]),
      change('layers[*].use_bias', true, false, [1, 1]),
    ],
  },
  {
    name: 'kernel_initializer objects: values are the objects; key order is no change',
    a: (d) => {
      d.layers[1].kernel_initializer = { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' };
      d.layers[3].kernel_initializer = { distribution: 'uniform', mode: 'fan_avg', scale: 2, name: 'variance_scaling' };
    },
    b: (d) => {
      d.layers[1].kernel_initializer = { name: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'uniform' };
      d.layers[3].kernel_initializer = { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' };
    },
    changes: [
      change(
        'layers[*].kernel_initializer',
        { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' },
        { name: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'uniform' },
        [1, 1],
      ),
    ],
  },
  {
    name: 'a batch normalization layer inserted in the middle: one entry, nothing shifted',
    a: none,
    b: (d) => d.layers.splice(3, 0, { kind: 'batch_normalization' }),
    changes: [{ path: 'layers[*]', from: null, to: { kind: 'batch_normalization', momentum: 0.99, epsilon: 0.001 }, layers: [3, 3], kind: 'inserted' }],
  },
  {
    name: 'a dropout removed: its index in A',
    a: (d) => d.layers.splice(2, 0, { kind: 'dropout', rate: 0.5 }),
    b: none,
    changes: [{ path: 'layers[*]', from: { kind: 'dropout', rate: 0.5 }, to: null, layers: [2, 2], kind: 'removed' }],
  },
  {
    name: 'three identical layers inserted: one entry over their range',
    a: stack([dense('selu')]),
    b: stack([dense('selu'), dense('selu', 20), dense('selu', 20), dense('selu', 20)]),
    changes: [
      {
        path: 'layers[*]',
        from: null,
        to: { kind: 'dense', units: 20, activation: 'selu', kernel_initializer: 'glorot_uniform', use_bias: true },
        layers: [2, 4],
        kind: 'inserted',
      },
    ],
  },
  {
    name: 'removing the middle of three dense layers pairs the two that are still equal',
    a: stack([dense('relu', 300), dense('relu', 200), dense('relu', 100)]),
    b: stack([dense('relu', 300), dense('relu', 100)]),
    changes: [
      {
        path: 'layers[*]',
        from: { kind: 'dense', units: 200, activation: 'relu', kernel_initializer: 'glorot_uniform', use_bias: true },
        to: null,
        layers: [2, 2],
        kind: 'removed',
      },
    ],
  },
  {
    name: 'a layer of another kind in the same place: removed plus inserted',
    a: none,
    b: (d) => (d.layers[2] = { kind: 'elu' }),
    changes: [
      { path: 'layers[*]', from: { kind: 'leaky_relu', alpha: 0.2 }, to: null, layers: [2, 2], kind: 'removed' },
      { path: 'layers[*]', from: null, to: { kind: 'elu', alpha: 1 }, layers: [2, 2], kind: 'inserted' },
    ],
  },
  // Version-2 fields.
  {
    name: 'clipnorm added to the optimizer',
    a: none,
    b: (d) => (d.training.optimizer.clipnorm = 1),
    changes: [change('training.optimizer.clipnorm', null, 1)],
  },
  {
    name: 'sgd → nadam: the name and the fields that say more than the name',
    a: none,
    b: (d) => (d.training.optimizer = { name: 'nadam', learning_rate: 0.001, beta_2: 0.99 }),
    changes: [change('training.optimizer.name', 'sgd', 'nadam'), change('training.optimizer.beta_2', null, 0.99)],
  },
  {
    name: 'adamw weight decay, default resolved',
    a: (d) => (d.training.optimizer = { name: 'adamw', learning_rate: 0.001 }),
    b: (d) => (d.training.optimizer = { name: 'adamw', learning_rate: 0.001, weight_decay: 0.01 }),
    changes: [change('training.optimizer.weight_decay', 0.004, 0.01)],
  },
  {
    name: 'a schedule added: the whole object, defaults filled',
    a: none,
    b: (d) => (d.training.lr_schedule = { name: 'one_cycle', max_rate: 0.05 }),
    changes: [change('training.lr_schedule', null, { name: 'one_cycle', max_rate: 0.05, start_rate: 0.005, last_rate: 0.000005, last_fraction: 0.1 })],
  },
  {
    name: 'a schedule field',
    a: (d) => (d.training.lr_schedule = { name: 'exponential', decay_steps: 20000, decay_rate: 0.1 }),
    b: (d) => (d.training.lr_schedule = { name: 'exponential', decay_steps: 10000, decay_rate: 0.1 }),
    changes: [change('training.lr_schedule.decay_steps', 20000, 10000)],
  },
  {
    name: 'power 1 written out is no change',
    a: (d) => (d.training.lr_schedule = { name: 'power', decay_steps: 10000 }),
    b: (d) => (d.training.lr_schedule = { name: 'power', decay_steps: 10000, power: 1 }),
    changes: [],
  },
  {
    name: 'another schedule: one change of the whole object',
    a: (d) => (d.training.lr_schedule = { name: 'piecewise_constant', boundaries: [5, 15], values: [0.01, 0.005, 0.001] }),
    b: (d) => (d.training.lr_schedule = { name: 'performance' }),
    changes: [
      change(
        'training.lr_schedule',
        { name: 'piecewise_constant', boundaries: [5, 15], values: [0.01, 0.005, 0.001] },
        { name: 'performance', factor: 0.5, patience: 5, min_delta: 0, min_lr: 0 },
      ),
    ],
  },
  {
    name: 'early stopping patience; restore_best_weights default true is no change',
    a: (d) => (d.training.early_stopping = { patience: 5 }),
    b: (d) => (d.training.early_stopping = { patience: 10, restore_best_weights: true }),
    changes: [change('training.early_stopping.patience', 5, 10)],
  },
  {
    name: 'early stopping removed, unfreeze added',
    a: (d) => (d.training.early_stopping = { patience: 5 }),
    b: (d) => (d.training.unfreeze = { after_epochs: 4, learning_rate: 1e-4 }),
    changes: [
      change('training.early_stopping', { patience: 5, min_delta: 0, restore_best_weights: true }, null),
      change('training.unfreeze', null, { after_epochs: 4, learning_rate: 1e-4 }),
    ],
  },
  {
    name: 'classes and transfer',
    a: none,
    b: (d) => {
      d.classes = [0, 1, 2, 3, 4, 7, 8, 9];
      d.layers[5].units = 8;
      d.transfer = { run: 'run-A', layers: 4 };
    },
    changes: [
      change('classes', null, [0, 1, 2, 3, 4, 7, 8, 9]),
      change('layers[*].units', 10, 8, [5, 5]),
      change('transfer', null, { run: 'run-A', layers: 4 }),
    ],
  },
  {
    name: 'transfer of more layers',
    a: (d) => (d.transfer = { run: 'run-A', layers: 2 }),
    b: (d) => (d.transfer = { run: 'run-A', layers: 4 }),
    changes: [change('transfer.layers', 2, 4)],
  },
  {
    name: 'regularizers, a constraint and frozen layers, grouped over layers',
    a: none,
    b: (d) => {
      d.layers[1].kernel_regularizer = { l2: 0.01 };
      d.layers[3].kernel_regularizer = { l2: 0.01, l1: 0 };
      d.layers[3].kernel_constraint = { name: 'max_norm', max_value: 1 };
      d.layers[1].trainable = false;
      d.layers[3].trainable = false;
    },
    changes: [
      change('layers[*].kernel_regularizer', null, { l1: 0, l2: 0.01 }, [1, 3]),
      change('layers[*].trainable', true, false, [1, 3]),
      change('layers[*].kernel_constraint', null, { name: 'max_norm', max_value: 1 }, [3, 3]),
    ],
  },
  {
    name: 'a regularizer of zeros and trainable true are no change',
    a: none,
    b: (d) => {
      d.layers[1].kernel_regularizer = { l1: 0, l2: 0 };
      d.layers[1].trainable = true;
    },
    changes: [],
  },
  {
    name: 'a frozen layer unfrozen (only A has the key)',
    a: (d) => (d.layers[2] = { kind: 'prelu', trainable: false }),
    b: (d) => (d.layers[2] = { kind: 'prelu' }),
    changes: [change('layers[*].trainable', false, true, [2, 2])],
  },
];

describe('diffModels', () => {
  it.each(CASES)('$name', ({ a, b, changes }) => {
    expect(diffModels(model(a), model(b)).changes).toEqual(changes);
  });

  it('collapses the 100-layer ReLU → SELU pair to one change per field over layers 1–100', () => {
    const relu = loadExample('relu-100');
    const selu = loadExample('selu-100');
    const changes = diffModels(relu, selu).changes;
    expect(changes.filter((c) => c.layers)).toEqual([
      change('layers[*].activation', 'relu', 'selu', [1, 100]),
      change('layers[*].kernel_initializer', 'he_normal', 'lecun_normal', [1, 100]),
    ]);
    expect(changes.filter((c) => !c.layers).map((c) => c.path)).toEqual(['name', 'description']);
    // And the other way round: the same fields, values swapped.
    expect(diffModels(selu, relu).changes.filter((c) => c.layers)).toEqual([
      change('layers[*].activation', 'selu', 'relu', [1, 100]),
      change('layers[*].kernel_initializer', 'lecun_normal', 'he_normal', [1, 100]),
    ]);
  });

  it('gives [] for every example against itself', () => {
    for (const id of exampleIds()) expect(diffModels(loadExample(id), loadExample(id)).changes, id).toEqual([]);
  });

  it('accounts for every layer between any two examples: inserted and removed one way are removed and inserted the other', () => {
    const ids = exampleIds();
    const docs = new Map(ids.map((id) => [id, loadExample(id)]));
    const count = (changes: ModelChange[], kind: ModelChange['kind']): number =>
      changes.filter((c) => c.kind === kind).reduce((n, c) => n + c.layers![1] - c.layers![0] + 1, 0);
    for (const x of ids) {
      for (const y of ids) {
        const a = docs.get(x)!;
        const b = docs.get(y)!;
        const ab = diffModels(a, b).changes;
        const ba = diffModels(b, a).changes;
        expect(count(ab, 'inserted'), `${x} → ${y}`).toBe(count(ba, 'removed'));
        expect(count(ab, 'removed'), `${x} → ${y}`).toBe(count(ba, 'inserted'));
        expect(a.layers.length - count(ab, 'removed') + count(ab, 'inserted'), `${x} → ${y}`).toBe(b.layers.length);
      }
    }
  });

  it('handles two 1000-layer documents, grouping each field into one run and finding one removed layer', () => {
    const hidden = (activation: 'relu' | 'selu', n: number): LayerSpec[] => Array.from({ length: n }, () => dense(activation, 20));
    const a = model(stack(hidden('relu', 998)));
    const b = model(stack(hidden('selu', 998)));
    expect(a.layers).toHaveLength(1000);
    expect(diffModels(a, b).changes).toEqual([change('layers[*].activation', 'relu', 'selu', [1, 998])]);

    // One hidden layer fewer, and one of the rest wider: exactly one removal and one units change.
    const edited = model(stack([...hidden('relu', 500), dense('relu', 30), ...hidden('relu', 496)]));
    const changes = diffModels(a, edited).changes;
    expect(changes.filter((c) => c.kind === 'changed')).toEqual([change('layers[*].units', 20, 30, [501, 501])]);
    const removed = changes.filter((c) => c.kind === 'removed');
    expect(removed).toHaveLength(1);
    expect(removed[0]!.from).toEqual({ kind: 'dense', units: 20, activation: 'relu', kernel_initializer: 'glorot_uniform', use_bias: true });
    expect(changes).toHaveLength(2);
  });
});
