/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The model editor's state class: operations as undo steps, typing coalesced on an
 * injected clock, the modified marker, selection, and validation errors by path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatModelError } from '../../src-shared/model/errors.js';
import { serializeModel } from '../../src-shared/model/serialize.js';
import type { DenseLayer, ModelSpec } from '../../src-shared/model/spec.js';
import { emptyModel } from '../../src-renderer/features/editor/document.js';
import { EditorState, errorsByLayer, errorsUnder } from '../../src-renderer/features/editor/editor.svelte.js';
import selu100 from '../../examples/selu-100.json';

/** An editor on a hand-moved clock (ms). */
function setup() {
  let t = 0;
  const editor = new EditorState({ now: () => t });
  return { editor, tick: (ms: number) => (t += ms) };
}

const unitsOf = (doc: ModelSpec) => doc.layers.map((l) => (l.kind === 'dense' ? l.units : l.kind));

describe('EditorState', () => {
  it('starts on a valid, unmodified empty model with nothing to undo', () => {
    const { editor } = setup();
    expect(editor.doc).toEqual(emptyModel());
    expect(editor.validation.ok).toBe(true);
    expect(editor.validModel).toEqual(emptyModel());
    expect(editor.errors).toEqual([]);
    expect([editor.modified, editor.canUndo, editor.canRedo, editor.fileName, editor.selection]).toEqual([false, false, false, null, null]);
  });

  it('builds the shipped 100-layer SELU model from an empty document in a few operations', () => {
    const { editor } = setup();
    // A path, not a URL: under jsdom the global URL is jsdom's, which node:fs does not accept.
    const file = readFileSync(resolve(import.meta.dirname, '../../examples/selu-100.json'), 'utf8');
    const target = selu100 as unknown as ModelSpec;
    editor.setModelField('name', target.name);
    editor.setModelField('description', target.description);
    editor.setModelField('preprocess', 'standardize');
    editor.setModelField('training.epochs', '5');
    editor.addLayer(1, 'dense');
    editor.setLayerField(1, 'activation', 'selu');
    editor.setLayerField(1, 'kernel_initializer', 'lecun_normal');
    editor.duplicateLayers(1);
    editor.setLayerField(1, 'units', '300');
    editor.repeatLayers(2, 98);
    expect(editor.doc.layers).toHaveLength(102);
    expect(editor.validation.ok).toBe(true);
    // Byte for byte what the shipped file holds.
    expect(serializeModel(editor.doc)).toBe(file);
    expect(editor.rows.map((r) => [r.start, r.count])).toEqual([[0, 1], [1, 1], [2, 99], [101, 1]]);
    // The 99 copies are separate objects: editing one leaves the rest alone and splits the run in three.
    editor.setLayerField(50, 'units', 50);
    expect((editor.doc.layers[49] as DenseLayer).units).toBe(100);
    expect(editor.rows.map((r) => [r.start, r.count])).toEqual([[0, 1], [1, 1], [2, 48], [50, 1], [51, 50], [101, 1]]);
  });

  it('undoes and redoes 150 operations one step each', () => {
    const { editor, tick } = setup();
    const seen: ModelSpec[] = [editor.doc];
    for (let i = 1; i <= 150; i++) {
      if (i % 3 === 0) editor.addLayer(1, 'dropout');
      else if (i % 3 === 1) editor.setModelField('training.seed', i);
      else editor.setModelField('name', `net ${i}`);
      tick(5);
      seen.push(editor.doc);
    }
    for (let i = 149; i >= 0; i--) expect(editor.undo()).toBe(seen[i]);
    expect(editor.canUndo).toBe(false);
    expect(editor.undo()).toBe(seen[0]);
    for (let i = 1; i <= 150; i++) expect(editor.redo()).toBe(seen[i]);
    expect(editor.canRedo).toBe(false);
    expect(editor.redo()).toBe(seen[150]);
  });

  it('keeps 200 steps', () => {
    const { editor } = setup();
    for (let i = 0; i < 250; i++) editor.addLayer(1, 'dropout');
    let undone = 0;
    while (editor.canUndo) {
      editor.undo();
      undone++;
    }
    expect(undone).toBe(200);
    expect(editor.doc.layers).toHaveLength(2 + 50);
  });

  it('coalesces typing into one field into one step, within a sliding 1 s window', () => {
    const { editor, tick } = setup();
    editor.addLayer(1, 'dense');
    for (const text of ['3', '30', '300']) {
      editor.setLayerField(1, 'units', text);
      tick(400);
    }
    expect((editor.doc.layers[1] as DenseLayer).units).toBe(300);
    editor.undo();
    expect((editor.doc.layers[1] as DenseLayer).units).toBe(100);
    editor.undo();
    expect(editor.doc.layers).toHaveLength(2);
  });

  it.each<[string, (e: EditorState, tick: (ms: number) => void) => void]>([
    ['after a pause', (_e, tick) => tick(1500)],
    ['on another field', (e) => e.setLayerField(1, 'activation', 'elu')],
    ['on the same field of another layer', (e) => e.setLayerField(2, 'units', 7)],
    ['after a save', (e) => e.markSaved()],
    ['after an undo', (e) => (e.undo(), e.redo())],
  ])('starts a new step %s', (_name, between) => {
    const { editor, tick } = setup();
    editor.addLayer(1, 'dense');
    editor.setLayerField(1, 'units', '3');
    between(editor, tick);
    editor.setLayerField(1, 'units', '30');
    editor.undo();
    expect((editor.doc.layers[1] as DenseLayer).units).toBe(3);
  });

  it('clears redo on a new edit', () => {
    const { editor } = setup();
    editor.addLayer(1, 'elu');
    editor.undo();
    expect(editor.canRedo).toBe(true);
    editor.addLayer(1, 'prelu');
    expect(editor.canRedo).toBe(false);
    expect(editor.redo().layers[1]).toEqual({ kind: 'prelu' });
  });

  it('records nothing for an edit that changes nothing', () => {
    const { editor } = setup();
    editor.setLayerField(1, 'units', 10);
    editor.setModelField('training.epochs', '10');
    editor.setOptimizer('sgd');
    editor.repeatLayers(0, 0);
    expect(editor.canUndo).toBe(false);
  });

  it('switches the optimizer keeping the learning rate', () => {
    const { editor } = setup();
    editor.setModelField('training.optimizer.learning_rate', '0.01');
    editor.setOptimizer('adam');
    expect(editor.doc.training.optimizer).toEqual({ name: 'adam', learning_rate: 0.01 });
    editor.undo();
    expect(editor.doc.training.optimizer).toEqual({ name: 'sgd', learning_rate: 0.01 });
  });

  it('throws a RangeError for a bad index and leaves everything as it was', () => {
    const { editor } = setup();
    const before = editor.doc;
    expect(() => editor.removeLayers(5)).toThrow('layer index 5 is out of range');
    expect(() => editor.moveUp(0)).toThrow(RangeError);
    expect(() => editor.moveLayers({ from: 0, to: 1 }, 1)).toThrow(RangeError);
    expect(() => editor.select(2)).toThrow(RangeError);
    expect(editor.doc).toBe(before);
    expect(editor.canUndo).toBe(false);
  });
});

describe('EditorState: modified and files', () => {
  it('compares content with the last opened or saved document', () => {
    const { editor, tick } = setup();
    editor.open(selu100 as unknown as ModelSpec, 'selu-100.json');
    expect([editor.modified, editor.fileName, editor.canUndo]).toEqual([false, 'selu-100.json', false]);
    editor.setLayerField(5, 'units', '99');
    expect(editor.modified).toBe(true);
    tick(2000);
    // Typing the old value back is no change of content.
    editor.setLayerField(5, 'units', '100');
    expect(editor.modified).toBe(false);
    editor.undo();
    expect(editor.modified).toBe(true);
    editor.undo();
    expect(editor.modified).toBe(false);
    editor.redo();
    editor.markSaved('copy.json');
    expect([editor.modified, editor.fileName]).toEqual([false, 'copy.json']);
    editor.undo();
    expect(editor.modified).toBe(true);
  });

  it('sees an invalid value as a change too', () => {
    const { editor } = setup();
    editor.setLayerField(1, 'kernel_initializer', { name: 'no_such_init' });
    expect(editor.modified).toBe(true);
    expect(editor.validation.ok).toBe(false);
  });

  it('copies an opened document, so the caller’s object is never shared', () => {
    const { editor } = setup();
    const doc = structuredClone(selu100) as unknown as ModelSpec;
    editor.open(doc);
    (doc.layers[1] as DenseLayer).units = 1;
    expect((editor.doc.layers[1] as DenseLayer).units).toBe(300);
    expect(editor.fileName).toBeNull();
  });

  it('newEmpty starts over: valid, unnamed, unmodified, no history', () => {
    const { editor } = setup();
    editor.open(selu100 as unknown as ModelSpec, 'selu-100.json');
    editor.removeLayers({ from: 2, to: 50 });
    editor.select(3);
    editor.newEmpty();
    expect(editor.doc).toEqual(emptyModel());
    expect([editor.modified, editor.fileName, editor.canUndo, editor.canRedo, editor.selection]).toEqual([false, null, false, false, null]);
    expect(editor.validModel).not.toBeNull();
  });
});

describe('EditorState: selection', () => {
  it.each<[string, (e: EditorState) => void, ReturnType<typeof unitsOf>, { from: number; to: number } | null]>([
    ['add selects the new layer', (e) => e.addLayer(1, 'dense'), ['flatten', 100, 50, 60, 70, 10], { from: 1, to: 1 }],
    ['insert selects the inserted layers', (e) => e.insertLayers(0, [{ kind: 'elu' }, { kind: 'prelu' }]), ['elu', 'prelu', 'flatten', 50, 60, 70, 10], { from: 0, to: 1 }],
    ['remove selects the layer that takes its place', (e) => e.removeLayers({ from: 1, to: 2 }), ['flatten', 70, 10], { from: 1, to: 1 }],
    ['remove at the end selects the new last', (e) => e.removeLayers({ from: 3, to: 4 }), ['flatten', 50, 60], { from: 2, to: 2 }],
    ['remove everything selects nothing', (e) => e.removeLayers({ from: 0, to: 4 }), [], null],
    ['duplicate selects the copy', (e) => e.duplicateLayers({ from: 1, to: 2 }), ['flatten', 50, 60, 50, 60, 70, 10], { from: 3, to: 4 }],
    ['repeat selects the whole run', (e) => e.repeatLayers(2, 2), ['flatten', 50, 60, 60, 60, 70, 10], { from: 2, to: 4 }],
    ['move up follows', (e) => e.moveUp({ from: 2, to: 3 }), ['flatten', 60, 70, 50, 10], { from: 1, to: 2 }],
    ['move down follows', (e) => e.moveDown(1), ['flatten', 60, 50, 70, 10], { from: 2, to: 2 }],
    ['drag follows', (e) => e.moveLayers({ from: 1, to: 2 }, 3), ['flatten', 70, 10, 50, 60], { from: 3, to: 4 }],
  ])('%s', (_name, op, units, selection) => {
    const { editor } = setup();
    editor.open({
      ...emptyModel(),
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 50 }, { kind: 'dense', units: 60 }, { kind: 'dense', units: 70 }, { kind: 'dense', units: 10, activation: 'softmax' }],
    });
    op(editor);
    expect(unitsOf(editor.doc)).toEqual(units);
    expect(editor.selection).toEqual(selection);
  });

  it('extends from the anchor in either direction (shift-click)', () => {
    const { editor } = setup();
    editor.open(selu100 as unknown as ModelSpec);
    editor.extendSelection(4);
    expect(editor.selection).toEqual({ from: 4, to: 4 });
    editor.extendSelection(9);
    expect(editor.selection).toEqual({ from: 4, to: 9 });
    editor.extendSelection(1);
    expect(editor.selection).toEqual({ from: 1, to: 4 });
    editor.select(null);
    expect(editor.selection).toBeNull();
  });

  it('drops a selection that no longer fits after an undo', () => {
    const { editor } = setup();
    editor.addLayer(2, 'elu');
    expect(editor.selection).toEqual({ from: 2, to: 2 });
    editor.undo();
    expect(editor.selection).toBeNull();
  });
});

describe('EditorState: validation', () => {
  it('stores typed nonsense and reports it beside its field', () => {
    const { editor } = setup();
    editor.addLayer(1, 'dense');
    editor.setLayerField(1, 'units', 'abc');
    expect((editor.doc.layers[1] as unknown as { units: unknown }).units).toBe('abc');
    expect(editor.validModel).toBeNull();
    const [error] = editor.errorsFor('layers[1].units');
    expect(error && formatModelError(error)).toBe('layers[1].units: expected a positive integer, received "abc"');
    expect(editor.errorsFor('layers[1]')).toHaveLength(1);
    expect(editor.errorsFor('layers[2]')).toEqual([]);
    expect(editor.layerErrors.get(1)).toHaveLength(1);
    editor.setLayerField(1, 'units', '12');
    expect(editor.errors).toEqual([]);
  });

  it('reports model-level fields by their paths', () => {
    const { editor } = setup();
    editor.setModelField('name', '');
    editor.setModelField('training.epochs', '0');
    editor.setModelField('training.optimizer.learning_rate', '-1');
    expect(editor.errorsFor('name').map((e) => e.path)).toEqual(['name']);
    expect(editor.errorsFor('training').map((e) => e.path)).toEqual(['training.optimizer.learning_rate', 'training.epochs']);
    expect(editor.errorsFor('training.optimizer')).toHaveLength(1);
  });

  it('reports semantic rules on the layer they concern', () => {
    const { editor } = setup();
    editor.setLayerField(1, 'activation', 'relu');
    expect(editor.errorsFor('layers[1]').length).toBeGreaterThan(0);
    expect(editor.layerErrors.has(1)).toBe(true);
  });

  it('errorsUnder matches the path and what lies below it, nothing else', () => {
    const errors = [
      { path: 'layers[1]', message: 'a' },
      { path: 'layers[1].units', message: 'b' },
      { path: 'layers[10].units', message: 'c' },
      { path: 'layers[1].kernel_initializer.scale', message: 'd' },
      { path: 'layers', message: 'e' },
      { path: 'name', message: 'f' },
      { path: 'names', message: 'g' },
    ];
    expect(errorsUnder(errors, 'layers[1]').map((e) => e.message)).toEqual(['a', 'b', 'd']);
    expect(errorsUnder(errors, 'layers').map((e) => e.message)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(errorsUnder(errors, 'name').map((e) => e.message)).toEqual(['f']);
    expect([...errorsByLayer(errors).entries()].map(([i, list]) => [i, list.length])).toEqual([
      [1, 3],
      [10, 1],
    ]);
  });
});
