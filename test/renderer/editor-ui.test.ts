/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The layer-stack editor's UI over a real EditorState: inline fields store what is typed and
 * show the validator's messages beside themselves, runs collapse and edit as one, the toolbar
 * and the keyboard drive the operations, and the summary follows the document.
 */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DenseLayer, LayerSpec, ModelSpec } from '../../src-shared/model/spec.js';
import EditorView from '../../src-renderer/features/editor/EditorView.svelte';
import { EditorState } from '../../src-renderer/features/editor/editor.svelte.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { fakeApi } from './fake-api.js';
import leakyRelu from '../../examples/leaky-relu.json';
import batchNorm from '../../examples/batch-norm.json';
import selu100 from '../../examples/selu-100.json';

function setup(doc?: unknown) {
  let now = 0;
  const editor = new EditorState({ now: () => (now += 5000) });
  if (doc) editor.open(doc as ModelSpec, 'model.json');
  const view = render(EditorView, { props: { editor, api: fakeApi().api, theme: 'light' } });
  return { editor, view };
}

/** The list item (row) of layer `index` (1-based number shown in its handle). */
function layerRow(index: number): HTMLElement {
  const row = screen.getAllByTestId('layer-row').find((r) => within(r).getByTestId('row-handle').dataset.from === String(index));
  if (!row) throw new Error(`no row for layer ${index}`);
  return row;
}

const handleOf = (row: HTMLElement) => within(row).getByTestId('row-handle');
const kinds = (e: EditorState) => e.doc.layers.map((l) => (l.kind === 'dense' ? `dense${l.units}` : l.kind));

beforeEach(() => locale.set('en'));

describe('inline fields', () => {
  // Every field of every kind: [kind, field test id, typed text, stored value, optional default shown as placeholder].
  const cases: [LayerSpec, string, string, unknown, string | null][] = [
    [{ kind: 'dense', units: 10 }, 'units', '300', 300, null],
    [{ kind: 'leaky_relu' }, 'alpha', '0.2', 0.2, '0.3'],
    [{ kind: 'rrelu' }, 'lower', '0.1', 0.1, '0.125'],
    [{ kind: 'rrelu' }, 'upper', '0.4', 0.4, '0.3333'],
    [{ kind: 'elu' }, 'alpha', '1.5', 1.5, '1'],
    [{ kind: 'batch_normalization' }, 'momentum', '0.9', 0.9, '0.99'],
    [{ kind: 'batch_normalization' }, 'epsilon', '1e-5', 1e-5, '0.001'],
    [{ kind: 'dropout', rate: 0.2 }, 'rate', '0.5', 0.5, null],
    [{ kind: 'alpha_dropout', rate: 0.2 }, 'rate', '0.1', 0.1, null],
  ];
  it.each(cases)('%o: typing into %s stores the value', async (layer, field, text, stored, placeholder) => {
    const doc = { ...(leakyRelu as unknown as ModelSpec), layers: [{ kind: 'flatten' }, layer, { kind: 'dense', units: 10, activation: 'softmax' }] };
    const { editor } = setup(doc);
    const input = within(layerRow(1)).getByTestId<HTMLInputElement>(`field-${field}`);
    if (placeholder !== null) expect(input.placeholder).toBe(placeholder);
    await fireEvent.input(input, { target: { value: text } });
    expect((editor.doc.layers[1] as unknown as Record<string, unknown>)[field]).toBe(stored);
    // Emptied, an optional field goes back to its default (the key is removed).
    if (placeholder !== null) {
      await fireEvent.input(input, { target: { value: '' } });
      expect(Object.hasOwn(editor.doc.layers[1] as object, field)).toBe(false);
    }
  });

  it('selects for activation, use_bias and the standalone activation layer', async () => {
    const { editor } = setup({ ...(leakyRelu as object), layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10 }, { kind: 'activation', activation: 'relu' }] });
    const dense = layerRow(1);
    await fireEvent.change(within(dense).getByTestId('field-activation'), { target: { value: 'selu' } });
    await fireEvent.change(within(dense).getByTestId('field-use_bias'), { target: { value: 'false' } });
    expect(editor.doc.layers[1]).toEqual({ kind: 'dense', units: 10, activation: 'selu', use_bias: false });
    await fireEvent.change(within(dense).getByTestId('field-use_bias'), { target: { value: '' } });
    expect(editor.doc.layers[1]).toEqual({ kind: 'dense', units: 10, activation: 'selu' });
    await fireEvent.change(within(layerRow(2)).getByTestId('field-activation'), { target: { value: 'tanh' } });
    expect(editor.doc.layers[2]).toEqual({ kind: 'activation', activation: 'tanh' });
    await fireEvent.change(within(layerRow(2)).getByTestId('field-kind'), { target: { value: 'elu' } });
    expect(editor.doc.layers[2]).toEqual({ kind: 'elu' });
  });

  it.each([
    ['random_normal', { name: 'random_normal', mean: 0, stddev: 0.05 }, 'stddev', '1', { name: 'random_normal', mean: 0, stddev: 1 }],
    ['random_uniform', { name: 'random_uniform', minval: -0.05, maxval: 0.05 }, 'maxval', '0.1', { name: 'random_uniform', minval: -0.05, maxval: 0.1 }],
    ['variance_scaling', { name: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'truncated_normal' }, 'scale', '2', { name: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'truncated_normal' }],
  ])('the %s initializer starts from Keras defaults and edits its fields', async (name, start, part, text, end) => {
    const { editor } = setup(leakyRelu);
    const row = layerRow(1);
    await fireEvent.change(within(row).getByTestId('field-kernel_initializer'), { target: { value: name } });
    expect((editor.doc.layers[1] as DenseLayer).kernel_initializer).toEqual(start);
    await fireEvent.input(within(row).getByTestId(`field-init-${part}`), { target: { value: text } });
    expect((editor.doc.layers[1] as DenseLayer).kernel_initializer).toEqual(end);
  });

  it('variance_scaling mode and distribution are choices; a bad stddev is reported beside its field', async () => {
    const { editor } = setup(leakyRelu);
    const row = layerRow(1);
    await fireEvent.change(within(row).getByTestId('field-kernel_initializer'), { target: { value: 'variance_scaling' } });
    await fireEvent.change(within(row).getByTestId('field-init-mode'), { target: { value: 'fan_avg' } });
    await fireEvent.change(within(row).getByTestId('field-init-distribution'), { target: { value: 'uniform' } });
    expect((editor.doc.layers[1] as DenseLayer).kernel_initializer).toEqual({ name: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'uniform' });
    await fireEvent.change(within(row).getByTestId('field-kernel_initializer'), { target: { value: 'random_normal' } });
    const stddev = within(row).getByTestId('field-init-stddev');
    await fireEvent.input(stddev, { target: { value: '-1' } });
    const error = within(row).getByTestId('field-init-stddev-error');
    expect(error.textContent).toContain('received -1');
    expect(stddev.getAttribute('aria-invalid')).toBe('true');
    expect(stddev.getAttribute('aria-describedby')).toBe(error.id);
  });

  it('shows a validation message beside the field, with aria-invalid and aria-describedby, and clears it when fixed', async () => {
    const { editor } = setup(leakyRelu);
    const input = within(layerRow(1)).getByTestId<HTMLInputElement>('field-units');
    await fireEvent.input(input, { target: { value: 'abc' } });
    expect(editor.doc.layers[1]).toMatchObject({ units: 'abc' });
    const error = within(layerRow(1)).getByTestId('field-units-error');
    expect(error.textContent).toBe('expected a positive integer, received "abc"');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
    expect(within(handleOf(layerRow(1))).getByTestId('row-problems').textContent).toBe('1');
    await fireEvent.input(input, { target: { value: '200' } });
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(within(layerRow(1)).queryByTestId('field-units-error')).toBeNull();
  });

  it.each([
    ['model-name', '', 'name'],
    ['model-epochs', '0', 'training.epochs'],
    ['model-batch_size', 'x', 'training.batch_size'],
    ['model-seed', '-1.5', 'training.seed'],
    ['model-learning_rate', '-1', 'training.optimizer.learning_rate'],
    ['model-momentum', '2', 'training.optimizer.momentum'],
  ])('model field %s: %j is reported beside it', async (testid, text, path) => {
    const { editor } = setup(leakyRelu);
    const input = screen.getByTestId(testid);
    await fireEvent.input(input, { target: { value: text } });
    expect(editor.errorsFor(path).length).toBeGreaterThan(0);
    expect(screen.getByTestId(`${testid}-error`).textContent).toBe(editor.errorsFor(path).map((e) => e.message + (Object.hasOwn(e, 'received') ? `, received ${JSON.stringify(e.received)}` : '')).join('; '));
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('switches the optimizer to Adam and edits its options; dataset, preprocessing, description', async () => {
    const { editor } = setup(leakyRelu);
    await fireEvent.change(screen.getByTestId('model-optimizer'), { target: { value: 'adam' } });
    expect(screen.getByTestId<HTMLInputElement>('model-beta_1').placeholder).toBe('0.9');
    expect(screen.getByTestId<HTMLInputElement>('model-epsilon').placeholder).toBe('1e-7');
    await fireEvent.input(screen.getByTestId('model-beta_2'), { target: { value: '0.99' } });
    await fireEvent.input(screen.getByTestId('model-epochs'), { target: { value: '3' } });
    await fireEvent.change(screen.getByTestId('model-dataset'), { target: { value: 'mnist' } });
    await fireEvent.change(screen.getByTestId('model-preprocess'), { target: { value: 'standardize' } });
    await fireEvent.input(screen.getByTestId('model-description'), { target: { value: '' } });
    expect(editor.doc.training).toEqual({ optimizer: { name: 'adam', learning_rate: 0.001, beta_2: 0.99 }, epochs: 3, batch_size: 32, seed: 42 });
    expect([editor.doc.dataset, editor.doc.preprocess, editor.doc.description]).toEqual(['mnist', 'standardize', undefined]);
    expect(editor.validation.ok).toBe(true);
  });
});

describe('problems banner', () => {
  it('counts the problems, lists the first few, and focuses the field a link names', async () => {
    const { editor } = setup(leakyRelu);
    expect(screen.queryByTestId('problems-banner')).toBeNull();
    editor.setLayerField(1, 'units', 0);
    editor.setModelField('training.epochs', 'x');
    await Promise.resolve();
    const banner = await screen.findByTestId('problems-banner');
    expect(banner.textContent).toContain('The model has 2 problems');
    expect(screen.getByTestId('summary-invalid').textContent).toBe('Fix the 2 problems to see the summary.');
    const links = within(banner).getAllByTestId('problem-link');
    expect(links.map((l) => l.textContent?.trim())).toEqual(['layers[1].units', 'training.epochs']);
    await fireEvent.click(links[0]!);
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(within(layerRow(1)).getByTestId('field-units'));
    await fireEvent.click(links[1]!);
    expect(document.activeElement).toBe(screen.getByTestId('model-epochs'));
  });

  it('focuses the run field for a problem deep inside a collapsed run', async () => {
    const { editor } = setup(selu100);
    editor.setLayersField(Array.from({ length: 99 }, (_, k) => k + 2), 'units', 'many');
    await Promise.resolve();
    const links = within(await screen.findByTestId('problems-banner')).getAllByTestId('problem-link');
    expect(screen.getByTestId('problems-banner').textContent).toContain('and 94 more');
    await fireEvent.click(links[3]!); // layers[5].units
    await new Promise((r) => setTimeout(r, 0));
    const run = screen.getByTestId('run-row');
    expect(document.activeElement).toBe(within(run).getByTestId('field-units'));
    expect(editor.selection).toEqual({ from: 2, to: 100 });
  });
});

describe('collapsed runs', () => {
  it('shows a 99-layer run as one row and edits all its layers in one undo step', async () => {
    const { editor } = setup(selu100);
    const run = screen.getByTestId('run-row');
    expect(within(run).getByTestId('run-label').textContent).toBe('Dense(100, selu, lecun_normal) × 99');
    expect(screen.getAllByTestId('layer-row')).toHaveLength(3);
    await fireEvent.input(within(run).getByTestId('field-units'), { target: { value: '50' } });
    expect(editor.doc.layers.slice(2, 101).every((l) => (l as DenseLayer).units === 50)).toBe(true);
    expect(within(screen.getByTestId('run-row')).getByTestId('run-label').textContent).toBe('Dense(50, selu, lecun_normal) × 99');
    await fireEvent.change(within(run).getByTestId('field-activation'), { target: { value: 'elu' } });
    expect(editor.doc.layers.slice(2, 101).every((l) => (l as DenseLayer).activation === 'elu')).toBe(true);
    await fireEvent.click(screen.getByTestId('undo'));
    expect((editor.doc.layers[57] as DenseLayer).activation).toBe('selu');
    await fireEvent.click(screen.getByTestId('undo'));
    expect((editor.doc.layers[57] as DenseLayer).units).toBe(100);
  });

  it('edits a [dense, elu] group run at its place in the group', async () => {
    const layers: LayerSpec[] = [{ kind: 'flatten' }];
    for (let i = 0; i < 20; i++) layers.push({ kind: 'dense', units: 100 }, { kind: 'elu' });
    layers.push({ kind: 'dense', units: 10, activation: 'softmax' });
    const { editor } = setup({ ...(leakyRelu as object), layers });
    const run = screen.getByTestId('run-row');
    expect(within(run).getByTestId('run-label').textContent).toBe('[Dense(100), ELU] × 20');
    await fireEvent.input(within(run).getByTestId('field-alpha'), { target: { value: '0.5' } });
    expect(editor.doc.layers.filter((l) => l.kind === 'elu').every((l) => 'alpha' in l && l.alpha === 0.5)).toBe(true);
    expect(editor.doc.layers.filter((l) => l.kind === 'dense').map((l) => 'alpha' in l)).not.toContain(true);
  });

  it('expands into its layers a page at a time; a 200-layer stack renders few rows', async () => {
    const layers: LayerSpec[] = [{ kind: 'flatten' }];
    for (let i = 0; i < 198; i++) layers.push({ kind: 'dense', units: 64, activation: 'relu', kernel_initializer: 'he_normal' });
    layers.push({ kind: 'dense', units: 10, activation: 'softmax' });
    const { editor } = setup({ ...(leakyRelu as object), layers });
    expect(editor.doc.layers).toHaveLength(200);
    expect(screen.getAllByTestId('layer-row')).toHaveLength(2);
    await fireEvent.click(screen.getByTestId('run-toggle'));
    expect(screen.getAllByTestId('layer-row')).toHaveLength(2 + 40);
    expect(screen.getByTestId('show-more').textContent).toContain('Show 40 more (158 not shown)');
    await fireEvent.click(screen.getByTestId('show-more'));
    expect(screen.getAllByTestId('layer-row')).toHaveLength(2 + 80);
    // An expanded layer is edited on its own (and splits the run).
    await fireEvent.input(within(layerRow(5)).getByTestId('field-units'), { target: { value: '32' } });
    expect(kinds(editor).slice(4, 7)).toEqual(['dense64', 'dense32', 'dense64']);
    // The pieces stay expanded: flatten, layers 1–4, layer 5, the first page of 6–198, the output.
    expect(screen.getAllByTestId('run-row')).toHaveLength(2);
    expect(screen.getAllByTestId('layer-row')).toHaveLength(1 + 4 + 1 + 40 + 1);
  }, 60_000); // jsdom renders the 40-row page slowly on a busy 2-core machine (10 s seen); the browser does it in ~0.3 s
});

describe('toolbar', () => {
  it('adds a layer of the chosen kind after the selection, duplicates, moves and removes; edges are disabled', async () => {
    const { editor } = setup(leakyRelu);
    expect(kinds(editor)).toEqual(['flatten', 'dense300', 'leaky_relu', 'dense100', 'leaky_relu', 'dense10']);
    expect(screen.getByTestId<HTMLButtonElement>('remove-layer').disabled).toBe(true);
    await fireEvent.click(handleOf(layerRow(0)));
    expect(screen.getByTestId<HTMLButtonElement>('move-up').disabled).toBe(true);
    await fireEvent.change(screen.getByTestId('add-kind'), { target: { value: 'batch_normalization' } });
    await fireEvent.click(screen.getByTestId('add-layer'));
    expect(kinds(editor).slice(0, 3)).toEqual(['flatten', 'batch_normalization', 'dense300']);
    expect(editor.selection).toEqual({ from: 1, to: 1 });
    await fireEvent.click(screen.getByTestId('duplicate-layer'));
    expect(kinds(editor).slice(0, 4)).toEqual(['flatten', 'batch_normalization', 'batch_normalization', 'dense300']);
    await fireEvent.click(screen.getByTestId('move-down'));
    expect(kinds(editor).slice(2, 4)).toEqual(['dense300', 'batch_normalization']);
    await fireEvent.click(screen.getByTestId('remove-layer'));
    await fireEvent.click(screen.getByTestId('remove-layer'));
    // The layer that takes a removed one's place is selected, so Remove twice drops the copy, then the LeakyReLU after it.
    expect(kinds(editor)).toEqual(['flatten', 'batch_normalization', 'dense300', 'dense100', 'leaky_relu', 'dense10']);
    await fireEvent.click(handleOf(layerRow(5)));
    expect(screen.getByTestId<HTMLButtonElement>('move-down').disabled).toBe(true);
    expect(screen.getByTestId<HTMLButtonElement>('move-up').disabled).toBe(false);
  });

  it.each([3, 19])('repeats a shift-click-selected dense + activation group ×%d', async (times) => {
    const { editor } = setup(leakyRelu);
    await fireEvent.click(handleOf(layerRow(1)));
    await fireEvent.click(handleOf(layerRow(2)), { shiftKey: true });
    expect(editor.selection).toEqual({ from: 1, to: 2 });
    await fireEvent.input(screen.getByTestId('repeat-times'), { target: { value: String(times) } });
    await fireEvent.click(screen.getByTestId('repeat-layers'));
    expect(editor.doc.layers).toHaveLength(6 + 2 * times);
    expect(editor.rows[1]).toMatchObject({ start: 1, unit: 2, count: times + 1 });
    expect(within(screen.getByTestId('run-row')).getByTestId('run-label').textContent).toBe(`[Dense(300, he_normal), LeakyReLU(0.2)] × ${times + 1}`);
    await fireEvent.click(screen.getByTestId('undo'));
    expect(editor.doc.layers).toHaveLength(6);
    await fireEvent.click(screen.getByTestId('redo'));
    expect(editor.doc.layers).toHaveLength(6 + 2 * times);
  });

  it('refuses a repeat count that is not a whole number ≥ 1', async () => {
    setup(leakyRelu);
    await fireEvent.click(handleOf(layerRow(1)));
    for (const bad of ['0', 'x', '1.5', '', '5000']) {
      await fireEvent.input(screen.getByTestId('repeat-times'), { target: { value: bad } });
      expect(screen.getByTestId<HTMLButtonElement>('repeat-layers').disabled).toBe(true);
    }
  });
});

describe('keyboard', () => {
  const key = (el: Element, k: string, mods: Partial<KeyboardEventInit> = {}) => fireEvent.keyDown(el, { key: k, ...mods });

  it('arrow keys move the selection between rows and shift extends it; the selected row is the tab stop', async () => {
    const { editor } = setup(leakyRelu);
    expect(handleOf(layerRow(0)).tabIndex).toBe(0);
    await fireEvent.click(handleOf(layerRow(1)));
    handleOf(layerRow(1)).focus();
    await key(document.activeElement!, 'ArrowDown');
    expect(editor.selection).toEqual({ from: 2, to: 2 });
    expect(document.activeElement).toBe(handleOf(layerRow(2)));
    expect(handleOf(layerRow(2)).tabIndex).toBe(0);
    expect(handleOf(layerRow(1)).tabIndex).toBe(-1);
    await key(document.activeElement!, 'ArrowDown', { shiftKey: true });
    expect(editor.selection).toEqual({ from: 2, to: 3 });
    await key(document.activeElement!, 'Home');
    expect(editor.selection).toEqual({ from: 0, to: 0 });
    await key(document.activeElement!, 'End');
    expect(editor.selection).toEqual({ from: 5, to: 5 });
  });

  it('Alt+↑/↓ move, Ctrl+D duplicates, Delete removes, and the focus stays on the selection', async () => {
    const { editor } = setup(leakyRelu);
    await fireEvent.click(handleOf(layerRow(2)));
    handleOf(layerRow(2)).focus();
    await key(document.activeElement!, 'ArrowUp', { altKey: true });
    expect(kinds(editor).slice(1, 3)).toEqual(['leaky_relu', 'dense300']);
    await new Promise((r) => setTimeout(r, 0));
    expect(document.activeElement).toBe(handleOf(layerRow(1)));
    await key(document.activeElement!, 'ArrowDown', { altKey: true });
    expect(kinds(editor).slice(1, 3)).toEqual(['dense300', 'leaky_relu']);
    await key(document.activeElement!, 'd', { ctrlKey: true });
    expect(kinds(editor).slice(1, 4)).toEqual(['dense300', 'leaky_relu', 'leaky_relu']);
    expect(editor.selection).toEqual({ from: 3, to: 3 });
    await new Promise((r) => setTimeout(r, 0));
    await key(document.activeElement!, 'Delete');
    expect(kinds(editor)).toEqual(['flatten', 'dense300', 'leaky_relu', 'dense100', 'leaky_relu', 'dense10']);
  });

  it('Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo, except in a text box, which keeps its own text undo', async () => {
    const { editor } = setup(leakyRelu);
    const units = within(layerRow(1)).getByTestId('field-units');
    await fireEvent.input(units, { target: { value: '200' } });
    expect((editor.doc.layers[1] as DenseLayer).units).toBe(200);
    const inInput = await key(units, 'z', { ctrlKey: true });
    expect(inInput).toBe(true); // not prevented: the browser undoes the text
    expect((editor.doc.layers[1] as DenseLayer).units).toBe(200);
    const handle = handleOf(layerRow(1));
    await key(handle, 'z', { ctrlKey: true });
    expect((editor.doc.layers[1] as DenseLayer).units).toBe(300);
    await key(handle, 'Z', { ctrlKey: true, shiftKey: true });
    expect((editor.doc.layers[1] as DenseLayer).units).toBe(200);
    await key(handle, 'z', { metaKey: true });
    await key(handle, 'y', { ctrlKey: true });
    expect((editor.doc.layers[1] as DenseLayer).units).toBe(200);
    // A select is not a text box: the editor's undo applies there.
    await key(within(layerRow(1)).getByTestId('field-activation'), 'z', { ctrlKey: true });
    expect((editor.doc.layers[1] as DenseLayer).units).toBe(300);
    expect(editor.canUndo).toBe(false);
    expect(screen.getByTestId<HTMLButtonElement>('undo').disabled).toBe(true);
  });
});

describe('drag and drop', () => {
  // jsdom has no DragEvent; a MouseEvent of that type carries the pointer's position.
  const dragOver = (el: Element, clientY: number) => fireEvent(el, new MouseEvent('dragover', { bubbles: true, cancelable: true, clientY }));

  it('drops a dragged row before or after another one (moveLayers)', async () => {
    const { editor } = setup(leakyRelu);
    const list = screen.getByTestId('layer-list');
    const rect = (top: number) => ({ top, bottom: top + 40, height: 40, left: 0, right: 500, width: 500, x: 0, y: top, toJSON: () => ({}) });
    screen.getAllByTestId('layer-row').forEach((r, i) => (r.getBoundingClientRect = () => rect(i * 40) as DOMRect));
    await fireEvent.dragStart(handleOf(layerRow(4)));
    await dragOver(layerRow(1), 45); // upper half of row 1: before it
    expect(layerRow(1).classList.contains('drop-before')).toBe(true);
    await fireEvent.drop(layerRow(1));
    expect(kinds(editor)).toEqual(['flatten', 'leaky_relu', 'dense300', 'leaky_relu', 'dense100', 'dense10']);
    expect(editor.selection).toEqual({ from: 1, to: 1 });
    screen.getAllByTestId('layer-row').forEach((r, i) => (r.getBoundingClientRect = () => rect(i * 40) as DOMRect));
    await fireEvent.dragStart(handleOf(layerRow(1)));
    await dragOver(layerRow(4), 4 * 40 + 35); // lower half of row 4: after it
    expect(layerRow(4).classList.contains('drop-after')).toBe(true);
    await fireEvent.drop(list.querySelector('[data-item="L4"]')!);
    expect(kinds(editor)).toEqual(['flatten', 'dense300', 'leaky_relu', 'dense100', 'leaky_relu', 'dense10']);
  });
});

describe('summary', () => {
  it('shows the LeakyReLU net like Keras: 266,610 params, fans, resolved activation and init std', () => {
    setup(leakyRelu);
    expect(screen.getByTestId('total-params').textContent).toBe('266,610');
    expect(screen.getByTestId('trainable-params').textContent).toBe('266,610');
    expect(screen.getByTestId('non-trainable-params').textContent).toBe('0');
    const rows = screen.getAllByTestId('summary-row').map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.replace(/\s+/g, ' ').trim()));
    expect(rows[1]).toEqual(['2', 'densehe_normal', '(None, 300)', '235,500', '784', '300', 'leaky_relu at layer 3', '0.0505']);
    expect(rows[5]).toEqual(['6', 'denseglorot_uniform', '(None, 10)', '1,010', '100', '10', 'softmax', '0.1348']);
  });

  it('counts batch normalization’s moving mean and variance as non-trainable', () => {
    setup(batchNorm);
    // 266,610 as the LeakyReLU net, plus 4 per feature at 784, 300 and 100 features, half of them moving statistics.
    expect(screen.getByTestId('total-params').textContent).toBe('271,346');
    expect(screen.getByTestId('non-trainable-params').textContent).toBe('2,368');
    expect(screen.getByTestId('trainable-params').textContent).toBe('268,978');
    expect(screen.getAllByTestId('summary-row')[1]?.textContent).toContain('1,568 non-trainable');
  });

  it('follows edits live', async () => {
    const { editor } = setup(leakyRelu);
    await fireEvent.input(within(layerRow(1)).getByTestId('field-units'), { target: { value: '100' } });
    expect(editor.validation.ok).toBe(true);
    expect(screen.getByTestId('total-params').textContent).toBe((784 * 100 + 100 + 100 * 100 + 100 + 1010).toLocaleString('en-US'));
  });
});

describe('Korean', () => {
  it('labels the editor in Korean', () => {
    locale.set('ko');
    setup(leakyRelu);
    expect(screen.getByTestId('add-layer').textContent).toContain('추가');
    expect(screen.getByText('전체 파라미터')).toBeTruthy();
    expect(within(layerRow(2)).getByTestId<HTMLInputElement>('field-alpha').closest('.field')?.querySelector('label')?.textContent).toBe('알파');
  });
});

describe('EditorState methods the UI added', () => {
  it('setLayersField edits many layers as one undo step, coalesced while typing; replaceKinds likewise', () => {
    let now = 0;
    const editor = new EditorState({ now: () => now });
    editor.open(selu100 as unknown as ModelSpec);
    const run = Array.from({ length: 99 }, (_, k) => k + 2);
    editor.setLayersField(run, 'units', '5');
    now += 100;
    editor.setLayersField(run, 'units', '50');
    expect(editor.doc.layers.slice(2, 101).every((l) => (l as DenseLayer).units === 50)).toBe(true);
    editor.setLayersField(run, 'kernel_initializer', { name: 'random_normal', mean: 0, stddev: 1 });
    const inits = editor.doc.layers.slice(2, 101).map((l) => (l as DenseLayer).kernel_initializer);
    expect(new Set(inits).size).toBe(99); // a copy each
    editor.replaceKinds([2, 3], 'dropout');
    expect(kinds(editor).slice(2, 5)).toEqual(['dropout', 'dropout', 'dense50']);
    editor.undo();
    editor.undo();
    expect((editor.doc.layers[2] as DenseLayer).kernel_initializer).toBe('lecun_normal');
    editor.undo();
    expect((editor.doc.layers[2] as DenseLayer).units).toBe(100);
    expect(editor.canUndo).toBe(false);
  });
});
