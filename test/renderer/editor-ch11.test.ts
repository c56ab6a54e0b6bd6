/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The editor's chapter-11 sections over a real EditorState and the real validator: the
 * optimizer options (Keras defaults as placeholders, omitted when emptied), clipping, the
 * comparison table, learning-rate schedules with their comma lists, early stopping and
 * unfreezing, per-layer regularizers / max-norm / frozen, batch-norm placement help, the
 * classes trained on, and the reuse-layers dialog (reuseLayers, undoable).
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OptimizerId } from '../../src-shared/model/ids.js';
import type { DenseLayer, LayerSpec, ModelSpec } from '../../src-shared/model/spec.js';
import type { RunRecord, RunSummary } from '../../src-shared/training/run.js';
import EditorView from '../../src-renderer/features/editor/EditorView.svelte';
import { EditorState } from '../../src-renderer/features/editor/editor.svelte.js';
import {
  coerceFieldValue,
  listProblem,
  parseNumberList,
  removeTransfer,
  setClasses,
  setEarlyStopping,
  setModelField,
  setOptimizer,
  setOutputUnits,
  setSchedule,
  setUnfreeze,
} from '../../src-renderer/features/editor/document.js';
import { parseModel } from '../../src-shared/model/validate.js';
import { bnPlacement, stepsPerEpoch, tableRowOf } from '../../src-renderer/features/editor/training-logic.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { fakeApi, type FakeHandlers } from './fake-api.js';
import leakyRelu from '../../examples/leaky-relu.json';

const base = leakyRelu as unknown as ModelSpec;

function setup(doc: ModelSpec = base, handlers: FakeHandlers = {}) {
  let now = 0;
  const editor = new EditorState({ now: () => (now += 5000) });
  editor.open(doc, 'model.json');
  const fake = fakeApi(handlers);
  const view = render(EditorView, { props: { editor, api: fake.api, theme: 'light' } });
  return { editor, view, fake };
}

const opt = (e: EditorState) => e.doc.training.optimizer as unknown as Record<string, unknown>;
const input = (id: string) => screen.getByTestId<HTMLInputElement>(id);
function layerRow(index: number): HTMLElement {
  const row = screen.getAllByTestId('layer-row').find((r) => within(r).getByTestId('row-handle').dataset.from === String(index));
  if (!row) throw new Error(`no row for layer ${index}`);
  return row;
}

beforeEach(() => locale.set('en'));

describe('document operations', () => {
  it.each<[string, unknown, unknown]>([
    ['boundaries', '5, 15', [5, 15]],
    ['values', '0.01 0.005; 1e-3', [0.01, 0.005, 0.001]],
    ['boundaries', '5, x', '5, x'],
    ['values', ' ', undefined],
    ['trainable', 'false', false],
    ['restore_best_weights', '', undefined],
    ['clipnorm', '1.0', 1],
    ['decay_steps', '1e4', 10000],
    ['l2', '0.01', 0.01],
    ['max_value', 'abc', 'abc'],
  ])('coerceFieldValue(%s, %j) → %j', (key, value, expected) => {
    expect(coerceFieldValue(key, value)).toEqual(expected);
  });

  it('a field of an absent section creates it (the validator names what is missing); emptying an absent one changes nothing', () => {
    const doc = setModelField(base, 'training.lr_schedule.decay_steps', '5000');
    expect(doc.training.lr_schedule).toEqual({ decay_steps: 5000 });
    const r = parseModel(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toMatch(/^training\.lr_schedule/);
    expect(setModelField(base, 'training.early_stopping.patience', '')).toBe(base);
    expect(base.training).not.toHaveProperty('lr_schedule');
  });

  it('switching the optimizer keeps clipvalue; same-state toggles return the document itself', () => {
    const clipped = setModelField(base, 'training.optimizer.clipvalue', '0.5');
    expect(setOptimizer(clipped, 'adamw').training.optimizer).toEqual({ name: 'adamw', learning_rate: 0.001, clipvalue: 0.5 });
    const scheduled = setSchedule(base, 'power');
    expect(setSchedule(scheduled, 'power')).toBe(scheduled);
    expect(setSchedule(base, null)).toBe(base);
    const early = setEarlyStopping(base, true);
    expect(setEarlyStopping(early, true)).toBe(early);
    expect(setEarlyStopping(base, false)).toBe(base);
    expect(setOutputUnits({ ...base, layers: [{ kind: 'flatten' }] }, 2).layers).toEqual([{ kind: 'flatten' }]);
    expect(removeTransfer(base)).toBe(base);
    expect(removeTransfer({ ...base, transfer: { run: 'r', layers: 3 } })).toEqual(base);
  });
});

describe('optimizer options', () => {
  // [optimizer, field, Keras default shown as placeholder, typed, stored]
  const cases: [OptimizerId, string, string, string, unknown][] = [
    ['sgd', 'momentum', '0', '0.9', 0.9],
    ['adagrad', 'initial_accumulator_value', '0.1', '0.2', 0.2],
    ['adagrad', 'epsilon', '1e-7', '1e-8', 1e-8],
    ['rmsprop', 'rho', '0.9', '0.95', 0.95],
    ['rmsprop', 'momentum', '0', '0.5', 0.5],
    ['rmsprop', 'epsilon', '1e-7', '1e-6', 1e-6],
    ['adam', 'beta_1', '0.9', '0.8', 0.8],
    ['adam', 'beta_2', '0.999', '0.99', 0.99],
    ['adamax', 'beta_1', '0.9', '0.85', 0.85],
    ['nadam', 'beta_2', '0.999', '0.9', 0.9],
    ['nadam', 'epsilon', '1e-7', '1e-5', 1e-5],
    ['adamw', 'weight_decay', '0.004', '0.01', 0.01],
    ['adamw', 'beta_1', '0.9', '0.95', 0.95],
  ];
  it.each(cases)('%s.%s: placeholder %s, typing %s stores %j, emptying omits the key', async (name, field, placeholder, text, stored) => {
    const { editor } = setup();
    await fireEvent.change(input('model-optimizer'), { target: { value: name } });
    expect(opt(editor)).toEqual({ name, learning_rate: 0.001 });
    const box = input(`model-${field}`);
    expect(box.placeholder).toBe(placeholder);
    await fireEvent.input(box, { target: { value: text } });
    expect(opt(editor)).toEqual({ name, learning_rate: 0.001, [field]: stored });
    expect(editor.errors).toEqual([]);
    await fireEvent.input(box, { target: { value: '' } });
    expect(opt(editor)).toEqual({ name, learning_rate: 0.001 });
  });

  it('shows exactly the options of each optimizer', async () => {
    const expected: Record<OptimizerId, string[]> = {
      sgd: ['learning_rate', 'momentum', 'nesterov'],
      adagrad: ['learning_rate', 'initial_accumulator_value', 'epsilon'],
      rmsprop: ['learning_rate', 'rho', 'momentum', 'epsilon'],
      adam: ['learning_rate', 'beta_1', 'beta_2', 'epsilon'],
      adamax: ['learning_rate', 'beta_1', 'beta_2', 'epsilon'],
      nadam: ['learning_rate', 'beta_1', 'beta_2', 'epsilon'],
      adamw: ['learning_rate', 'weight_decay', 'beta_1', 'beta_2', 'epsilon'],
    };
    setup();
    const section = screen.getByTestId('optimizer-section');
    for (const [name, fields] of Object.entries(expected)) {
      await fireEvent.change(input('model-optimizer'), { target: { value: name } });
      const shown = [...section.querySelectorAll<HTMLElement>('[data-path^="training.optimizer."]')]
        .map((el) => el.dataset.path!.replace('training.optimizer.', ''))
        .filter((k) => !['name', 'clipnorm', 'clipvalue'].includes(k));
      expect(shown, name).toEqual(fields);
      expect(screen.getByTestId('optimizer-hint').textContent!.length).toBeGreaterThan(20);
    }
  });

  it('switching keeps the learning rate and the clipping, drops the other options; undo goes back', async () => {
    const { editor } = setup();
    await fireEvent.input(input('model-momentum'), { target: { value: '0.9' } });
    await fireEvent.input(input('model-clipnorm'), { target: { value: '1' } });
    await fireEvent.change(input('model-optimizer'), { target: { value: 'nadam' } });
    expect(opt(editor)).toEqual({ name: 'nadam', learning_rate: 0.001, clipnorm: 1 });
    editor.undo();
    expect(opt(editor)).toEqual({ name: 'sgd', learning_rate: 0.001, momentum: 0.9, clipnorm: 1 });
  });

  it.each([
    ['clipnorm', '1', 1],
    ['clipvalue', '0.5', 0.5],
  ])('%s: stores the number, omits it when emptied, explains itself', async (field, text, stored) => {
    const { editor } = setup();
    const box = input(`model-${field}`);
    expect(box.placeholder).toBe('none');
    await fireEvent.input(box, { target: { value: text } });
    expect(opt(editor)[field]).toBe(stored);
    await fireEvent.input(box, { target: { value: '' } });
    expect(Object.hasOwn(opt(editor), field)).toBe(false);
    const help = screen.getByTestId('clipping').textContent!;
    expect(help).toContain('ℓ2 norm is at most this value');
    expect(help).toContain('[−value, value]');
  });

  it.each([
    ['model-clipnorm', 'abc', 'training.optimizer.clipnorm', 'received "abc"'],
    ['model-clipvalue', '-1', 'training.optimizer.clipvalue', 'received -1'],
    ['model-beta_1', '1.5', 'training.optimizer.beta_1', 'received 1.5'],
  ])('%s ← %j: the error beside it shows the value and the banner names the field', async (testid, text, path, shows) => {
    const { editor } = setup();
    if (testid === 'model-beta_1') await fireEvent.change(input('model-optimizer'), { target: { value: 'adam' } });
    await fireEvent.input(input(testid), { target: { value: text } });
    expect(editor.errors.map((e) => e.path)).toEqual([path]);
    expect(screen.getByTestId(`${testid}-error`).textContent).toContain(shows);
    expect(input(testid).getAttribute('aria-invalid')).toBe('true');
    expect(within(screen.getByTestId('problems-banner')).getByTestId('problem-link').textContent).toBe(path);
  });
});

describe('the comparison table', () => {
  it.each<[Record<string, unknown>, string]>([
    [{ name: 'sgd', learning_rate: 0.01 }, 'sgd'],
    [{ name: 'sgd', learning_rate: 0.01, momentum: 0 }, 'sgd'],
    [{ name: 'sgd', learning_rate: 0.01, momentum: 0.9 }, 'momentum'],
    [{ name: 'sgd', learning_rate: 0.01, momentum: 0.9, nesterov: true }, 'nesterov'],
    [{ name: 'adagrad', learning_rate: 0.01 }, 'adagrad'],
    [{ name: 'rmsprop', learning_rate: 0.01 }, 'adaptive'],
    [{ name: 'adam', learning_rate: 0.01 }, 'adaptive'],
    [{ name: 'nadam', learning_rate: 0.01 }, 'adaptive'],
    [{ name: 'adamax', learning_rate: 0.01 }, 'adaptive'],
    [{ name: 'adamw', learning_rate: 0.01 }, 'adamw'],
  ])('%j is the %s row', (optimizer, row) => {
    expect(tableRowOf(optimizer as { name: string })).toBe(row);
    setup({ ...base, training: { ...base.training, optimizer: optimizer as unknown as ModelSpec['training']['optimizer'] } });
    const current = screen.getAllByTestId(/^optimizer-row-/).filter((r) => r.dataset.current === 'true');
    expect(current.map((r) => r.dataset.testid)).toEqual([`optimizer-row-${row}`]);
    expect(current[0]!.getAttribute('aria-current')).toBe('true');
    expect(within(current[0]!).getByTestId('optimizer-current').textContent).toBe('your choice');
    if (row === 'adaptive') {
      const pressed = within(current[0]!).getAllByRole('button').filter((b) => b.getAttribute('aria-pressed') === 'true');
      expect(pressed.map((b) => b.textContent)).toEqual([{ rmsprop: 'RMSProp', adam: 'Adam', nadam: 'Nadam', adamax: 'AdaMax' }[optimizer.name as string]]);
    }
  });

  it('shows the book’s stars: speed and quality per row', () => {
    setup();
    const stars = (row: string) =>
      [...screen.getByTestId(`optimizer-row-${row}`).querySelectorAll('td')].map((td) => [...td.querySelectorAll('.stars')].map((s) => s.textContent).join(' '));
    expect(stars('sgd')).toEqual(['★☆☆', '★★★']);
    expect(stars('momentum')).toEqual(['★★☆', '★★★']);
    expect(stars('nesterov')).toEqual(['★★☆', '★★★']);
    expect(stars('adagrad')).toEqual(['★★★', '★☆☆']);
    expect(stars('adaptive')).toEqual(['★★★', '★★☆ ★★★']);
    expect(screen.getByTestId('optimizer-row-adagrad').textContent).toContain('stops too early');
    expect(screen.getByTestId('optimizer-row-adamw').textContent).toContain('decoupled weight decay');
  });

  it('a name picks the optimizer: Nesterov sets momentum 0.9 + nesterov in one undo step, SGD clears them', async () => {
    const { editor } = setup();
    await fireEvent.click(screen.getByTestId('optimizer-use-nesterov'));
    expect(opt(editor)).toEqual({ name: 'sgd', learning_rate: 0.001, momentum: 0.9, nesterov: true });
    expect(screen.getByTestId('optimizer-row-nesterov').dataset.current).toBe('true');
    await fireEvent.click(screen.getByTestId('optimizer-use-sgd'));
    expect(opt(editor)).toEqual({ name: 'sgd', learning_rate: 0.001 });
    await fireEvent.click(screen.getByTestId('optimizer-use-nadam'));
    expect(opt(editor)).toEqual({ name: 'nadam', learning_rate: 0.001 });
    editor.undo();
    editor.undo();
    expect(opt(editor)).toEqual({ name: 'sgd', learning_rate: 0.001, momentum: 0.9, nesterov: true });
  });

  it('is in Korean too', async () => {
    locale.set('ko');
    setup();
    expect(screen.getByTestId('optimizer-table').querySelector('caption')!.textContent).toContain('옵티마이저 비교');
    expect(screen.getByTestId('optimizer-row-adagrad').textContent).toContain('너무 일찍 멈춤');
    expect(screen.getByTestId('optimizer-current').textContent).toBe('현재 선택');
  });
});

describe('learning-rate schedules', () => {
  it.each<[string, Record<string, unknown>]>([
    ['power', { name: 'power', decay_steps: 10000 }],
    ['exponential', { name: 'exponential', decay_steps: 1719 * 20, decay_rate: 0.1 }],
    ['piecewise_constant', { name: 'piecewise_constant', boundaries: [5, 15], values: [0.01, 0.005, 0.001] }],
    ['performance', { name: 'performance' }],
    ['one_cycle', { name: 'one_cycle', max_rate: 0.01 }],
  ])('choosing %s writes a valid schedule with the book’s example values', async (name, expected) => {
    const { editor } = setup();
    await fireEvent.change(input('schedule-name'), { target: { value: name } });
    expect(editor.doc.training.lr_schedule).toEqual(expected);
    expect(editor.errors).toEqual([]);
    await fireEvent.change(input('schedule-name'), { target: { value: '' } });
    expect(Object.hasOwn(editor.doc.training, 'lr_schedule')).toBe(false);
  });

  // [schedule, field, placeholder (Keras default), typed, stored]
  const fields: [string, string, string, string, unknown][] = [
    ['power', 'power', '1', '2', 2],
    ['power', 'decay_steps', '', '5000', 5000],
    ['exponential', 'decay_rate', '', '0.5', 0.5],
    ['performance', 'factor', '0.5', '0.2', 0.2],
    ['performance', 'patience', '5', '3', 3],
    ['performance', 'min_delta', '0', '0.001', 0.001],
    ['performance', 'min_lr', '0', '1e-5', 1e-5],
    ['one_cycle', 'start_rate', '0.001', '0.002', 0.002],
    ['one_cycle', 'last_fraction', '0.1', '0.2', 0.2],
  ];
  it.each(fields)('%s.%s (placeholder %j): %j is stored as %j, emptied omitted', async (name, field, placeholder, text, stored) => {
    const { editor } = setup();
    await fireEvent.change(input('schedule-name'), { target: { value: name } });
    const box = input(`schedule-${field}`);
    expect(box.placeholder).toBe(placeholder);
    await fireEvent.input(box, { target: { value: text } });
    expect((editor.doc.training.lr_schedule as unknown as Record<string, unknown>)[field]).toBe(stored);
    await fireEvent.input(box, { target: { value: '' } });
    expect(Object.hasOwn(editor.doc.training.lr_schedule as object, field)).toBe(false);
  });

  it('1cycle’s last-rate placeholder follows the max and start rates (start/1000)', async () => {
    setup();
    await fireEvent.change(input('schedule-name'), { target: { value: 'one_cycle' } });
    expect(input('schedule-last_rate').placeholder).toBe('0.000001');
    await fireEvent.input(input('schedule-start_rate'), { target: { value: '0.005' } });
    expect(input('schedule-last_rate').placeholder).toBe('0.000005');
  });

  it('boundaries and rates are comma lists; an item that is no number is named beside the field', async () => {
    const { editor } = setup();
    await fireEvent.change(input('schedule-name'), { target: { value: 'piecewise_constant' } });
    expect(input('schedule-boundaries').value).toBe('5, 15');
    expect(input('schedule-values').value).toBe('0.01, 0.005, 0.001');
    await fireEvent.input(input('schedule-boundaries'), { target: { value: '3, 8 12' } });
    expect(editor.doc.training.lr_schedule).toMatchObject({ boundaries: [3, 8, 12] });
    // 3 boundaries need 4 rates: the validator says so beside the rates.
    expect(screen.getByTestId('schedule-values-error').textContent).toMatch(/^expected 4 values.*one more than the 3 boundaries/);
    await fireEvent.input(input('schedule-values'), { target: { value: '0.01, 0.005, 0.002, 0.001' } });
    expect(editor.errors).toEqual([]);
    await fireEvent.input(input('schedule-boundaries'), { target: { value: '5, x' } });
    expect(editor.doc.training.lr_schedule).toMatchObject({ boundaries: '5, x' });
    expect(screen.getByTestId('schedule-boundaries-error').textContent).toBe(
      'Boundaries (epochs): item 2 (x) is not a number. Separate numbers with commas, e.g. 5, 15.',
    );
    expect(editor.errors.map((e) => e.path)).toEqual(['training.lr_schedule.boundaries']);
    await fireEvent.input(input('schedule-boundaries'), { target: { value: '15, 5, 20' } });
    expect(screen.getByTestId('schedule-boundaries-error').textContent).toContain('expected an epoch after boundaries[0] (15)');
  });

  it('the preview follows the fields: the planned rate at the start, peak and end of the run', async () => {
    setup();
    const range = () => {
      const el = screen.getByTestId('schedule-preview-range');
      return [Number(el.dataset.start), Number(el.dataset.max), Number(el.dataset.end)];
    };
    // No schedule: flat at the learning rate over 10 epochs of 1,719 steps.
    expect(screen.getByTestId('schedule-preview').textContent).toContain('over 10 epochs (17,190 steps of 32)');
    expect(range()).toEqual([0.001, 0.001, 0.001]);
    // Exponential, 0.1 every 34,380 steps: after 17,190 steps 0.001 · 0.1^0.5 = 3.1623e-4.
    await fireEvent.change(input('schedule-name'), { target: { value: 'exponential' } });
    expect(range()[2]).toBeCloseTo(3.1623e-4, 8);
    await fireEvent.input(input('schedule-decay_rate'), { target: { value: '0.5' } });
    expect(range()[2]).toBeCloseTo(7.0711e-4, 8);
    expect(screen.getByTestId('schedule-preview-range').textContent).toBe('Starts at 0.001, peaks at 0.001, ends at 7.07e-4');
    // 5 epochs instead of 10: half as far down the curve, 0.001 · 0.5^0.25.
    await fireEvent.input(input('model-epochs'), { target: { value: '5' } });
    expect(range()[2]).toBeCloseTo(8.409e-4, 7);
    // Piecewise [5, 15] → [0.01, 0.005, 0.001] over 5 epochs: the last step (epoch 5 done) is at 0.005.
    await fireEvent.change(input('schedule-name'), { target: { value: 'piecewise_constant' } });
    expect(range()).toEqual([0.01, 0.01, 0.005]);
    // 1cycle up to 0.01 from 0.001, down to 0.001/1000 at the end.
    await fireEvent.change(input('schedule-name'), { target: { value: 'one_cycle' } });
    expect(range()[0]).toBeCloseTo(0.001, 12);
    expect(range()[1]).toBeCloseTo(0.01, 5);
    expect(range()[2]).toBeCloseTo(1e-6, 12);
    // Performance depends on val_loss: flat, and it says so.
    await fireEvent.change(input('schedule-name'), { target: { value: 'performance' } });
    expect(range()).toEqual([0.001, 0.001, 0.001]);
    expect(screen.getByTestId('schedule-preview-performance')).toBeTruthy();
    // A field with a problem: no curve, a note instead.
    await fireEvent.input(input('schedule-factor'), { target: { value: '2' } });
    expect(screen.getByTestId('schedule-preview').dataset.state).toBe('invalid');
    expect(screen.queryByTestId('schedule-preview-line')).toBeNull();
  });

  it('parses and explains lists', () => {
    expect(parseNumberList('5, 15')).toEqual([5, 15]);
    expect(parseNumberList(' 0.01;0.005  1e-3 ')).toEqual([0.01, 0.005, 0.001]);
    expect(parseNumberList('5, x')).toBeNull();
    expect(listProblem('5, , 0x1')).toEqual({ item: 2, value: '0x1' });
    expect(listProblem('1, 2')).toBeNull();
  });

  it('steps per epoch: ceil(train images × share of classes / batch)', () => {
    const doc = (over: Partial<ModelSpec>, batch = 32) => ({ ...base, ...over, training: { ...base.training, batch_size: batch } });
    expect(stepsPerEpoch(doc({}))).toBe(1719);
    expect(stepsPerEpoch(doc({}, 128))).toBe(430);
    expect(stepsPerEpoch(doc({ classes: [0, 1, 2, 3, 4, 7, 8, 9] }))).toBe(1375); // 44,000 / 32
    expect(stepsPerEpoch(doc({ dataset: 'mnist' }, 100))).toBe(70);
    expect(stepsPerEpoch(doc({}, 'x' as unknown as number))).toBeNull();
    // Exponential's decay_steps: 20 epochs' worth of steps.
    expect(setSchedule(doc({}, 128), 'exponential', 430).training.lr_schedule).toEqual({ name: 'exponential', decay_steps: 8600, decay_rate: 0.1 });
  });
});

describe('early stopping and unfreezing', () => {
  it('early stopping: on writes patience 10; restore best weights is on by default (omitted), off writes false', async () => {
    const { editor } = setup();
    expect(screen.queryByTestId('early-patience')).toBeNull();
    await fireEvent.click(input('early-enable'));
    expect(editor.doc.training.early_stopping).toEqual({ patience: 10 });
    expect(input('early-restore').checked).toBe(true);
    await fireEvent.input(input('early-patience'), { target: { value: '5' } });
    await fireEvent.input(input('early-min_delta'), { target: { value: '0.001' } });
    expect(input('early-min_delta').placeholder).toBe('0');
    await fireEvent.click(input('early-restore'));
    expect(editor.doc.training.early_stopping).toEqual({ patience: 5, min_delta: 0.001, restore_best_weights: false });
    expect(editor.errors).toEqual([]);
    await fireEvent.click(input('early-restore'));
    expect(editor.doc.training.early_stopping).toEqual({ patience: 5, min_delta: 0.001 });
    await fireEvent.input(input('early-patience'), { target: { value: '0' } });
    expect(screen.getByTestId('early-patience-error').textContent).toContain('received 0');
    await fireEvent.click(input('early-enable'));
    expect(Object.hasOwn(editor.doc.training, 'early_stopping')).toBe(false);
  });

  it('unfreeze: on writes the book’s 4 epochs at 1e-4 and says when no layer is frozen', async () => {
    const { editor } = setup();
    await fireEvent.click(input('unfreeze-enable'));
    expect(editor.doc.training.unfreeze).toEqual({ after_epochs: 4, learning_rate: 1e-4 });
    expect(screen.getByTestId('unfreeze-no-frozen')).toBeTruthy();
    await fireEvent.input(input('unfreeze-after_epochs'), { target: { value: '2' } });
    expect(editor.doc.training.unfreeze).toEqual({ after_epochs: 2, learning_rate: 1e-4 });
    await fireEvent.click(within(layerRow(1)).getByTestId('field-frozen'));
    expect(screen.queryByTestId('unfreeze-no-frozen')).toBeNull();
    await fireEvent.click(input('unfreeze-enable'));
    expect(Object.hasOwn(editor.doc.training, 'unfreeze')).toBe(false);
    expect(setUnfreeze(base, false)).toBe(base);
  });
});

describe('per-layer regularization and freezing', () => {
  it('dense: ℓ1/ℓ2 factors write kernel_regularizer and drop it when both are emptied', async () => {
    const { editor } = setup();
    const row = layerRow(1);
    await fireEvent.input(within(row).getByTestId('field-l2'), { target: { value: '0.01' } });
    expect((editor.doc.layers[1] as DenseLayer).kernel_regularizer).toEqual({ l2: 0.01 });
    await fireEvent.input(within(row).getByTestId('field-l1'), { target: { value: '1e-4' } });
    expect((editor.doc.layers[1] as DenseLayer).kernel_regularizer).toEqual({ l1: 1e-4, l2: 0.01 });
    expect(editor.errors).toEqual([]);
    await fireEvent.input(within(row).getByTestId('field-l1'), { target: { value: '' } });
    await fireEvent.input(within(row).getByTestId('field-l2'), { target: { value: '' } });
    expect(Object.hasOwn(editor.doc.layers[1] as object, 'kernel_regularizer')).toBe(false);
    await fireEvent.input(within(row).getByTestId('field-l2'), { target: { value: '-1' } });
    expect(editor.errors.map((e) => e.path)).toEqual(['layers[1].kernel_regularizer.l2']);
    expect(within(row).getByTestId('field-l2-error').textContent).toContain('received -1');
  });

  it('dense: max-norm writes {name: max_norm, max_value} and is omitted when emptied', async () => {
    const { editor } = setup();
    const row = layerRow(1);
    await fireEvent.input(within(row).getByTestId('field-max_norm'), { target: { value: '1' } });
    expect((editor.doc.layers[1] as DenseLayer).kernel_constraint).toEqual({ name: 'max_norm', max_value: 1 });
    expect(editor.errors).toEqual([]);
    await fireEvent.input(within(row).getByTestId('field-max_norm'), { target: { value: '0' } });
    expect(within(row).getByTestId('field-max_norm-error').textContent).toContain('received 0');
    await fireEvent.input(within(row).getByTestId('field-max_norm'), { target: { value: '' } });
    expect(Object.hasOwn(editor.doc.layers[1] as object, 'kernel_constraint')).toBe(false);
  });

  it.each<[LayerSpec]>([[{ kind: 'dense', units: 300, activation: 'relu' }], [{ kind: 'prelu' }], [{ kind: 'batch_normalization' }]])(
    '%j: "frozen" writes trainable false, shows a lock badge, moves its parameters to non-trainable',
    async (layer) => {
      const doc: ModelSpec = {
        ...base,
        layers: [{ kind: 'flatten' }, { kind: 'dense', units: 200, activation: 'relu' }, layer, { kind: 'dense', units: 10, activation: 'softmax' }],
      };
      const { editor } = setup(doc);
      const row = layerRow(2);
      expect(within(row).queryByTestId('frozen-badge')).toBeNull();
      const before = Number(screen.getByTestId('non-trainable-params').textContent!.replace(/\D/g, ''));
      await fireEvent.click(within(row).getByTestId('field-frozen'));
      expect(editor.doc.layers[2]).toEqual({ ...layer, trainable: false });
      expect(within(row).getByTestId('frozen-badge')).toBeTruthy();
      expect(within(row).getByTestId('row-handle').getAttribute('aria-label')).toContain('frozen');
      const after = Number(screen.getByTestId('non-trainable-params').textContent!.replace(/\D/g, ''));
      // dense 200→300: 60,300 weights; PReLU: 200 slopes; BN: γ and β of 200 units (the moving statistics are non-trainable anyway).
      const frozenParams = { dense: 60_300, prelu: 200, batch_normalization: 400 }[layer.kind as 'dense'];
      expect(after - before).toBe(frozenParams);
      await fireEvent.click(within(row).getByTestId('field-frozen'));
      expect(editor.doc.layers[2]).toEqual(layer);
    },
  );

  it('a collapsed run of frozen layers shows how many are frozen', () => {
    const hidden: LayerSpec = { kind: 'dense', units: 100, activation: 'relu', trainable: false };
    setup({ ...base, layers: [{ kind: 'flatten' }, hidden, hidden, hidden, { kind: 'dense', units: 10, activation: 'softmax' }] });
    const run = screen.getByTestId('run-row');
    expect(within(run).getByTestId('frozen-badge').textContent).toBe('3');
    expect(within(run).getByTestId('run-label').textContent).toBe('Dense(100, relu, trainable=False) × 3');
  });
});

describe('batch normalization placement', () => {
  const before: ModelSpec = {
    ...base,
    layers: [
      { kind: 'flatten' },
      { kind: 'dense', units: 300, kernel_initializer: 'he_normal' },
      { kind: 'batch_normalization' },
      { kind: 'activation', activation: 'relu' },
      { kind: 'dense', units: 10, activation: 'softmax' },
    ],
  };

  it.each<[LayerSpec[], number, string]>([
    [before.layers, 2, 'before'],
    [[{ kind: 'flatten' }, { kind: 'batch_normalization' }, { kind: 'dense', units: 10, activation: 'softmax' }], 1, 'input'],
    [[{ kind: 'flatten' }, { kind: 'dense', units: 300, activation: 'relu' }, { kind: 'batch_normalization' }], 2, 'after'],
    [[{ kind: 'flatten' }, { kind: 'dense', units: 300 }, { kind: 'elu' }, { kind: 'batch_normalization' }], 3, 'after'],
  ])('%j: the BN layer at %i is placed %s', (layers, index, place) => {
    expect(bnPlacement(layers, index)).toBe(place);
  });

  it('before the activation: one click drops the dense layer’s bias (undoable), then the offer goes', async () => {
    const { editor } = setup(before);
    const help = within(layerRow(2)).getByTestId('bn-help');
    expect(help.dataset.placement).toBe('before');
    expect(within(help).getByTestId('bn-place-before').textContent).toContain('this layer');
    expect(within(help).getByTestId('bn-bias-note').textContent).toContain('Layer 2 is a dense layer with a bias');
    await fireEvent.click(within(help).getByTestId('bn-drop-bias'));
    expect(editor.doc.layers[1]).toEqual({ kind: 'dense', units: 300, kernel_initializer: 'he_normal', use_bias: false });
    expect(within(layerRow(2)).queryByTestId('bn-drop-bias')).toBeNull();
    editor.undo();
    expect(Object.hasOwn(editor.doc.layers[1] as object, 'use_bias')).toBe(false);
  });

  it('after the activation or first: no bias offer; explained in Korean too', () => {
    locale.set('ko');
    setup({ ...before, layers: [{ kind: 'flatten' }, { kind: 'batch_normalization' }, { kind: 'dense', units: 300, activation: 'relu' }, { kind: 'batch_normalization' }, { kind: 'dense', units: 10, activation: 'softmax' }] });
    const first = within(layerRow(1)).getByTestId('bn-help');
    expect(first.dataset.placement).toBe('input');
    expect(within(first).getByTestId('bn-place-input').textContent).toContain('표준화');
    expect(within(layerRow(3)).getByTestId('bn-help').dataset.placement).toBe('after');
    expect(screen.queryByTestId('bn-drop-bias')).toBeNull();
  });
});

describe('classes', () => {
  it('all by default (key omitted); unticking writes the sorted list and offers one unit per class', async () => {
    const { editor } = setup();
    expect(screen.getByTestId('classes-summary').textContent).toContain('All 10 classes');
    expect(screen.getAllByTestId(/^class-\d$/).map((b) => (b as HTMLInputElement).checked)).toEqual(Array(10).fill(true));
    expect(within(screen.getByTestId('classes-field')).getByText('Sandal')).toBeTruthy();
    await fireEvent.click(input('class-5'));
    await fireEvent.click(input('class-6'));
    expect(editor.doc.classes).toEqual([0, 1, 2, 3, 4, 7, 8, 9]);
    expect(screen.getByTestId('classes-units').textContent).toContain('The output layer has 10 units for 8 classes.');
    await fireEvent.click(screen.getByTestId('classes-set-units'));
    expect(editor.doc.layers[5]).toEqual({ kind: 'dense', units: 8, activation: 'softmax' });
    expect(screen.queryByTestId('classes-units')).toBeNull();
    await fireEvent.click(screen.getByTestId('classes-all'));
    expect(Object.hasOwn(editor.doc, 'classes')).toBe(false);
    expect(screen.getByTestId('classes-units').textContent).toContain('8 units for 10 classes');
  });

  it('ticking the last class back omits the key; fewer than 2 is refused with a message', async () => {
    const { editor } = setup();
    await fireEvent.click(input('class-0'));
    expect(editor.doc.classes).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await fireEvent.click(input('class-0'));
    expect(Object.hasOwn(editor.doc, 'classes')).toBe(false);
    editor.setClasses([5]);
    await waitFor(() => expect(screen.getByTestId('classes-too-few')).toBeTruthy());
    expect(editor.errorsFor('classes').length).toBeGreaterThan(0);
    expect(setClasses(base, [9, 0, 1, 2, 3, 4, 5, 6, 7, 8])).toBe(base);
  });

  it('a problem with the classes (even at one entry, classes[1]) takes the focus to the class list', async () => {
    setup({ ...base, classes: [3, 1] });
    const link = within(screen.getByTestId('problems-banner'))
      .getAllByTestId('problem-link')
      .find((b) => b.textContent === 'classes[1]');
    expect(link).toBeTruthy();
    await fireEvent.click(link!);
    expect(document.activeElement).toBe(input('class-0'));
  });

  it('shows the Korean class names', () => {
    locale.set('ko');
    setup();
    expect(within(screen.getByTestId('classes-field')).getByText('샌들')).toBeTruthy();
    expect(screen.getByTestId('classes-summary').textContent).toContain('전체 10개 클래스');
  });
});

describe('reuse layers of a saved run', () => {
  const modelA: ModelSpec = {
    ...base,
    name: 'Model A (8 classes)',
    classes: [0, 1, 2, 3, 4, 7, 8, 9],
    layers: [
      { kind: 'flatten' },
      { kind: 'dense', units: 100, activation: 'selu', kernel_initializer: 'lecun_normal' },
      { kind: 'dense', units: 100, activation: 'selu', kernel_initializer: 'lecun_normal' },
      { kind: 'dense', units: 8, activation: 'softmax' },
    ],
  };
  const modelB: ModelSpec = {
    ...base,
    name: 'Model B (sandal vs shirt)',
    classes: [5, 6],
    layers: [{ kind: 'flatten' }, { kind: 'dense', units: 300, activation: 'relu' }, { kind: 'dense', units: 2, activation: 'softmax' }],
  };
  const summary = (id: string, status: RunSummary['status'], has_weights: boolean): RunSummary => ({
    id,
    name: id === 'run-a' ? modelA.name : 'other',
    dataset: 'fashion-mnist',
    status,
    created_at: '2026-11-30T06:00:00.000Z',
    started_at: '2026-11-30T06:00:01.000Z',
    finished_at: '2026-11-30T06:02:00.000Z',
    options: null,
    epochs_done: 20,
    last_val_accuracy: 0.91,
    best_val_accuracy: 0.912,
    has_weights,
  });
  const handlers = (): FakeHandlers => ({
    'runs:list': async () => [summary('run-a', 'completed', true), summary('run-stopped', 'stopped', true), summary('run-nw', 'completed', false)],
    'runs:load': async ({ run_id }) => ({ id: run_id, model: modelA, has_weights: true, warnings: [] }) as unknown as RunRecord,
  });

  it('lists completed runs with weights, shows the stack, applies reuseLayers as one undo step', async () => {
    const { editor, fake } = setup(modelB, handlers());
    await fireEvent.click(screen.getByTestId('transfer-open'));
    const dialog = await screen.findByTestId('transfer-dialog');
    const runs = await within(dialog).findAllByTestId('transfer-run');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.closest('label')!.textContent).toContain('Model A (8 classes)');
    await fireEvent.click(runs[0]!);
    const stack = await within(dialog).findByTestId('transfer-stack');
    expect([...stack.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Flatten', 'Dense(100, selu, lecun_normal)', 'Dense(100, selu, lecun_normal)', 'Dense(8, softmax)']);
    expect(fake.calls.map((c) => c.channel)).toEqual(['runs:list', 'runs:load']);
    // All but A's output layer; frozen; unfrozen after 4 epochs at 1e-4 (the book's demo).
    expect(within(dialog).getByTestId<HTMLInputElement>('transfer-layers').value).toBe('3');
    expect(within(dialog).getByTestId<HTMLInputElement>('transfer-freeze').checked).toBe(true);
    expect(within(dialog).getByTestId<HTMLInputElement>('transfer-after').value).toBe('4');
    expect(within(dialog).getByTestId<HTMLInputElement>('transfer-rate').value).toBe('0.0001');
    // B's dense(300) differs from A's dense(100): listed, not blocking (reusing replaces it).
    expect(within(dialog).getByTestId('transfer-problems').textContent).toContain('layers[1] (dense) has 300 units here but 100 in the source model');
    // 3 layers would replace all 3 of B's, its output layer too: refused, saying why.
    expect((within(dialog).getByTestId('transfer-apply') as HTMLButtonElement).disabled).toBe(true);
    expect(within(dialog).getByTestId('transfer-keep-output').textContent).toContain('Reusing 3 layers would replace every layer of this model (it has 3)');
    await fireEvent.input(within(dialog).getByTestId('transfer-layers'), { target: { value: '2' } });
    expect((within(dialog).getByTestId('transfer-apply') as HTMLButtonElement).disabled).toBe(false);
    expect(within(dialog).queryByTestId('transfer-keep-output')).toBeNull();
    await fireEvent.click(within(dialog).getByTestId('transfer-apply'));
    expect(screen.queryByTestId('transfer-dialog')).toBeNull();
    expect(editor.doc.layers).toEqual([
      { kind: 'flatten' },
      { kind: 'dense', units: 100, activation: 'selu', kernel_initializer: 'lecun_normal', trainable: false },
      { kind: 'dense', units: 2, activation: 'softmax' },
    ]);
    expect(editor.doc.transfer).toEqual({ run: 'run-a', layers: 2 });
    expect(editor.doc.training.unfreeze).toEqual({ after_epochs: 4, learning_rate: 1e-4 });
    expect(editor.doc.classes).toEqual([5, 6]);
    expect(within(layerRow(1)).getByTestId('frozen-badge')).toBeTruthy();
    expect(screen.getByTestId('transfer-current').textContent).toContain('Starts from the first 2 layers of run run-a.');
    editor.undo();
    expect(editor.doc).toEqual(modelB);
  });

  it('without freezing there is no unfreeze phase; Escape closes without a change', async () => {
    const target: ModelSpec = { ...modelB, layers: [...modelA.layers.slice(0, 3), { kind: 'dense', units: 2, activation: 'softmax' }] };
    const { editor } = setup(target, handlers());
    await fireEvent.click(screen.getByTestId('transfer-open'));
    const dialog = await screen.findByTestId('transfer-dialog');
    await fireEvent.click((await within(dialog).findAllByTestId('transfer-run'))[0]!);
    await within(dialog).findByTestId('transfer-stack');
    expect(within(dialog).queryByTestId('transfer-problems')).toBeNull();
    await fireEvent.click(within(dialog).getByTestId('transfer-freeze'));
    expect(within(dialog).queryByTestId('transfer-after')).toBeNull();
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByTestId('transfer-dialog')).toBeNull();
    expect(editor.doc).toEqual(target);
    await fireEvent.click(screen.getByTestId('transfer-open'));
    const again = await screen.findByTestId('transfer-dialog');
    await fireEvent.click((await within(again).findAllByTestId('transfer-run'))[0]!);
    await within(again).findByTestId('transfer-stack');
    await fireEvent.click(within(again).getByTestId('transfer-freeze'));
    await fireEvent.click(within(again).getByTestId('transfer-apply'));
    expect(editor.doc.layers.slice(0, 3)).toEqual(modelA.layers.slice(0, 3));
    expect(editor.doc.transfer).toEqual({ run: 'run-a', layers: 3 });
    expect(Object.hasOwn(editor.doc.training, 'unfreeze')).toBe(false);
    await fireEvent.click(screen.getByTestId('transfer-remove'));
    expect(Object.hasOwn(editor.doc, 'transfer')).toBe(false);
  });

  it('says so when no run can be reused, and when the list fails', async () => {
    setup(modelB, { 'runs:list': async () => [summary('x', 'failed', false)] });
    await fireEvent.click(screen.getByTestId('transfer-open'));
    expect((await screen.findByTestId('transfer-none')).textContent).toContain('No completed run with saved weights yet');
    await fireEvent.click(screen.getByTestId('transfer-cancel'));
    expect(screen.queryByTestId('transfer-dialog')).toBeNull();
  });
});
