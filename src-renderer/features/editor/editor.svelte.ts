/**
 * The layer-stack editor's state: the document being edited, its undo history, the
 * selected layers, whether it differs from the last saved or opened version, and what the
 * validator says about it. Every change goes through a method here (which records one undo
 * step), so components read getters and call actions, never assign.
 *
 * The document is a draft: it holds what the user typed even when that is not valid
 * (`units: "abc"`), and only {@link EditorState.validModel} is a checked ModelSpec. So no
 * edit ever throws on a bad value; the validator reports it beside its field instead.
 */
import type { ModelError } from '../../../src-shared/model/errors.js';
import type { LayerKind, LrScheduleId, OptimizerId } from '../../../src-shared/model/ids.js';
import type { LayerSpec, ModelSpec } from '../../../src-shared/model/spec.js';
import { parseModel, type ParseResult } from '../../../src-shared/model/validate.js';
import {
  addLayer,
  duplicateLayers,
  emptyModel,
  insertLayers,
  moveDown,
  moveLayers,
  moveUp,
  removeLayers,
  removeTransfer,
  repeatLayers,
  replaceKind,
  replaceLayer,
  setLayerField,
  setClasses,
  setEarlyStopping,
  setModelField,
  setOptimizer,
  setOutputUnits,
  setSchedule,
  setUnfreeze,
  stableJson,
  toRange,
  type LayerFieldKey,
  type LayerRange,
  type LayerTarget,
  type ModelFieldPath,
} from './document.js';
import { History, type HistoryOptions } from './history.js';
import { groupRuns, type RunRow } from './runs.js';

/**
 * The errors at `pathPrefix` or below it: `'layers[1]'` matches `layers[1]` and
 * `layers[1].units` but not `layers[10]`; `'training'` matches `training.optimizer.learning_rate`.
 */
export function errorsUnder(errors: readonly ModelError[], pathPrefix: string): ModelError[] {
  return errors.filter(
    (e) => e.path === pathPrefix || e.path.startsWith(`${pathPrefix}.`) || e.path.startsWith(`${pathPrefix}[`),
  );
}

const LAYER_PATH = /^layers\[(\d+)\]/;

/** Errors grouped by the layer index their path starts with (`layers[3].units` → 3); others are left out. */
export function errorsByLayer(errors: readonly ModelError[]): Map<number, ModelError[]> {
  const byLayer = new Map<number, ModelError[]>();
  for (const e of errors) {
    const m = LAYER_PATH.exec(e.path);
    if (!m) continue;
    const index = Number(m[1]);
    const list = byLayer.get(index);
    if (list) list.push(e);
    else byLayer.set(index, [e]);
  }
  return byLayer;
}

/** The model editor's state; one instance per open document window or tab. */
export class EditorState {
  #doc = $state.raw<ModelSpec>(emptyModel());
  #fileName = $state<string | null>(null);
  #selection = $state.raw<LayerRange | null>(null);
  /** Where a shift-click extension starts: the layer last selected on its own. */
  #anchor: number | null = null;
  #savedText = $state(stableJson(this.#doc));
  #canUndo = $state(false);
  #canRedo = $state(false);
  readonly #history: History<ModelSpec>;

  /** True when the document's content differs from the last one opened, created or saved. */
  readonly modified: boolean = $derived(stableJson(this.#doc) !== this.#savedText);
  /** The validator's verdict on the document: the checked model, or every problem with its path. */
  readonly validation: ParseResult = $derived(parseModel(this.#doc));
  /** The document as a checked ModelSpec (what may be trained or saved), or null while it has problems. */
  readonly validModel: ModelSpec | null = $derived(this.validation.ok ? this.validation.model : null);
  /** Every problem found, each with its path (empty when valid). */
  readonly errors: ModelError[] = $derived(this.validation.ok ? [] : this.validation.errors);
  /** The problems of each layer, by index, for a badge on its row. */
  readonly layerErrors: Map<number, ModelError[]> = $derived(errorsByLayer(this.errors));
  /** The layer stack collapsed into display rows (runs of identical layers or groups). */
  readonly rows: RunRow[] = $derived(groupRuns(this.#doc.layers));

  /** Starts on {@link emptyModel}; `options` set the history's size, typing window and clock. */
  constructor(options: HistoryOptions = {}) {
    this.#history = new History(this.#doc, options);
  }

  /** The document being edited (a draft: may hold invalid values; see {@link validModel}). */
  get doc(): ModelSpec {
    return this.#doc;
  }

  /** The file the document was opened from or last saved to, or null for a new one. */
  get fileName(): string | null {
    return this.#fileName;
  }

  /** The selected layers, or null. */
  get selection(): LayerRange | null {
    return this.#selection;
  }

  /** Whether {@link undo} would change anything. */
  get canUndo(): boolean {
    return this.#canUndo;
  }

  /** Whether {@link redo} would change anything. */
  get canRedo(): boolean {
    return this.#canRedo;
  }

  /** The errors at `pathPrefix` or below, e.g. `errorsFor('layers[1].units')`, `errorsFor('training')`. */
  errorsFor(pathPrefix: string): ModelError[] {
    return errorsUnder(this.errors, pathPrefix);
  }

  // --- Documents ------------------------------------------------------------------------------

  /** Starts editing `doc` (copied, so the caller's object is never shared); clears history and selection; not modified. */
  open(doc: ModelSpec, fileName: string | null = null): void {
    this.#reset($state.snapshot(doc) as ModelSpec, fileName);
  }

  /** Starts a new, valid document ({@link emptyModel}, named `name` — the UI passes its localized "Untitled model") with no file name; not modified. */
  newEmpty(name?: string): void {
    this.#reset(emptyModel(name), null);
  }

  /** Records that the document as it is now was saved (under `fileName`, when given), so it is no longer modified. */
  markSaved(fileName?: string | null): void {
    this.#savedText = stableJson(this.#doc);
    if (fileName !== undefined) this.#fileName = fileName;
    // Typing after a save starts a new undo step, so undo can return to exactly what was saved.
    this.#history.breakCoalescing();
  }

  // --- History --------------------------------------------------------------------------------

  /** Goes back one step and returns the document now shown (unchanged when there is nothing to undo). */
  undo(): ModelSpec {
    const doc = this.#history.undo();
    if (doc !== null) this.#show(doc);
    return this.#doc;
  }

  /** Reapplies the last undone step and returns the document now shown (unchanged when there is nothing to redo). */
  redo(): ModelSpec {
    const doc = this.#history.redo();
    if (doc !== null) this.#show(doc);
    return this.#doc;
  }

  // --- Selection ------------------------------------------------------------------------------

  /** Selects one layer or a range (RangeError when outside the stack), or nothing with null. */
  select(target: LayerTarget | null): void {
    if (target === null) {
      this.#selection = null;
      this.#anchor = null;
      return;
    }
    const range = toRange(this.#doc, target);
    this.#selection = range;
    this.#anchor = range.from;
  }

  /** Extends the selection from its anchor to layer `index` (shift-click); selects just `index` when nothing is selected. */
  extendSelection(index: number): void {
    toRange(this.#doc, index);
    if (this.#anchor === null) return this.select(index);
    this.#selection = { from: Math.min(this.#anchor, index), to: Math.max(this.#anchor, index) };
  }

  // --- Layer operations (each one undo step; the selection follows the layers) -----------------

  /** Inserts a new layer of `kind` at `index` (0 … length) and selects it. */
  addLayer(index: number, kind: LayerKind): void {
    this.#commit(addLayer(this.#doc, index, kind), undefined, { from: index, to: index });
  }

  /** Inserts `layers` at `index` (e.g. a paste) and selects them. */
  insertLayers(index: number, layers: readonly LayerSpec[]): void {
    const next = insertLayers(this.#doc, index, $state.snapshot(layers) as LayerSpec[]);
    this.#commit(next, undefined, layers.length > 0 ? { from: index, to: index + layers.length - 1 } : undefined);
  }

  /** Removes one layer or a range; the layer that takes its place (or the new last one) is selected. */
  removeLayers(target: LayerTarget): void {
    const { from } = toRange(this.#doc, target);
    const next = removeLayers(this.#doc, target);
    const n = next.layers.length;
    this.#commit(next, undefined, n === 0 ? null : { from: Math.min(from, n - 1), to: Math.min(from, n - 1) });
  }

  /** Inserts a copy of one layer or a range right after it and selects the copy. */
  duplicateLayers(target: LayerTarget): void {
    const { from, to } = toRange(this.#doc, target);
    const size = to - from + 1;
    this.#commit(duplicateLayers(this.#doc, target), undefined, { from: from + size, to: to + size });
  }

  /** Inserts `times` copies of one layer or a group after it and selects the whole run (original and copies). */
  repeatLayers(target: LayerTarget, times: number): void {
    const { from, to } = toRange(this.#doc, target);
    this.#commit(repeatLayers(this.#doc, target, times), undefined, { from, to: to + (to - from + 1) * times });
  }

  /** Moves one layer or a range so it starts at `to` (drag and drop); the selection follows it. */
  moveLayers(target: LayerTarget, to: number): void {
    const range = toRange(this.#doc, target);
    this.#commit(moveLayers(this.#doc, target, to), undefined, { from: to, to: to + range.to - range.from });
  }

  /** Moves one layer or a range one place up (towards the input); RangeError at the top. */
  moveUp(target: LayerTarget): void {
    const { from, to } = toRange(this.#doc, target);
    this.#commit(moveUp(this.#doc, target), undefined, { from: from - 1, to: to - 1 });
  }

  /** Moves one layer or a range one place down (towards the output); RangeError at the bottom. */
  moveDown(target: LayerTarget): void {
    const { from, to } = toRange(this.#doc, target);
    this.#commit(moveDown(this.#doc, target), undefined, { from: from + 1, to: to + 1 });
  }

  /** Replaces layer `index` by `layer` (e.g. from a dialog). */
  replaceLayer(index: number, layer: LayerSpec): void {
    this.#commit(replaceLayer(this.#doc, index, $state.snapshot(layer) as LayerSpec));
  }

  /** Changes layer `index` to `kind`, keeping the fields both kinds share. */
  replaceKind(index: number, kind: LayerKind): void {
    this.#commit(replaceKind(this.#doc, index, kind));
  }

  /**
   * Sets a field of layer `index` from what the user entered: `'300'` is stored as 300,
   * `'abc'` as is (and reported by validation), `''` or undefined removes the key.
   * Consecutive edits of the same field within the typing window are one undo step.
   */
  setLayerField(index: number, key: LayerFieldKey, value: unknown): void {
    // A snapshot, so that a component's reactive object (e.g. an initializer being edited) never lives on inside the history.
    this.#commit(setLayerField(this.#doc, index, key, $state.snapshot(value)), `layers[${index}].${key}`);
  }

  /**
   * Sets field `key` of every layer in `indices` to `value` as one undo step (editing a collapsed
   * run, e.g. the units of all 99 dense layers of `Dense(100, selu) × 99`); coalesced like
   * {@link setLayerField} while the same layers' field is typed into.
   */
  setLayersField(indices: readonly number[], key: LayerFieldKey, value: unknown): void {
    const snapshot = $state.snapshot(value);
    let next = this.#doc;
    // A copy per layer, so that no two layers share an initializer object.
    for (const i of indices) next = setLayerField(next, i, key, typeof snapshot === 'object' && snapshot !== null ? structuredClone(snapshot) : snapshot);
    this.#commit(next, `layers{${indices.join(',')}}.${key}`);
  }

  /** Changes every layer in `indices` to `kind` as one undo step ({@link replaceKind} for each). */
  replaceKinds(indices: readonly number[], kind: LayerKind): void {
    let next = this.#doc;
    for (const i of indices) next = replaceKind(next, i, kind);
    this.#commit(next);
  }

  /** Sets a model-level field by its path (`'name'`, `'training.epochs'`…), coerced and coalesced like {@link setLayerField}. */
  setModelField(path: ModelFieldPath, value: unknown): void {
    this.#commit(setModelField(this.#doc, path, $state.snapshot(value)), path);
  }

  /** Switches the optimizer, keeping the learning rate and the gradient clipping. */
  setOptimizer(name: OptimizerId): void {
    this.#commit(setOptimizer(this.#doc, name));
  }

  /** Sets several optimizer options at once as one undo step (a row of the comparison table: momentum 0.9 + nesterov). */
  setOptimizerPreset(name: OptimizerId, options: Record<string, unknown>): void {
    let next = setOptimizer(this.#doc, name);
    for (const [key, value] of Object.entries(options)) next = setModelField(next, `training.optimizer.${key}` as ModelFieldPath, value);
    this.#commit(next);
  }

  /** Chooses a learning-rate schedule (with the book's example values) or none; `stepsPerEpoch` sizes exponential's decay_steps. */
  setSchedule(name: LrScheduleId | null, stepsPerEpoch?: number): void {
    this.#commit(setSchedule(this.#doc, name, stepsPerEpoch));
  }

  /** Turns early stopping on (patience 10) or off. */
  setEarlyStopping(on: boolean): void {
    this.#commit(setEarlyStopping(this.#doc, on));
  }

  /** Turns the unfreezing phase on (after 4 epochs at 1e-4) or off. */
  setUnfreeze(on: boolean): void {
    this.#commit(setUnfreeze(this.#doc, on));
  }

  /** Trains on these classes of the dataset (undefined or all of them: the key is omitted). */
  setClasses(classes: readonly number[] | undefined, classCount?: number): void {
    this.#commit(setClasses(this.#doc, classes, classCount));
  }

  /** Stops reusing a saved run's layers (removes `transfer`). */
  removeTransfer(): void {
    this.#commit(removeTransfer(this.#doc));
  }

  /** Sets the output (last dense) layer's units: one per class. */
  setOutputUnits(units: number): void {
    this.#commit(setOutputUnits(this.#doc, units));
  }

  // --- Internals ------------------------------------------------------------------------------

  /** Records `next` as one undo step (or part of the typing run `coalesceKey`); a no-op records nothing. */
  #commit(next: ModelSpec, coalesceKey?: string, selection?: LayerRange | null): void {
    if (next === this.#doc) return;
    this.#history.push(next, coalesceKey);
    this.#doc = next;
    this.#syncHistory();
    if (selection !== undefined) {
      this.#selection = selection;
      this.#anchor = selection?.from ?? null;
    }
  }

  /** Shows a document from the history; a selection that no longer fits is dropped. */
  #show(doc: ModelSpec): void {
    this.#doc = doc;
    this.#syncHistory();
    const sel = this.#selection;
    if (sel && sel.to >= doc.layers.length) this.select(null);
  }

  #reset(doc: ModelSpec, fileName: string | null): void {
    this.#history.reset(doc);
    this.#doc = doc;
    this.#fileName = fileName;
    this.#savedText = stableJson(doc);
    this.select(null);
    this.#syncHistory();
  }

  #syncHistory(): void {
    this.#canUndo = this.#history.canUndo;
    this.#canRedo = this.#history.canRedo;
  }

  // --- Whole-document edits (lint fixes) --------------------------------------------------------

  /**
   * Replaces the document by `doc` as ONE undo step, keeping the file name and the saved
   * marker (so the result shows as modified): what a lint fix produces (`applyLintFix(editor.doc,
   * finding.action)`), which may touch several layers and model fields at once. A document
   * with the same content records nothing. A selection that no longer fits is dropped.
   */
  applyDocument(doc: ModelSpec): void {
    const next = $state.snapshot(doc) as ModelSpec;
    if (stableJson(next) === stableJson(this.#doc)) return;
    const sel = this.#selection;
    this.#commit(next, undefined, sel && sel.to >= next.layers.length ? null : undefined);
  }
}
