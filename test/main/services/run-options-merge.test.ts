/**
 * The run-options table's new rows (dataset, optimizer, learning_rate), its `number` kind,
 * the IPC schema built from it, and mergeRunOptions: the model document a run trains.
 */
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../src-shared/ipc/schemas.js';
import { adamFamilyDefaults, sgdDefaults } from '../../../src-shared/model/defaults.js';
import type { ModelSpec, OptimizerSpec } from '../../../src-shared/model/spec.js';
import {
  mergeRunOptions,
  parseRunOption,
  resolveRunOptions,
  RUN_OPTION_SPECS,
  type RunOptions,
} from '../../../src-shared/training/run-options.js';
import { loadExample } from '../../helpers/examples.js';

function model(optimizer: OptimizerSpec): ModelSpec {
  const m = loadExample('leaky-relu');
  return { ...m, training: { ...m.training, optimizer } };
}

const base: RunOptions = {
  epochs: 3,
  batch_size: 64,
  seed: 9,
  limit: 1000,
  backend: 'wasm',
  dataset: 'mnist',
  optimizer: 'sgd',
  learning_rate: 0.05,
};

describe('mergeRunOptions', () => {
  it.each<[string, OptimizerSpec, Partial<RunOptions>, OptimizerSpec]>([
    ['sgd stays sgd: momentum and nesterov kept, learning rate replaced', { name: 'sgd', learning_rate: 0.001, momentum: 0.9, nesterov: true }, { optimizer: 'sgd', learning_rate: 0.05 }, { name: 'sgd', learning_rate: 0.05, momentum: 0.9, nesterov: true }],
    ['sgd → adam: learning rate kept, momentum dropped', { name: 'sgd', learning_rate: 0.001, momentum: 0.9 }, { optimizer: 'adam', learning_rate: 0.001 }, { name: 'adam', learning_rate: 0.001 }],
    ['adam → sgd: betas and epsilon dropped', { name: 'adam', learning_rate: 0.002, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-6 }, { optimizer: 'sgd', learning_rate: 0.01 }, { name: 'sgd', learning_rate: 0.01 }],
    ['adam stays adam: betas kept', { name: 'adam', learning_rate: 0.002, beta_1: 0.8 }, { optimizer: 'adam', learning_rate: 0.0005 }, { name: 'adam', learning_rate: 0.0005, beta_1: 0.8 }],
    ['sgd → nadam: clipnorm and the learning rate kept, momentum and nesterov dropped', { name: 'sgd', learning_rate: 0.01, momentum: 0.9, nesterov: true, clipnorm: 1 }, { optimizer: 'nadam', learning_rate: 0.01 }, { name: 'nadam', learning_rate: 0.01, clipnorm: 1 }],
    ['rmsprop → adamw: clipvalue kept, rho and momentum dropped', { name: 'rmsprop', learning_rate: 0.001, rho: 0.8, momentum: 0.5, clipvalue: 0.5 }, { optimizer: 'adamw', learning_rate: 0.002 }, { name: 'adamw', learning_rate: 0.002, clipvalue: 0.5 }],
    ['adamw → adagrad: both clippings kept, weight_decay and betas dropped', { name: 'adamw', learning_rate: 0.001, weight_decay: 0.01, beta_1: 0.8, clipnorm: 2, clipvalue: 1 }, { optimizer: 'adagrad', learning_rate: 0.05 }, { name: 'adagrad', learning_rate: 0.05, clipnorm: 2, clipvalue: 1 }],
    ['adamax stays adamax: everything kept', { name: 'adamax', learning_rate: 0.002, beta_2: 0.99, clipnorm: 1 }, { optimizer: 'adamax', learning_rate: 0.001 }, { name: 'adamax', learning_rate: 0.001, beta_2: 0.99, clipnorm: 1 }],
  ])('%s', (_label, optimizer, given, expected) => {
    const m = model(optimizer);
    const before = structuredClone(m);
    const merged = mergeRunOptions(m, { ...base, ...given });
    expect(merged.training.optimizer).toEqual(expected);
    expect(m).toEqual(before); // the editor's model is not changed
  });

  it('after a switch the new optimizer\'s own settings are Keras\' defaults', () => {
    const m = model({ name: 'adam', learning_rate: 0.002, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-6, clipnorm: 1 });
    const merged = mergeRunOptions(m, { ...base, optimizer: 'nadam', learning_rate: 0.002 }).training.optimizer;
    if (merged.name !== 'nadam') throw new Error(`expected nadam, received ${merged.name}`);
    expect(adamFamilyDefaults(merged)).toEqual({ name: 'nadam', learning_rate: 0.002, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 });
    const back = mergeRunOptions(m, { ...base, optimizer: 'sgd', learning_rate: 0.002 }).training.optimizer;
    if (back.name !== 'sgd') throw new Error(`expected sgd, received ${back.name}`);
    expect(sgdDefaults(back)).toEqual({ name: 'sgd', learning_rate: 0.002, momentum: 0, nesterov: false });
  });

  it('writes epochs, batch size, seed and dataset; keeps everything else; limit and backend stay out', () => {
    const m = model({ name: 'sgd', learning_rate: 0.001 });
    const merged = mergeRunOptions(m, base);
    expect(merged).toEqual({
      ...m,
      dataset: 'mnist',
      training: { optimizer: { name: 'sgd', learning_rate: 0.05 }, epochs: 3, batch_size: 64, seed: 9 },
    });
    expect(JSON.stringify(merged)).not.toMatch(/limit|backend/);
  });

  it('with the options resolved from the model alone, the merge is the model itself', () => {
    for (const optimizer of [{ name: 'sgd', learning_rate: 0.01, momentum: 0.5 }, { name: 'adam', learning_rate: 0.003, epsilon: 1e-8 }] as OptimizerSpec[]) {
      const m = model(optimizer);
      expect(mergeRunOptions(m, resolveRunOptions(m, {}))).toEqual(m);
    }
  });
});

describe('the table: dataset, optimizer, learning_rate', () => {
  it('defaults come from the model document', () => {
    const m = model({ name: 'adam', learning_rate: 0.004 });
    expect(resolveRunOptions({ ...m, dataset: 'mnist' }, {})).toMatchObject({ dataset: 'mnist', optimizer: 'adam', learning_rate: 0.004 });
  });

  it.each<[string, { ok: true; value: number } | { kind: string }]>([
    ['0.001', { ok: true, value: 0.001 }],
    ['1e-3', { ok: true, value: 0.001 }],
    [' 2.5E-2 ', { ok: true, value: 0.025 }],
    ['.5', { ok: true, value: 0.5 }],
    ['10', { ok: true, value: 10 }],
    ['1e-6', { ok: true, value: 1e-6 }],
    ['0', { kind: 'range' }],
    ['-0.1', { kind: 'range' }],
    ['1e-7', { kind: 'range' }],
    ['11', { kind: 'range' }],
    ['fast', { kind: 'number' }],
    ['0x10', { kind: 'number' }],
    ['Infinity', { kind: 'number' }],
    ['1,5', { kind: 'number' }],
  ])('learning_rate %j', (raw, expected) => {
    const r = parseRunOption('learning_rate', raw);
    if ('ok' in expected) expect(r).toEqual(expected);
    else {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problem.kind).toBe(expected.kind);
        expect(r.problem.message).toBe(`expected a number from 0.000001 to 10, received ${JSON.stringify(raw)}`);
      }
    }
  });

  it.each([
    ['dataset', 'mnist', true],
    ['dataset', 'cifar10', false],
    ['optimizer', 'adam', true],
    ['optimizer', 'nadam', true],
    ['optimizer', 'lamb', false],
  ] as const)('%s %j → ok %s', (option, raw, ok) => {
    expect(parseRunOption(option, raw).ok).toBe(ok);
  });

  it('the IPC schema of runs:start follows the table', () => {
    const start = (options: Record<string, unknown>) => checkRequest('runs:start', { model: {}, options });
    expect(start({ dataset: 'mnist', optimizer: 'adam', learning_rate: 0.01 }).ok).toBe(true);
    expect(start({ learning_rate: RUN_OPTION_SPECS.learning_rate.max })).toMatchObject({ ok: true });
    expect(start({ learning_rate: 0 })).toMatchObject({ ok: false, error: { field: 'options.learning_rate' } });
    expect(start({ learning_rate: 100 })).toMatchObject({ ok: false, error: { field: 'options.learning_rate' } });
    expect(start({ learning_rate: '0.1' })).toMatchObject({ ok: false, error: { field: 'options.learning_rate' } });
    expect(start({ optimizer: 'adamw' }).ok).toBe(true);
    expect(start({ optimizer: 'lamb' })).toMatchObject({ ok: false, error: { field: 'options.optimizer' } });
    expect(start({ dataset: 'cifar10' })).toMatchObject({ ok: false, error: { field: 'options.dataset' } });
  });
});
