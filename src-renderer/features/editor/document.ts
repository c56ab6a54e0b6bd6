/**
 * Pure operations on a model document for the layer-stack editor. Each takes a document
 * and returns a new one; the input is never mutated, and layers an operation does not
 * touch are shared between the old and the new document (so history can keep hundreds of
 * versions cheaply). An operation that changes nothing returns its input unchanged, so a
 * caller can skip recording it (`next === doc`).
 *
 * Indices are checked: a bad one is a RangeError naming it. Values the user typed are
 * not: the editor stores what it is given (numbers when the text reads as one, the raw
 * text otherwise) and the validator reports it with its path, e.g.
 * `layers[1].units: expected a positive integer, received "abc"`.
 */
import { LAYER_SCHEMAS, MAX_LAYERS } from '../../../src-shared/model/schema.js';
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  type EarlyStoppingSpec,
  type LayerSpec,
  type LrScheduleSpec,
  type ModelSpec,
  type OptimizerSpec,
  type UnfreezeSpec,
} from '../../../src-shared/model/spec.js';
import type { LayerKind, LrScheduleId, OptimizerId } from '../../../src-shared/model/ids.js';

type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/** A contiguous block of layers, both ends included: `{ from: 2, to: 3 }` is layers 2 and 3. */
export interface LayerRange {
  from: number;
  to: number;
}

/** Where an operation acts: one layer index, or a contiguous range. */
export type LayerTarget = number | LayerRange;

/** A layer's editable keys (every key of any kind except `kind`, which {@link replaceKind} changes). */
export type LayerFieldKey = Exclude<KeysOfUnion<LayerSpec>, 'kind'>;

/** An optimizer option other than its `name` (which {@link setOptimizer} switches). */
export type OptimizerFieldKey = Exclude<KeysOfUnion<OptimizerSpec>, 'name'>;

/** A learning-rate schedule's option other than its `name` (which {@link setSchedule} switches). */
export type ScheduleFieldKey = Exclude<KeysOfUnion<LrScheduleSpec>, 'name'>;

/**
 * A model-level field, spelt as the validator spells its path so a field's errors are
 * found by the same string: `'training.epochs'`, `'training.optimizer.learning_rate'`.
 */
export type ModelFieldPath =
  | 'name'
  | 'description'
  | 'dataset'
  | 'preprocess'
  | 'training.epochs'
  | 'training.batch_size'
  | 'training.seed'
  | `training.optimizer.${OptimizerFieldKey}`
  | `training.lr_schedule.${ScheduleFieldKey}`
  | `training.early_stopping.${keyof EarlyStoppingSpec}`
  | `training.unfreeze.${keyof UnfreezeSpec}`;

/** Units a new dense layer gets: 100, the chapter's ReLU + He default for hidden layers. */
export const NEW_DENSE_UNITS = 100;

/*
 * A fresh layer per kind. Optional fields with a shared default (leaky_relu's alpha,
 * batch normalization's momentum…) are left out, so the one copy in
 * src-shared/model/defaults.ts applies and documents stay minimal.
 */
const NEW_LAYERS: { [K in LayerKind]: () => Extract<LayerSpec, { kind: K }> } = {
  flatten: () => ({ kind: 'flatten' }),
  dense: () => ({ kind: 'dense', units: NEW_DENSE_UNITS, activation: 'relu', kernel_initializer: 'he_normal' }),
  leaky_relu: () => ({ kind: 'leaky_relu' }),
  prelu: () => ({ kind: 'prelu' }),
  rrelu: () => ({ kind: 'rrelu' }),
  elu: () => ({ kind: 'elu' }),
  activation: () => ({ kind: 'activation', activation: 'relu' }),
  batch_normalization: () => ({ kind: 'batch_normalization' }),
  dropout: () => ({ kind: 'dropout', rate: 0.2 }),
  alpha_dropout: () => ({ kind: 'alpha_dropout', rate: 0.2 }),
};

/** A new layer of `kind` with the editor's defaults, e.g. `newLayer('dense')` → `{ kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' }`. */
export function newLayer(kind: LayerKind): LayerSpec {
  const make = NEW_LAYERS[kind];
  if (make === undefined) throw new TypeError(`unknown layer kind ${JSON.stringify(kind)}`);
  return make();
}

/**
 * The model a new editor starts from, valid as it stands: flatten → dense(10, softmax) on
 * Fashion-MNIST, pixels / 255, plain SGD at 1e-3, 10 epochs of 32, seed 42.
 */
export function emptyModel(name = 'Untitled model'): ModelSpec {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name,
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }],
    training: { optimizer: { name: 'sgd', learning_rate: 0.001 }, epochs: 10, batch_size: 32, seed: 42 },
  };
}

// ---------------------------------------------------------------------------------------------
// Index checks

function describeBounds(length: number): string {
  return length === 0 ? 'the model has no layers' : `the model has ${length} layer${length === 1 ? '' : 's'}: 0–${length - 1}`;
}

/** Throws a RangeError unless `index` names an existing layer. */
function checkIndex(doc: ModelSpec, index: number, what = 'layer index'): void {
  if (!Number.isInteger(index) || index < 0 || index >= doc.layers.length) {
    throw new RangeError(`${what} ${String(index)} is out of range (${describeBounds(doc.layers.length)})`);
  }
}

/** Throws a RangeError unless `index` is a place a layer can be inserted (0 … length). */
function checkInsertIndex(doc: ModelSpec, index: number): void {
  const n = doc.layers.length;
  if (!Number.isInteger(index) || index < 0 || index > n) {
    throw new RangeError(`insert index ${String(index)} is out of range (expected 0–${n})`);
  }
}

/** `3` → `{ from: 3, to: 3 }`; a range is checked (from ≤ to, both existing layers) and returned as is. */
export function toRange(doc: ModelSpec, target: LayerTarget): LayerRange {
  if (typeof target === 'number') {
    checkIndex(doc, target);
    return { from: target, to: target };
  }
  checkIndex(doc, target.from, 'range start');
  checkIndex(doc, target.to, 'range end');
  if (target.from > target.to) {
    throw new RangeError(`range start ${target.from} is after range end ${target.to}`);
  }
  return { from: target.from, to: target.to };
}

function checkLayerCount(count: number): void {
  // The validator would report it too, but refusing here keeps a mistyped count from building a huge array.
  if (count > MAX_LAYERS) throw new RangeError(`the result would have ${count} layers; a model may have at most ${MAX_LAYERS}`);
}

function withLayers(doc: ModelSpec, layers: LayerSpec[]): ModelSpec {
  return { ...doc, layers };
}

// ---------------------------------------------------------------------------------------------
// Layer operations

/** Inserts `layers` so the first lands at `index` (0 … length); `insertLayers(doc, 1, [l])` puts `l` after layer 0. */
export function insertLayers(doc: ModelSpec, index: number, layers: readonly LayerSpec[]): ModelSpec {
  checkInsertIndex(doc, index);
  if (layers.length === 0) return doc;
  checkLayerCount(doc.layers.length + layers.length);
  return withLayers(doc, [...doc.layers.slice(0, index), ...layers, ...doc.layers.slice(index)]);
}

/** Inserts a new layer of `kind` (with {@link newLayer}'s defaults) at `index` (0 … length). */
export function addLayer(doc: ModelSpec, index: number, kind: LayerKind): ModelSpec {
  return insertLayers(doc, index, [newLayer(kind)]);
}

/** Removes one layer or a range; `removeLayers(doc, { from: 2, to: 3 })` drops layers 2 and 3. */
export function removeLayers(doc: ModelSpec, target: LayerTarget): ModelSpec {
  const { from, to } = toRange(doc, target);
  return withLayers(doc, [...doc.layers.slice(0, from), ...doc.layers.slice(to + 1)]);
}

/** Inserts a copy of one layer or a range right after it: [a, b, c] duplicate {0,1} → [a, b, a, b, c]. */
export function duplicateLayers(doc: ModelSpec, target: LayerTarget): ModelSpec {
  return repeatLayers(doc, target, 1);
}

/**
 * Inserts `times` copies of one layer or a contiguous group right after it, e.g. a
 * [dense, elu] pair repeated 19 times gives 20 pairs. `times` 0 changes nothing.
 * Copies are fresh objects, so a later edit of one never shows in another.
 */
export function repeatLayers(doc: ModelSpec, target: LayerTarget, times: number): ModelSpec {
  const { from, to } = toRange(doc, target);
  if (!Number.isInteger(times) || times < 0) throw new RangeError(`repeat count ${String(times)} is not a whole number ≥ 0`);
  if (times === 0) return doc;
  const group = doc.layers.slice(from, to + 1);
  checkLayerCount(doc.layers.length + group.length * times);
  const copies: LayerSpec[] = [];
  for (let t = 0; t < times; t++) for (const layer of group) copies.push(structuredClone(layer));
  return withLayers(doc, [...doc.layers.slice(0, to + 1), ...copies, ...doc.layers.slice(to + 1)]);
}

/**
 * Moves one layer or a range so that its first layer ends at index `to` of the result
 * (0 … length − range size); for drag and drop. `moveLayers(doc, 0, 2)` on [a, b, c] → [b, c, a].
 */
export function moveLayers(doc: ModelSpec, target: LayerTarget, to: number): ModelSpec {
  const range = toRange(doc, target);
  const size = range.to - range.from + 1;
  const last = doc.layers.length - size;
  if (!Number.isInteger(to) || to < 0 || to > last) {
    throw new RangeError(`move target ${String(to)} is out of range (expected 0–${last} for ${size} layer${size === 1 ? '' : 's'})`);
  }
  if (to === range.from) return doc;
  const block = doc.layers.slice(range.from, range.to + 1);
  const rest = [...doc.layers.slice(0, range.from), ...doc.layers.slice(range.to + 1)];
  return withLayers(doc, [...rest.slice(0, to), ...block, ...rest.slice(to)]);
}

/** Moves one layer or a range one place towards the input; RangeError if it already starts at 0. */
export function moveUp(doc: ModelSpec, target: LayerTarget): ModelSpec {
  const { from } = toRange(doc, target);
  if (from === 0) throw new RangeError('layer index 0 is already the first; it cannot move up');
  return moveLayers(doc, target, from - 1);
}

/** Moves one layer or a range one place towards the output; RangeError if it already ends at the last layer. */
export function moveDown(doc: ModelSpec, target: LayerTarget): ModelSpec {
  const { from, to } = toRange(doc, target);
  if (to === doc.layers.length - 1) throw new RangeError(`layer index ${to} is already the last; it cannot move down`);
  return moveLayers(doc, target, from + 1);
}

/** Replaces layer `index` by a whole new layer (e.g. one pasted or edited in a dialog). */
export function replaceLayer(doc: ModelSpec, index: number, layer: LayerSpec): ModelSpec {
  checkIndex(doc, index);
  if (doc.layers[index] === layer) return doc;
  const layers = [...doc.layers];
  layers[index] = layer;
  return withLayers(doc, layers);
}

/**
 * Changes layer `index` to `kind`: a new layer of that kind (with {@link newLayer}'s defaults)
 * that keeps the old layer's values of the keys both kinds have, e.g. dropout(0.3) →
 * alpha_dropout(0.3), dense(activation selu) → activation(selu). `alpha` is not kept: a
 * leaky ReLU's slope (0.3) would be a poor ELU alpha (1), and the reverse.
 */
export function replaceKind(doc: ModelSpec, index: number, kind: LayerKind): ModelSpec {
  checkIndex(doc, index);
  const old = doc.layers[index] as unknown as Record<string, unknown>;
  if (old.kind === kind) return doc;
  const next = newLayer(kind) as unknown as Record<string, unknown>;
  // The schema table is the one list of each kind's keys (serialize.ts reads it the same way).
  for (const key of Object.keys(LAYER_SCHEMAS[kind].shape)) {
    if (key === 'kind' || key === 'alpha' || !Object.hasOwn(old, key) || old[key] === undefined) continue;
    next[key] = old[key];
  }
  return replaceLayer(doc, index, next as unknown as LayerSpec);
}

// ---------------------------------------------------------------------------------------------
// Field values typed by the user

/** Layer and model fields whose value is a number; text typed into them is read as one when it can be. */
const NUMERIC_FIELDS: ReadonlySet<string> = new Set([
  'units',
  'alpha',
  'lower',
  'upper',
  'momentum',
  'epsilon',
  'rate',
  'beta_1',
  'beta_2',
  'learning_rate',
  'epochs',
  'batch_size',
  'seed',
  // Optimizer options and gradient clipping.
  'rho',
  'initial_accumulator_value',
  'weight_decay',
  'clipnorm',
  'clipvalue',
  // Learning-rate schedules.
  'decay_steps',
  'power',
  'decay_rate',
  'factor',
  'patience',
  'min_delta',
  'min_lr',
  'max_rate',
  'start_rate',
  'last_rate',
  'last_fraction',
  // Unfreezing, regularizers and max-norm.
  'after_epochs',
  'l1',
  'l2',
  'max_value',
]);
const BOOLEAN_FIELDS: ReadonlySet<string> = new Set(['use_bias', 'nesterov', 'trainable', 'restore_best_weights']);
/** Fields holding a list of numbers, typed as comma-separated text (`5, 15`). */
const LIST_FIELDS: ReadonlySet<string> = new Set(['boundaries', 'values']);

/**
 * Text typed into a list field as numbers: `"5, 15"` → `[5, 15]`, `"0.01 0.005"` → `[0.01, 0.005]`
 * (commas, semicolons or spaces separate items). Null when an item is not a plain decimal
 * number; {@link listProblem} says which.
 */
export function parseNumberList(text: string): number[] | null {
  const items = splitList(text);
  return items.every((item) => DECIMAL.test(item)) ? items.map(Number) : null;
}

function splitList(text: string): string[] {
  return text
    .trim()
    .split(/[\s,;]+/)
    .filter((item) => item !== '');
}

/** What is wrong with list text, for a message beside the field: the first item that is not a number (1-based), or null. */
export function listProblem(text: string): { item: number; value: string } | null {
  const items = splitList(text);
  const bad = items.findIndex((item) => !DECIMAL.test(item));
  return bad < 0 ? null : { item: bad + 1, value: items[bad] as string };
}

/** A list as the text of its field: `[5, 15]` → `5, 15`; anything else as {@link fieldText} would show it (the caller's). */
export function listText(value: unknown): string | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'number') ? value.join(', ') : null;
}

// Plain decimal notation only: Number() would also accept "0x10", "Infinity" and "" (as 0).
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * What the document stores when `value` is entered into field `key` (the last segment of
 * its path). Text into a numeric field becomes a number when it reads as one (`" 1e-3"` →
 * 0.001), stays raw text otherwise (`"abc"`, for the validator to report); `"true"` /
 * `"false"` into a boolean field become booleans; blank text into a numeric, boolean or
 * description field means "not set" (undefined, so the key is removed and a default
 * applies, or the validator reports it missing). Other values pass unchanged.
 */
export function coerceFieldValue(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (NUMERIC_FIELDS.has(key)) {
    if (text === '') return undefined;
    return DECIMAL.test(text) ? Number(text) : value;
  }
  if (BOOLEAN_FIELDS.has(key)) {
    if (text === '') return undefined;
    return text === 'true' ? true : text === 'false' ? false : value;
  }
  if (LIST_FIELDS.has(key)) {
    if (text === '') return undefined;
    // Kept as text when an item is no number, so the validator refuses the document and the field shows which item.
    return parseNumberList(text) ?? value;
  }
  if (key === 'description' && text === '') return undefined;
  return value;
}

/** A copy of `obj` with `key` set to `value`, or without `key` when `value` is undefined; `obj` itself when nothing changes. */
function withKey<T extends object>(obj: T, key: string, value: unknown): T {
  const record = obj as Record<string, unknown>;
  if (value === undefined) {
    if (!Object.hasOwn(record, key)) return obj;
    const copy = { ...record };
    delete copy[key];
    return copy as T;
  }
  if (Object.hasOwn(record, key) && Object.is(record[key], value)) return obj;
  // defineProperty so that a "__proto__" key stays a plain key.
  const copy = { ...record };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy as T;
}

/**
 * Sets one field of layer `index` (after {@link coerceFieldValue}); undefined removes the key
 * so the document stays minimal. A key the layer's kind lacks is stored too, and the
 * validator reports it as an unknown key. Example: `setLayerField(doc, 1, 'units', '300')` →
 * layer 1 has `units: 300`.
 */
export function setLayerField(doc: ModelSpec, index: number, key: LayerFieldKey, value: unknown): ModelSpec {
  checkIndex(doc, index);
  if ((key as string) === 'kind') throw new TypeError('use replaceKind to change a layer’s kind');
  const layer = doc.layers[index] as LayerSpec;
  return replaceLayer(doc, index, withKey(layer, key, coerceFieldValue(key, value)));
}

/**
 * A value as JSON text with object keys sorted at every level and undefined members left
 * out, so two documents (or layers) with the same content give the same text whatever their
 * key order. The editor compares documents with it rather than with `serializeModel`, which
 * throws on a draft holding an unknown initializer name and drops unknown keys — both are
 * edits the user made, and "modified" must see them.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      // defineProperty so that a "__proto__" key is kept as a key (assignment would set the prototype).
      Object.defineProperty(sorted, k, { value: (v as Record<string, unknown>)[k], enumerable: true });
    }
    return sorted;
  });
}

/** Every settable model-level path, in form order. */
export const MODEL_FIELD_PATHS: readonly ModelFieldPath[] = [
  'name',
  'description',
  'dataset',
  'preprocess',
  'training.epochs',
  'training.batch_size',
  'training.seed',
  'training.optimizer.learning_rate',
  'training.optimizer.momentum',
  'training.optimizer.nesterov',
  'training.optimizer.beta_1',
  'training.optimizer.beta_2',
  'training.optimizer.epsilon',
  'training.optimizer.rho',
  'training.optimizer.initial_accumulator_value',
  'training.optimizer.weight_decay',
  'training.optimizer.clipnorm',
  'training.optimizer.clipvalue',
  'training.lr_schedule.decay_steps',
  'training.lr_schedule.power',
  'training.lr_schedule.decay_rate',
  'training.lr_schedule.boundaries',
  'training.lr_schedule.values',
  'training.lr_schedule.factor',
  'training.lr_schedule.patience',
  'training.lr_schedule.min_delta',
  'training.lr_schedule.min_lr',
  'training.lr_schedule.max_rate',
  'training.lr_schedule.start_rate',
  'training.lr_schedule.last_rate',
  'training.lr_schedule.last_fraction',
  'training.early_stopping.patience',
  'training.early_stopping.min_delta',
  'training.early_stopping.restore_best_weights',
  'training.unfreeze.after_epochs',
  'training.unfreeze.learning_rate',
];

/**
 * Sets a model-level field by its path (after {@link coerceFieldValue}); undefined removes
 * the key. Example: `setModelField(doc, 'training.optimizer.learning_rate', '0.01')`.
 * An optimizer option the current optimizer lacks (e.g. `beta_1` on SGD) is stored and
 * reported by the validator as an unknown key.
 */
export function setModelField(doc: ModelSpec, path: ModelFieldPath, value: unknown): ModelSpec {
  if (!MODEL_FIELD_PATHS.includes(path)) throw new TypeError(`not a settable model field: ${JSON.stringify(path)}`);
  const parts = path.split('.');
  const key = parts[parts.length - 1] as string;
  const coerced = coerceFieldValue(key, value);
  if (parts.length === 1) return withKey(doc, key, coerced);
  if (parts.length === 2) {
    const training = withKey(doc.training, key, coerced);
    return training === doc.training ? doc : { ...doc, training };
  }
  // training.optimizer / lr_schedule / early_stopping / unfreeze: a section object of training.
  const section = parts[1] as 'optimizer' | 'lr_schedule' | 'early_stopping' | 'unfreeze';
  const old = doc.training[section] as object | undefined;
  if (old === undefined && coerced === undefined) return doc;
  // A field of an absent section creates it, incomplete; the validator names what is missing.
  const next = withKey(old ?? {}, key, coerced);
  return next === old ? doc : { ...doc, training: { ...doc.training, [section]: next } };
}

/**
 * Switches the optimizer, keeping its learning rate and its gradient clipping (every Keras
 * optimizer takes clipnorm / clipvalue); options of the old one (SGD's momentum, Adam's
 * betas) are dropped because the new one has other options. Same name: unchanged.
 * `setOptimizer(doc, 'nadam')` on `{sgd, 0.01, momentum 0.9, clipnorm 1}` → `{nadam, 0.01, clipnorm 1}`.
 */
export function setOptimizer(doc: ModelSpec, name: OptimizerId): ModelSpec {
  const old = doc.training.optimizer;
  if (old.name === name) return doc;
  const optimizer = { name, learning_rate: old.learning_rate } as OptimizerSpec;
  if (old.clipnorm !== undefined) optimizer.clipnorm = old.clipnorm;
  if (old.clipvalue !== undefined) optimizer.clipvalue = old.clipvalue;
  return { ...doc, training: { ...doc.training, optimizer } };
}

/**
 * A new schedule of `name` with the book's example values for its required fields, so it is
 * valid as it stands: power decay_steps 10000 (the book's `decay=1e-4`), exponential 0.1 every
 * 20 epochs' worth of steps (`stepsPerEpoch` × 20), piecewise `[5, 15] → [0.01, 0.005, 0.001]`,
 * performance with every default (factor 0.5, patience 5), 1cycle up to 10 × the learning rate.
 */
export function newSchedule(name: LrScheduleId, learningRate: number, stepsPerEpoch: number): LrScheduleSpec {
  switch (name) {
    case 'power':
      return { name, decay_steps: 10000 };
    case 'exponential':
      return { name, decay_steps: Math.max(1, Math.round(stepsPerEpoch)) * 20, decay_rate: 0.1 };
    case 'piecewise_constant':
      return { name, boundaries: [5, 15], values: [0.01, 0.005, 0.001] };
    case 'performance':
      return { name };
    case 'one_cycle':
      return { name, max_rate: Number.isFinite(learningRate) && learningRate > 0 ? Number((learningRate * 10).toPrecision(6)) : 0.01 };
  }
}

/**
 * Sets the learning-rate schedule to a new one of `name` ({@link newSchedule}), or removes it
 * with null (the optimizer's rate throughout). The same name: unchanged (its fields are kept).
 */
export function setSchedule(doc: ModelSpec, name: LrScheduleId | null, stepsPerEpoch = 1719): ModelSpec {
  const old = doc.training.lr_schedule;
  if (name === null) return old === undefined ? doc : { ...doc, training: withKey(doc.training, 'lr_schedule', undefined) };
  if (old?.name === name) return doc;
  const lr = doc.training.optimizer.learning_rate;
  return { ...doc, training: { ...doc.training, lr_schedule: newSchedule(name, typeof lr === 'number' ? lr : NaN, stepsPerEpoch) } };
}

/** Early stopping on (patience 10, the book's; min_delta and restore_best_weights at their defaults) or off (the key removed). */
export function setEarlyStopping(doc: ModelSpec, on: boolean): ModelSpec {
  const has = doc.training.early_stopping !== undefined;
  if (on === has) return doc;
  return { ...doc, training: on ? { ...doc.training, early_stopping: { patience: 10 } } : withKey(doc.training, 'early_stopping', undefined) };
}

/** Unfreezing on (after 4 epochs at 1e-4: the book's transfer demo; one already on keeps its values) or off (the key removed). */
export function setUnfreeze(doc: ModelSpec, on: boolean, spec: UnfreezeSpec = { after_epochs: 4, learning_rate: 1e-4 }): ModelSpec {
  const has = doc.training.unfreeze !== undefined;
  if (on === has) return doc;
  return { ...doc, training: on ? { ...doc.training, unfreeze: { ...spec } } : withKey(doc.training, 'unfreeze', undefined) };
}

/**
 * Trains on `classes` of the dataset (sorted, duplicates dropped), or on all of them when
 * `classes` is undefined or holds every one of the dataset's `classCount` (the key is then
 * omitted, as documents keep defaults omitted).
 */
export function setClasses(doc: ModelSpec, classes: readonly number[] | undefined, classCount = 10): ModelSpec {
  const list = classes === undefined ? undefined : [...new Set(classes)].sort((a, b) => a - b);
  const all = list === undefined || (list.length === classCount && list.every((c, i) => c === i));
  const value = all ? undefined : list;
  if (stableJson(doc.classes) === stableJson(value)) return doc;
  return withKey(doc, 'classes', value);
}

/** Stops reusing a run's layers: removes `transfer` (the reused layers stay, starting from their initializers). */
export function removeTransfer(doc: ModelSpec): ModelSpec {
  return withKey(doc, 'transfer', undefined);
}

/** Index of the output layer (the last dense layer), or -1 when there is none. */
export function outputLayerIndex(doc: ModelSpec): number {
  for (let i = doc.layers.length - 1; i >= 0; i--) if (doc.layers[i]?.kind === 'dense') return i;
  return -1;
}

/** Sets the output layer's units (one unit per class); unchanged when there is no dense layer or it already has them. */
export function setOutputUnits(doc: ModelSpec, units: number): ModelSpec {
  const i = outputLayerIndex(doc);
  return i < 0 ? doc : setLayerField(doc, i, 'units', units);
}
