/**
 * The version-2 keys of the model document: every field accepted at its bounds and refused
 * past them with the exact message (path and received value), and version-1 documents
 * (every shipped example as it was written) read as version 2 with `migrated_from: 1`.
 */
import { describe, expect, it } from 'vitest';
import {
  formatModelError,
  migrateDocument,
  migrateModel,
  migrationNote,
  parseModel,
  parseModelText,
  serializeModel,
  type ModelSpecV1,
  type ParseResult,
} from '../../../src-shared/model/index.js';
import { exampleIds, exampleText, validDoc } from './fixtures.js';

type Doc = Record<string, any>;

function messages(r: ParseResult): string[] {
  return r.ok ? [] : r.errors.map(formatModelError);
}

function docWith(mutate: (d: Doc) => void): Doc {
  const d = validDoc();
  mutate(d);
  return d;
}

const setOpt = (o: Doc) => (d: Doc) => { d.training.optimizer = o; };
const setSchedule = (s: Doc) => (d: Doc) => { d.training.lr_schedule = s; };

describe('version-2 fields: accepted', () => {
  it.each<[string, (d: Doc) => void]>([
    ['sgd with clipnorm and clipvalue', setOpt({ name: 'sgd', learning_rate: 0.01, momentum: 0.9, nesterov: true, clipnorm: 1, clipvalue: 0.5 })],
    ['adagrad', setOpt({ name: 'adagrad', learning_rate: 0.01, initial_accumulator_value: 0, epsilon: 1e-7 })],
    ['rmsprop', setOpt({ name: 'rmsprop', learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 })],
    ['adam with clipping', setOpt({ name: 'adam', learning_rate: 0.001, clipnorm: 1 })],
    ['adamax', setOpt({ name: 'adamax', learning_rate: 0.002, beta_1: 0.9, beta_2: 0.999 })],
    ['nadam', setOpt({ name: 'nadam', learning_rate: 0.001 })],
    ['adamw with weight decay 0', setOpt({ name: 'adamw', learning_rate: 0.001, weight_decay: 0 })],
    ['power schedule', setSchedule({ name: 'power', decay_steps: 10000, power: 1 })],
    ['exponential schedule, decay_rate 1', setSchedule({ name: 'exponential', decay_steps: 20000, decay_rate: 1 })],
    ['piecewise constant, the book’s', setSchedule({ name: 'piecewise_constant', boundaries: [5, 15], values: [0.01, 0.005, 0.001] })],
    ['performance, every field', setSchedule({ name: 'performance', factor: 0.5, patience: 5, min_delta: 0, min_lr: 0 })],
    ['performance, defaults', setSchedule({ name: 'performance' })],
    ['1cycle, every field', setSchedule({ name: 'one_cycle', max_rate: 0.05, start_rate: 0.05, last_rate: 1e-5, last_fraction: 0 })],
    ['early stopping', (d) => { d.training.early_stopping = { patience: 1, min_delta: 0, restore_best_weights: false }; }],
    ['unfreeze after 9 of 10 epochs', (d) => { d.training.unfreeze = { after_epochs: 9, learning_rate: 1e-4 }; }],
    ['regularizer l1 and l2, constraint, frozen layer', (d) => {
      d.layers[1].kernel_regularizer = { l1: 0, l2: 0.01 };
      d.layers[1].kernel_constraint = { name: 'max_norm', max_value: 1 };
      d.layers[1].trainable = false;
      d.layers[3].kernel_regularizer = {};
    }],
    ['frozen prelu and batch normalization', (d) => {
      d.layers[2] = { kind: 'prelu', trainable: false };
      d.layers.splice(1, 0, { kind: 'batch_normalization', trainable: false });
    }],
    ['eight classes, eight output units', (d) => { d.classes = [0, 1, 2, 3, 4, 7, 8, 9]; d.layers[5].units = 8; }],
    ['two classes', (d) => { d.classes = [0, 9]; d.layers[5].units = 2; }],
    ['transfer of every layer but the output', (d) => { d.transfer = { run: 'run-1', layers: 5 }; }],
  ])('%s', (_label, mutate) => {
    const r = parseModel(docWith(mutate));
    expect(messages(r)).toEqual([]);
    expect(r.ok && r.migrated_from).toBe(undefined);
  });
});

describe('version-2 fields: refused with the exact message', () => {
  it.each<[string, (d: Doc) => void, string[]]>([
    ['clipnorm 0', setOpt({ name: 'sgd', learning_rate: 0.01, clipnorm: 0 }), ['training.optimizer.clipnorm: expected a number > 0, received 0']],
    ['negative clipvalue', setOpt({ name: 'adam', learning_rate: 0.01, clipvalue: -1 }), ['training.optimizer.clipvalue: expected a number > 0, received -1']],
    ['rmsprop rho 1', setOpt({ name: 'rmsprop', learning_rate: 0.001, rho: 1 }), ['training.optimizer.rho: expected a number in [0, 1), received 1']],
    ['adagrad negative accumulator', setOpt({ name: 'adagrad', learning_rate: 0.01, initial_accumulator_value: -0.1 }),
      ['training.optimizer.initial_accumulator_value: expected a number ≥ 0, received -0.1']],
    ['adamw negative weight decay', setOpt({ name: 'adamw', learning_rate: 0.001, weight_decay: -0.004 }),
      ['training.optimizer.weight_decay: expected a number ≥ 0, received -0.004']],
    ['nadam beta_2 1', setOpt({ name: 'nadam', learning_rate: 0.001, beta_2: 1 }), ['training.optimizer.beta_2: expected a number in [0, 1), received 1']],
    ['a key of another optimizer', setOpt({ name: 'adamax', learning_rate: 0.001, momentum: 0.9 }),
      ['training.optimizer.momentum: unknown key (allowed: name, learning_rate, beta_1, beta_2, epsilon, clipnorm, clipvalue)']],
    ['unknown schedule', setSchedule({ name: 'cosine' }),
      ['training.lr_schedule.name: expected one of power, exponential, piecewise_constant, performance, one_cycle, received "cosine"']],
    ['schedule not an object', (d) => { d.training.lr_schedule = 'power'; },
      ['training.lr_schedule: expected a learning-rate schedule object such as {"name": "exponential", "decay_steps": 20000, "decay_rate": 0.1}, received "power"']],
    ['power decay_steps 0', setSchedule({ name: 'power', decay_steps: 0 }), ['training.lr_schedule.decay_steps: expected a number > 0, received 0']],
    ['power 0', setSchedule({ name: 'power', decay_steps: 100, power: 0 }), ['training.lr_schedule.power: expected a number > 0, received 0']],
    ['exponential decay_rate 0', setSchedule({ name: 'exponential', decay_steps: 100, decay_rate: 0 }),
      ['training.lr_schedule.decay_rate: expected a number in (0, 1], received 0']],
    ['exponential decay_rate 1.1', setSchedule({ name: 'exponential', decay_steps: 100, decay_rate: 1.1 }),
      ['training.lr_schedule.decay_rate: expected a number in (0, 1], received 1.1']],
    ['exponential missing decay_rate', setSchedule({ name: 'exponential', decay_steps: 100 }),
      ['training.lr_schedule.decay_rate: missing; expected a number in (0, 1]']],
    ['piecewise boundaries not increasing', setSchedule({ name: 'piecewise_constant', boundaries: [5, 5, 3], values: [1, 0.1, 0.01, 0.001] }), [
      'training.lr_schedule.boundaries[1]: expected an epoch after boundaries[0] (5), received 5',
      'training.lr_schedule.boundaries[2]: expected an epoch after boundaries[1] (5), received 3',
    ]],
    ['piecewise boundary 0', setSchedule({ name: 'piecewise_constant', boundaries: [0], values: [0.1, 0.01] }),
      ['training.lr_schedule.boundaries[0]: expected an integer from 1 to 1000, received 0']],
    ['piecewise boundary 2.5', setSchedule({ name: 'piecewise_constant', boundaries: [2.5], values: [0.1, 0.01] }),
      ['training.lr_schedule.boundaries[0]: expected an integer from 1 to 1000, received 2.5']],
    ['piecewise one value too few', setSchedule({ name: 'piecewise_constant', boundaries: [5, 15], values: [0.01, 0.005] }),
      ['training.lr_schedule.values: expected 3 values, one more than the 2 boundaries, received [0.01,0.005]']],
    ['piecewise value 0', setSchedule({ name: 'piecewise_constant', boundaries: [5], values: [0.01, 0] }),
      ['training.lr_schedule.values[1]: expected a number > 0, received 0']],
    ['piecewise no boundary', setSchedule({ name: 'piecewise_constant', boundaries: [], values: [0.01] }),
      ['training.lr_schedule.boundaries: expected at least one boundary (an epoch number such as 5), received []']],
    ['performance factor 1', setSchedule({ name: 'performance', factor: 1 }), ['training.lr_schedule.factor: expected a number in (0, 1), received 1']],
    ['performance factor 0', setSchedule({ name: 'performance', factor: 0 }), ['training.lr_schedule.factor: expected a number in (0, 1), received 0']],
    ['performance patience 0', setSchedule({ name: 'performance', patience: 0 }),
      ['training.lr_schedule.patience: expected an integer from 1 to 1000, received 0']],
    ['performance negative min_lr', setSchedule({ name: 'performance', min_lr: -1 }), ['training.lr_schedule.min_lr: expected a number ≥ 0, received -1']],
    ['1cycle max_rate 0', setSchedule({ name: 'one_cycle', max_rate: 0 }), ['training.lr_schedule.max_rate: expected a number > 0, received 0']],
    ['1cycle last_rate 0', setSchedule({ name: 'one_cycle', max_rate: 0.05, last_rate: 0 }), ['training.lr_schedule.last_rate: expected a number > 0, received 0']],
    ['1cycle last_fraction 1', setSchedule({ name: 'one_cycle', max_rate: 0.05, last_fraction: 1 }),
      ['training.lr_schedule.last_fraction: expected a number in [0, 1), received 1']],
    ['1cycle start above max', setSchedule({ name: 'one_cycle', max_rate: 0.05, start_rate: 0.1 }),
      ['training.lr_schedule.start_rate: expected a number ≤ max_rate (0.05), received 0.1']],
    ['early stopping patience 0', (d) => { d.training.early_stopping = { patience: 0 }; },
      ['training.early_stopping.patience: expected an integer from 1 to 1000, received 0']],
    ['early stopping patience 2.5', (d) => { d.training.early_stopping = { patience: 2.5 }; },
      ['training.early_stopping.patience: expected an integer from 1 to 1000, received 2.5']],
    ['early stopping without patience', (d) => { d.training.early_stopping = { min_delta: 0.01 }; },
      ['training.early_stopping.patience: missing; expected an integer from 1 to 1000']],
    ['early stopping as a number', (d) => { d.training.early_stopping = 5; },
      ['training.early_stopping: expected an early-stopping object such as {"patience": 10}, received 5']],
    ['restore_best_weights not boolean', (d) => { d.training.early_stopping = { patience: 5, restore_best_weights: 1 }; },
      ['training.early_stopping.restore_best_weights: expected true or false, received 1']],
    ['unfreeze after the last epoch', (d) => { d.training.unfreeze = { after_epochs: 10, learning_rate: 1e-4 }; },
      ['training.unfreeze.after_epochs: expected fewer epochs than training.epochs (10), received 10']],
    ['unfreeze after 0 epochs', (d) => { d.training.unfreeze = { after_epochs: 0, learning_rate: 1e-4 }; },
      ['training.unfreeze.after_epochs: expected an integer from 1 to 1000, received 0']],
    ['unfreeze learning rate 0', (d) => { d.training.unfreeze = { after_epochs: 4, learning_rate: 0 }; },
      ['training.unfreeze.learning_rate: expected a number > 0, received 0']],
    ['negative l2', (d) => { d.layers[1].kernel_regularizer = { l2: -0.01 }; }, ['layers[1].kernel_regularizer.l2: expected a number ≥ 0, received -0.01']],
    ['regularizer with an unknown key', (d) => { d.layers[1].kernel_regularizer = { l3: 1 }; },
      ['layers[1].kernel_regularizer.l3: unknown key (allowed: l1, l2)']],
    ['regularizer as a number', (d) => { d.layers[1].kernel_regularizer = 0.01; },
      ['layers[1].kernel_regularizer: expected a regularizer object such as {"l2": 0.01}, received 0.01']],
    ['max_norm 0', (d) => { d.layers[1].kernel_constraint = { name: 'max_norm', max_value: 0 }; },
      ['layers[1].kernel_constraint.max_value: expected a number > 0, received 0']],
    ['unknown constraint', (d) => { d.layers[1].kernel_constraint = { name: 'unit_norm', max_value: 1 }; },
      ['layers[1].kernel_constraint.name: expected "max_norm", received "unit_norm"']],
    ['trainable on a layer without weights', (d) => { d.layers[2].trainable = false; },
      ['layers[2].trainable: unknown key (allowed: kind, alpha)']],
    ['trainable not boolean', (d) => { d.layers[1].trainable = 'no'; }, ['layers[1].trainable: expected true or false, received "no"']],
    ['class 10', (d) => { d.classes = [0, 10]; }, ['classes[1]: expected an integer from 0 to 9 (a class of the dataset), received 10']],
    ['class -1', (d) => { d.classes = [-1, 3]; }, ['classes[0]: expected an integer from 0 to 9 (a class of the dataset), received -1']],
    ['one class', (d) => { d.classes = [3]; d.layers[5].units = 1; },
      ['classes: expected at least 2 classes (a classifier needs two to tell apart), received [3]']],
    ['classes not ascending', (d) => { d.classes = [3, 1, 1]; d.layers[5].units = 3; }, [
      'classes[1]: expected a class above classes[0] (3): classes are listed in ascending order, each once, received 1',
      'classes[2]: expected a class above classes[1] (1): classes are listed in ascending order, each once, received 1',
    ]],
    ['classes not an array', (d) => { d.classes = 8; },
      ['classes: expected an array of class numbers such as [0, 1, 2, 3, 4, 7, 8, 9], received 8']],
    ['eight classes, ten output units', (d) => { d.classes = [0, 1, 2, 3, 4, 7, 8, 9]; },
      ['layers[5].units: the output layer must have 8 units, one per class (classes lists 8 classes), received 10']],
    ['eight classes, the last layer not dense', (d) => { d.classes = [0, 1, 2, 3, 4, 7, 8, 9]; d.layers.push({ kind: 'dropout', rate: 0.1 }); },
      ['layers[6].kind: the last layer must be dense with 8 units, one per class, and activation softmax (classes lists 8 classes), received "dropout"']],
    ['transfer of the output layer', (d) => { d.transfer = { run: 'run-1', layers: 6 }; },
      ['transfer.layers: expected at most 5: every layer but the output layer (layers[5]) can be reused, received 6']],
    ['transfer of no layer', (d) => { d.transfer = { run: 'run-1', layers: 0 }; },
      ['transfer.layers: expected an integer from 1 to 1000, received 0']],
    ['transfer from no run', (d) => { d.transfer = { run: ' ', layers: 2 }; },
      ['transfer.run: expected the id of a saved run (a non-empty string), received " "']],
    ['transfer with an unknown key', (d) => { d.transfer = { run: 'r', layers: 2, freeze: true }; },
      ['transfer.freeze: unknown key (allowed: run, layers)']],
  ])('%s', (_label, mutate, expected) => {
    const r = parseModel(docWith(mutate));
    expect(r.ok).toBe(false);
    expect(messages(r)).toEqual(expected);
  });
});

describe('reading version-1 documents', () => {
  const v1Text = (id: string): string => exampleText(id).replace('"version": 2,', '"version": 1,');

  it.each(exampleIds())('%s as version 1: read as version 2, flagged, saved as the shipped version-2 file', (id) => {
    const text = v1Text(id);
    expect(text).toContain('"version": 1,');
    const r = parseModelText(text);
    if (!r.ok) throw new Error(r.errors.map(formatModelError).join('; '));
    expect(r.migrated_from).toBe(1);
    expect(r.model.version).toBe(2);
    expect(serializeModel(r.model)).toBe(exampleText(id));
  });

  it('a version-2 document is not flagged', () => {
    const r = parseModel(validDoc());
    expect(r).toEqual({ ok: true, model: validDoc() });
  });

  it('an invalid version-1 document reports its problems at the same paths', () => {
    const r = parseModel(docWith((d) => { d.version = 1; d.layers[1].units = 0; }));
    expect(messages(r)).toEqual(['layers[1].units: expected a positive integer, received 0']);
  });

  it('migrateModel rewrites the version only, keeping the key order and leaving the input alone', () => {
    const v1 = { ...validDoc(), version: 1 } as unknown as ModelSpecV1;
    const v2 = migrateModel(v1);
    expect(v1.version).toBe(1);
    expect(v2).toEqual({ ...validDoc(), version: 2 });
    expect(Object.keys(v2)).toEqual(Object.keys(v1));
  });

  it.each<[string, unknown]>([
    ['version 2', validDoc()],
    ['version 3', { ...validDoc(), version: 3 }],
    ['a string', 'x'],
    ['null', null],
    ['an inherited version', Object.create({ version: 1 })],
  ])('migrateDocument leaves %s as it is', (_label, value) => {
    expect(migrateDocument(value)).toEqual({ value });
  });

  it('keeps a "__proto__" key a key', () => {
    const hostile = JSON.parse(JSON.stringify({ ...validDoc(), version: 1 }).replace('{', '{"__proto__":{"polluted":true},'));
    const { value } = migrateDocument(hostile);
    expect(Object.hasOwn(value as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it.each<['en' | 'ko', string]>([
    ['en', 'read a version-1 file; saved as version 2'],
    ['ko', '버전 1 파일을 읽었습니다. 저장하면 버전 2(으)로 저장됩니다'],
  ])('the note in %s', (lang, text) => {
    expect(migrationNote(1, lang)).toBe(text);
  });
});
