/**
 * Pure document operations of the model editor: table-driven over edge indices and ranges,
 * each run on a deep-frozen input so that any mutation throws.
 */
import { describe, expect, it } from 'vitest';
import type { LayerKind } from '../../src-shared/model/ids.js';
import { LAYER_KINDS } from '../../src-shared/model/ids.js';
import { parseModel } from '../../src-shared/model/validate.js';
import type { DenseLayer, LayerSpec, ModelSpec } from '../../src-shared/model/spec.js';
import {
  addLayer,
  coerceFieldValue,
  duplicateLayers,
  emptyModel,
  insertLayers,
  MODEL_FIELD_PATHS,
  moveDown,
  moveLayers,
  moveUp,
  newLayer,
  removeLayers,
  repeatLayers,
  replaceKind,
  replaceLayer,
  setLayerField,
  setModelField,
  setOptimizer,
  stableJson,
  toRange,
  type ModelFieldPath,
} from '../../src-renderer/features/editor/document.js';

/** Freezes every object reachable from `value`, so an operation that mutates its input throws (ES modules are strict). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A frozen model whose layers are dense layers with the given unit counts, so a result reads as a list of numbers. */
function stack(...units: number[]): ModelSpec {
  return deepFreeze({ ...emptyModel(), layers: units.map((u): LayerSpec => ({ kind: 'dense', units: u })) });
}

function unitsOf(doc: ModelSpec): number[] {
  return doc.layers.map((l) => (l as DenseLayer).units);
}

const R = (from: number, to: number) => ({ from, to });

describe('newLayer and emptyModel', () => {
  it('gives every kind a valid layer with its defaults omitted', () => {
    for (const kind of LAYER_KINDS) {
      const layer = newLayer(kind);
      expect(layer.kind).toBe(kind);
      // Put it between flatten and the output layer; flatten itself would be a second flatten.
      if (kind === 'flatten') continue;
      const doc = { ...emptyModel(), layers: [{ kind: 'flatten' as const }, layer, { kind: 'dense' as const, units: 10, activation: 'softmax' as const }] };
      expect(parseModel(doc), kind).toMatchObject({ ok: true });
    }
    expect(newLayer('dense')).toEqual({ kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' });
    // The shared default (0.3) applies; the editor does not write its own copy of it.
    expect(newLayer('leaky_relu')).toEqual({ kind: 'leaky_relu' });
    expect(newLayer('batch_normalization')).toEqual({ kind: 'batch_normalization' });
    expect(newLayer('activation')).toEqual({ kind: 'activation', activation: 'relu' });
  });

  it('returns a fresh object each time', () => {
    expect(newLayer('dense')).not.toBe(newLayer('dense'));
  });

  it('refuses an unknown kind', () => {
    expect(() => newLayer('conv2d' as LayerKind)).toThrow(TypeError);
  });

  it('emptyModel is valid and minimal', () => {
    const doc = emptyModel();
    expect(parseModel(doc)).toMatchObject({ ok: true });
    expect(doc).toEqual({
      format: 'gradient-lab/model',
      version: 2,
      name: 'Untitled model',
      dataset: 'fashion-mnist',
      preprocess: 'scale',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }],
      training: { optimizer: { name: 'sgd', learning_rate: 0.001 }, epochs: 10, batch_size: 32, seed: 42 },
    });
  });
});

describe('layer operations', () => {
  const base = stack(0, 1, 2, 3, 4);

  it.each<[string, (d: ModelSpec) => ModelSpec, number[]]>([
    ['add at 0', (d) => addLayer(d, 0, 'dense'), [100, 0, 1, 2, 3, 4]],
    ['add in the middle', (d) => addLayer(d, 2, 'dense'), [0, 1, 100, 2, 3, 4]],
    ['add at the end', (d) => addLayer(d, 5, 'dense'), [0, 1, 2, 3, 4, 100]],
    ['insert two', (d) => insertLayers(d, 1, [{ kind: 'dense', units: 7 }, { kind: 'dense', units: 8 }]), [0, 7, 8, 1, 2, 3, 4]],
    ['remove first', (d) => removeLayers(d, 0), [1, 2, 3, 4]],
    ['remove last', (d) => removeLayers(d, 4), [0, 1, 2, 3]],
    ['remove range', (d) => removeLayers(d, R(1, 3)), [0, 4]],
    ['remove all', (d) => removeLayers(d, R(0, 4)), []],
    ['duplicate one', (d) => duplicateLayers(d, 2), [0, 1, 2, 2, 3, 4]],
    ['duplicate last', (d) => duplicateLayers(d, 4), [0, 1, 2, 3, 4, 4]],
    ['duplicate range', (d) => duplicateLayers(d, R(1, 2)), [0, 1, 2, 1, 2, 3, 4]],
    ['repeat one ×3', (d) => repeatLayers(d, 1, 3), [0, 1, 1, 1, 1, 2, 3, 4]],
    ['repeat pair ×2', (d) => repeatLayers(d, R(3, 4), 2), [0, 1, 2, 3, 4, 3, 4, 3, 4]],
    ['move up', (d) => moveUp(d, 2), [0, 2, 1, 3, 4]],
    ['move last up', (d) => moveUp(d, 4), [0, 1, 2, 4, 3]],
    ['move down', (d) => moveDown(d, 2), [0, 1, 3, 2, 4]],
    ['move first down', (d) => moveDown(d, 0), [1, 0, 2, 3, 4]],
    ['move range up', (d) => moveUp(d, R(2, 3)), [0, 2, 3, 1, 4]],
    ['move range down', (d) => moveDown(d, R(1, 3)), [0, 4, 1, 2, 3]],
    ['drag first to last', (d) => moveLayers(d, 0, 4), [1, 2, 3, 4, 0]],
    ['drag last to first', (d) => moveLayers(d, 4, 0), [4, 0, 1, 2, 3]],
    ['drag range to the end', (d) => moveLayers(d, R(0, 1), 3), [2, 3, 4, 0, 1]],
    ['drag range to the start', (d) => moveLayers(d, R(3, 4), 0), [3, 4, 0, 1, 2]],
    ['drag range into the middle', (d) => moveLayers(d, R(0, 1), 2), [2, 3, 0, 1, 4]],
    ['replace a layer', (d) => replaceLayer(d, 3, { kind: 'dense', units: 9 }), [0, 1, 2, 9, 4]],
  ])('%s', (_name, op, expected) => {
    const before = stableJson(base);
    const after = op(base);
    expect(unitsOf(after)).toEqual(expected);
    expect(after).not.toBe(base);
    expect(stableJson(base)).toBe(before);
    // Everything but the layers is shared, not copied.
    expect(after.training).toBe(base.training);
  });

  it.each<[string, (d: ModelSpec) => ModelSpec, RegExp]>([
    ['add past the end', (d) => addLayer(d, 6, 'dense'), /insert index 6 is out of range \(expected 0–5\)/],
    ['add before 0', (d) => addLayer(d, -1, 'dense'), /insert index -1/],
    ['add at a fraction', (d) => addLayer(d, 1.5, 'dense'), /insert index 1.5/],
    ['remove past the end', (d) => removeLayers(d, 5), /layer index 5 is out of range \(the model has 5 layers: 0–4\)/],
    ['remove NaN', (d) => removeLayers(d, Number.NaN), /layer index NaN/],
    ['remove reversed range', (d) => removeLayers(d, R(3, 1)), /range start 3 is after range end 1/],
    ['remove range past the end', (d) => removeLayers(d, R(3, 5)), /range end 5 is out of range/],
    ['remove range before 0', (d) => removeLayers(d, R(-1, 2)), /range start -1 is out of range/],
    ['duplicate past the end', (d) => duplicateLayers(d, 9), /layer index 9/],
    ['repeat a negative count', (d) => repeatLayers(d, 1, -1), /repeat count -1/],
    ['repeat a fractional count', (d) => repeatLayers(d, 1, 1.5), /repeat count 1.5/],
    ['repeat past MAX_LAYERS', (d) => repeatLayers(d, R(0, 1), 500), /1005 layers; a model may have at most 1000/],
    ['move the first up', (d) => moveUp(d, 0), /layer index 0 is already the first/],
    ['move the last down', (d) => moveDown(d, 4), /layer index 4 is already the last/],
    ['move a range at the top up', (d) => moveUp(d, R(0, 2)), /layer index 0/],
    ['move a range at the bottom down', (d) => moveDown(d, R(2, 4)), /layer index 4/],
    ['drag past the end', (d) => moveLayers(d, 0, 5), /move target 5 is out of range \(expected 0–4 for 1 layer\)/],
    ['drag a range past the end', (d) => moveLayers(d, R(0, 1), 4), /move target 4 is out of range \(expected 0–3 for 2 layers\)/],
    ['set a field of a missing layer', (d) => setLayerField(d, 7, 'units', 3), /layer index 7/],
    ['replace the kind of a missing layer', (d) => replaceKind(d, -2, 'elu'), /layer index -2/],
    ['replace a missing layer', (d) => replaceLayer(d, 5, { kind: 'flatten' }), /layer index 5/],
  ])('%s throws a RangeError naming the index', (_name, op, message) => {
    expect(() => op(base)).toThrow(RangeError);
    expect(() => op(base)).toThrow(message);
  });

  it('on an empty stack, names that there are no layers', () => {
    const empty = stack();
    expect(() => removeLayers(empty, 0)).toThrow('layer index 0 is out of range (the model has no layers)');
    expect(unitsOf(addLayer(empty, 0, 'dense'))).toEqual([100]);
  });

  it.each<[string, (d: ModelSpec) => ModelSpec]>([
    ['insert nothing', (d) => insertLayers(d, 2, [])],
    ['repeat 0 times', (d) => repeatLayers(d, 1, 0)],
    ['drag onto itself', (d) => moveLayers(d, R(1, 2), 1)],
    ['set the same value', (d) => setLayerField(d, 1, 'units', 1)],
    ['remove an absent key', (d) => setLayerField(d, 1, 'activation', undefined)],
    ['replace by the same kind', (d) => replaceKind(d, 1, 'dense')],
    ['replace by the same layer', (d) => replaceLayer(d, 1, d.layers[1] as LayerSpec)],
    ['set the same model field', (d) => setModelField(d, 'training.epochs', 10)],
    ['switch to the same optimizer', (d) => setOptimizer(d, 'sgd')],
  ])('%s returns the input itself (nothing to record)', (_name, op) => {
    expect(op(base)).toBe(base);
  });

  it('keeps untouched layers shared and makes repeated copies independent', () => {
    const after = repeatLayers(base, 1, 2);
    expect(after.layers[0]).toBe(base.layers[0]);
    expect(after.layers[1]).toBe(base.layers[1]);
    expect(after.layers[2]).not.toBe(base.layers[1]);
    expect(after.layers[2]).not.toBe(after.layers[3]);
    expect(after.layers[2]).toEqual(base.layers[1]);
  });

  it('toRange turns an index into a one-layer range and checks ranges', () => {
    expect(toRange(base, 3)).toEqual(R(3, 3));
    expect(toRange(base, R(0, 4))).toEqual(R(0, 4));
    expect(() => toRange(base, R(2, 1))).toThrow(RangeError);
  });

  it('duplicates a [dense, activation] group as a unit', () => {
    const doc = deepFreeze({
      ...emptyModel(),
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 50 }, { kind: 'elu' }, { kind: 'dense', units: 10, activation: 'softmax' }],
    } satisfies ModelSpec);
    const kinds = repeatLayers(doc, R(1, 2), 2).layers.map((l) => l.kind);
    expect(kinds).toEqual(['flatten', 'dense', 'elu', 'dense', 'elu', 'dense', 'elu', 'dense']);
  });
});

describe('setLayerField', () => {
  const base = deepFreeze({
    ...emptyModel(),
    layers: [
      { kind: 'flatten' },
      { kind: 'dense', units: 300, activation: 'relu' },
      { kind: 'leaky_relu', alpha: 0.2 },
      { kind: 'dense', units: 10, activation: 'softmax' },
    ],
  } satisfies ModelSpec);

  it.each<[string, number, Parameters<typeof setLayerField>[2], unknown, LayerSpec]>([
    ['a number', 1, 'units', 200, { kind: 'dense', units: 200, activation: 'relu' }],
    ['typed digits', 1, 'units', ' 250 ', { kind: 'dense', units: 250, activation: 'relu' }],
    ['typed exponent', 2, 'alpha', '1e-1', { kind: 'leaky_relu', alpha: 0.1 }],
    ['typed nonsense, kept raw', 1, 'units', 'abc', { kind: 'dense', units: 'abc', activation: 'relu' } as unknown as LayerSpec],
    ['hex is not a number here', 1, 'units', '0x10', { kind: 'dense', units: '0x10', activation: 'relu' } as unknown as LayerSpec],
    ['undefined removes the key', 1, 'activation', undefined, { kind: 'dense', units: 300 }],
    ['blank text removes an optional number', 2, 'alpha', '  ', { kind: 'leaky_relu' }],
    ['blank text removes a required number too', 1, 'units', '', { kind: 'dense', activation: 'relu' } as unknown as LayerSpec],
    ['an identifier', 1, 'activation', 'selu', { kind: 'dense', units: 300, activation: 'selu' }],
    ['a boolean from text', 1, 'use_bias', 'false', { kind: 'dense', units: 300, activation: 'relu', use_bias: false }],
    [
      'an initializer object',
      1,
      'kernel_initializer',
      { name: 'random_normal', mean: 0, stddev: 1 },
      { kind: 'dense', units: 300, activation: 'relu', kernel_initializer: { name: 'random_normal', mean: 0, stddev: 1 } },
    ],
  ])('stores %s', (_name, index, key, value, expected) => {
    const after = setLayerField(base, index, key, value);
    expect(after.layers[index]).toEqual(expected);
    expect(after.layers[0]).toBe(base.layers[0]);
  });

  it('stores a raw value so the validator names it with its path', () => {
    const after = setLayerField(base, 1, 'units', 'abc');
    const result = parseModel(after);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual({ path: 'layers[1].units', message: 'expected a positive integer', received: 'abc' });
  });

  it('stores a key the kind lacks, for the validator to report', () => {
    const after = setLayerField(base, 2, 'units', 5);
    const result = parseModel(after);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain('layers[2].units');
  });

  it('refuses "kind" (replaceKind changes kinds)', () => {
    expect(() => setLayerField(base, 1, 'kind' as never, 'elu')).toThrow(TypeError);
  });

  it('keeps a "__proto__" key a plain key', () => {
    const after = setLayerField(base, 1, '__proto__' as never, { polluted: true });
    expect(Object.getPrototypeOf(after.layers[1])).toBe(Object.prototype);
    expect(Object.hasOwn(after.layers[1] as object, '__proto__')).toBe(true);
  });
});

describe('coerceFieldValue', () => {
  it.each<[string, unknown, unknown]>([
    ['units', '12', 12],
    ['units', '-3', -3],
    ['learning_rate', '.5', 0.5],
    ['learning_rate', '1e-3', 0.001],
    ['units', '1.', 1],
    ['units', 'Infinity', 'Infinity'],
    ['units', '1,000', '1,000'],
    ['units', '', undefined],
    ['units', 7, 7],
    ['use_bias', 'true', true],
    ['use_bias', 'yes', 'yes'],
    ['nesterov', '', undefined],
    ['name', '', ''],
    ['name', ' Net ', ' Net '],
    ['description', '  ', undefined],
    ['activation', 'relu', 'relu'],
    ['dataset', '', ''],
  ])('%s ← %j gives %j', (key, value, expected) => {
    expect(coerceFieldValue(key, value)).toEqual(expected);
  });
});

describe('replaceKind', () => {
  const base = deepFreeze({
    ...emptyModel(),
    layers: [
      { kind: 'flatten' },
      { kind: 'dense', units: 300, activation: 'selu', kernel_initializer: 'lecun_normal' },
      { kind: 'dropout', rate: 0.3 },
      { kind: 'leaky_relu', alpha: 0.2 },
      { kind: 'dense', units: 10, activation: 'softmax' },
    ],
  } satisfies ModelSpec);

  it.each<[number, LayerKind, LayerSpec]>([
    [2, 'alpha_dropout', { kind: 'alpha_dropout', rate: 0.3 }],
    [1, 'activation', { kind: 'activation', activation: 'selu' }],
    [1, 'batch_normalization', { kind: 'batch_normalization' }],
    // alpha means a slope for leaky_relu and a saturation for elu: not carried over.
    [3, 'elu', { kind: 'elu' }],
    [3, 'dense', { kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' }],
    [0, 'prelu', { kind: 'prelu' }],
  ])('layer %i → %s', (index, kind, expected) => {
    const after = replaceKind(base, index, kind);
    expect(after.layers[index]).toEqual(expected);
  });
});

describe('setModelField and setOptimizer', () => {
  const base = deepFreeze(emptyModel());

  it.each<[ModelFieldPath, unknown, (d: ModelSpec) => unknown, unknown]>([
    ['name', 'SELU net', (d) => d.name, 'SELU net'],
    ['description', 'deep', (d) => d.description, 'deep'],
    ['dataset', 'mnist', (d) => d.dataset, 'mnist'],
    ['preprocess', 'standardize', (d) => d.preprocess, 'standardize'],
    ['training.epochs', '5', (d) => d.training.epochs, 5],
    ['training.batch_size', 64, (d) => d.training.batch_size, 64],
    ['training.seed', 'x', (d) => d.training.seed, 'x'],
    ['training.optimizer.learning_rate', '0.01', (d) => d.training.optimizer.learning_rate, 0.01],
    ['training.optimizer.momentum', '0.9', (d) => (d.training.optimizer as { momentum?: number }).momentum, 0.9],
    ['training.optimizer.nesterov', true, (d) => (d.training.optimizer as { nesterov?: boolean }).nesterov, true],
  ])('%s ← %j', (path, value, read, expected) => {
    const after = setModelField(base, path, value);
    expect(read(after)).toEqual(expected);
    expect(after.layers).toBe(base.layers);
  });

  it('removes keys with undefined (and a blank description)', () => {
    const withDescription = setModelField(base, 'description', 'x');
    expect(Object.hasOwn(setModelField(withDescription, 'description', ''), 'description')).toBe(false);
    const momentum = setModelField(base, 'training.optimizer.momentum', 0.9);
    expect(setModelField(momentum, 'training.optimizer.momentum', undefined).training.optimizer).toEqual({ name: 'sgd', learning_rate: 0.001 });
  });

  it('covers every listed path without throwing', () => {
    for (const path of MODEL_FIELD_PATHS) expect(() => setModelField(base, path, '1')).not.toThrow();
  });

  it('refuses a path that is not a field', () => {
    for (const path of ['layers', 'format', 'training', 'training.optimizer', 'training.optimizer.name', 'foo']) {
      expect(() => setModelField(base, path as ModelFieldPath, 1), path).toThrow(TypeError);
    }
  });

  it('switches sgd ↔ adam keeping the learning rate and dropping the other options', () => {
    let doc = setModelField(base, 'training.optimizer.learning_rate', 0.01);
    doc = setModelField(doc, 'training.optimizer.momentum', 0.9);
    doc = setOptimizer(doc, 'adam');
    expect(doc.training.optimizer).toEqual({ name: 'adam', learning_rate: 0.01 });
    doc = setModelField(doc, 'training.optimizer.beta_1', 0.8);
    doc = setOptimizer(doc, 'sgd');
    expect(doc.training.optimizer).toEqual({ name: 'sgd', learning_rate: 0.01 });
    expect(doc.training.epochs).toBe(10);
    expect(parseModel(doc)).toMatchObject({ ok: true });
  });

  it('reports an option the current optimizer lacks as an unknown key', () => {
    const result = parseModel(setModelField(base, 'training.optimizer.beta_1', 0.8));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['training.optimizer.beta_1']);
  });
});

describe('stableJson', () => {
  it('ignores key order and undefined members', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] }, u: undefined })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
  });
});
