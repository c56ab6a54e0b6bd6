/// <reference path="../../src-renderer/env.d.ts" />
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import RunForm from '../../src-renderer/features/training/RunForm.svelte';
import {
  CHOICES,
  checkField,
  formDefaults,
  RANGES,
  RUN_FORM_FIELDS,
  validateRunForm,
  type RunFormValues,
} from '../../src-renderer/features/training/run-form.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { RUN_OPTION_SPECS } from '../../src-shared/training/run-options.js';

const MODEL: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'LeakyReLU',
  dataset: 'fashion-mnist',
  preprocess: 'scale',
  layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }],
  training: { optimizer: { name: 'sgd', learning_rate: 0.001 }, epochs: 10, batch_size: 32, seed: 42 },
};

describe('RANGES', () => {
  it('are the run options table\'s ranges and values (the ones main and the CLI check)', () => {
    for (const f of RUN_FORM_FIELDS) {
      const spec = RUN_OPTION_SPECS[f];
      if (spec.type === 'enum') expect(CHOICES[f as keyof typeof CHOICES]).toEqual(spec.values);
      else expect(RANGES[f as keyof typeof RANGES]).toEqual({ min: spec.min, max: spec.max });
    }
  });

  it('a value the table allows but beyond the training set is refused for the limit only', () => {
    expect(checkField('limit', String(RUN_OPTION_SPECS.limit.max), 55000)).toEqual({
      kind: 'range',
      value: String(RUN_OPTION_SPECS.limit.max),
      min: RUN_OPTION_SPECS.limit.min,
      max: 55000,
    });
    expect(checkField('epochs', String(RUN_OPTION_SPECS.epochs.max), 55000)).toBeNull();
    expect(checkField('batch_size', String(RUN_OPTION_SPECS.batch_size.max + 1), 55000)).toMatchObject({ kind: 'range' });
  });
});

describe('validateRunForm', () => {
  it.each([
    ['epochs', '0', { kind: 'range', value: '0', min: 1, max: 1000 }],
    ['epochs', '1001', { kind: 'range', value: '1001', min: 1, max: 1000 }],
    ['epochs', '', { kind: 'required' }],
    ['epochs', '2.5', { kind: 'integer', value: '2.5' }],
    ['epochs', 'ten', { kind: 'integer', value: 'ten' }],
    ['batch_size', '0', { kind: 'range', value: '0', min: 1, max: 65536 }],
    ['limit', '55001', { kind: 'range', value: '55001', min: 1, max: 55000 }],
    ['limit', '-5', { kind: 'range', value: '-5', min: 1, max: 55000 }],
    ['limit', '', null],
    ['limit', '5,000', null],
    ['epochs', ' 12 ', null],
    ['learning_rate', '1e-3', null],
    ['learning_rate', '0.05', null],
    ['learning_rate', '', null],
    ['learning_rate', '0', { kind: 'range', value: '0', min: 1e-6, max: 10 }],
    ['learning_rate', '20', { kind: 'range', value: '20', min: 1e-6, max: 10 }],
    ['learning_rate', 'fast', { kind: 'number', value: 'fast' }],
    ['seed', '-1', { kind: 'range', value: '-1', min: 0, max: 2 ** 31 - 1 }],
    ['seed', '', null],
    ['dataset', 'cifar10', { kind: 'choice', value: 'cifar10', values: ['fashion-mnist', 'mnist'] }],
    ['optimizer', 'adam', null],
    ['backend', '', { kind: 'required' }],
  ] as const)('%s = %j → %j', (field, raw, expected) => {
    expect(checkField(field, raw, 55000)).toEqual(expected);
  });

  const defaults = formDefaults(MODEL, { epochs: 10, batch_size: 32 });
  const form = (changes: Partial<RunFormValues>): RunFormValues => ({ ...defaults, ...changes });

  it('returns the options, with an empty limit meaning the full set', () => {
    expect(validateRunForm(form({ epochs: '5', limit: '' }), 55000, defaults)).toEqual({
      ok: true,
      options: { epochs: 5, batch_size: 32, limit: null },
    });
    expect(validateRunForm(form({ limit: '5,000' }), 55000, defaults)).toMatchObject({ options: { limit: 5000 } });
  });

  it.each<[string, Partial<RunFormValues>, Record<string, unknown>]>([
    ['nothing changed: only epochs, batch size and limit', {}, {}],
    ['the learning rate', { learning_rate: '1e-2' }, { learning_rate: 0.01 }],
    ['the same learning rate written otherwise is no change', { learning_rate: '1e-3' }, {}],
    ['the optimizer and dataset', { optimizer: 'adam', dataset: 'mnist' }, { optimizer: 'adam', dataset: 'mnist' }],
    ['the seed and backend', { seed: '7', backend: 'wasm' }, { seed: 7, backend: 'wasm' }],
    ['emptied fields mean the model’s values', { learning_rate: '', seed: '' }, {}],
  ])('sends what differs from the model: %s', (_label, changes, extra) => {
    expect(validateRunForm(form(changes), 55000, defaults)).toEqual({
      ok: true,
      options: { epochs: 10, batch_size: 32, limit: 5000, ...extra },
    });
  });

  it('formDefaults: from the model, or empty (the model’s) while there is none', () => {
    expect(defaults).toEqual({
      dataset: 'fashion-mnist',
      optimizer: 'sgd',
      learning_rate: '0.001',
      epochs: '10',
      batch_size: '32',
      limit: '5000',
      seed: '42',
      backend: 'auto',
    });
    expect(formDefaults(null, { epochs: 3, batch_size: 8 })).toMatchObject({ dataset: '', optimizer: '', learning_rate: '', seed: '', epochs: '3' });
  });
});

describe('RunForm', () => {
  beforeEach(() => locale.set('en'));

  function renderForm(extra: Record<string, unknown> = {}) {
    const onstart = vi.fn();
    const props = {
      modelId: 'leaky-relu',
      model: MODEL,
      defaults: { epochs: 10, batch_size: 32 },
      trainImages: 55000,
      active: false,
      starting: false,
      stopping: false,
      onstart,
      onstop: vi.fn(),
      ...extra,
    };
    const view = render(RunForm, { props });
    return { onstart, view, props };
  }
  const input = (id: string) => screen.getByTestId<HTMLInputElement | HTMLSelectElement>(`${id}-input`);

  it('starts with the model’s settings and the classroom image limit', () => {
    renderForm();
    expect(input('epochs').value).toBe('10');
    expect(input('batch-size').value).toBe('32');
    expect(input('limit').value).toBe('5000');
    expect(input('dataset').value).toBe('fashion-mnist');
    expect(input('optimizer').value).toBe('sgd');
    expect(input('learning-rate').value).toBe('0.001');
    expect(input('seed').value).toBe('42');
    expect(input('backend').value).toBe('auto');
  });

  it('names the field and the value when epochs is 0, in the current language', async () => {
    renderForm();
    const epochs = input('epochs');
    await fireEvent.input(epochs, { target: { value: '0' } });
    expect(screen.getByTestId('epochs-error').textContent).toBe('Epochs: must be between 1 and 1,000. Received: 0.');
    expect(epochs.getAttribute('aria-invalid')).toBe('true');

    locale.set('ko');
    flushSync();
    expect(screen.getByTestId('epochs-error').textContent).toBe('에포크: 1에서 1,000 사이여야 합니다. 입력값: 0.');
  });

  it('checks the learning rate against the table, beside the field, in both languages', async () => {
    renderForm();
    const lr = input('learning-rate');
    await fireEvent.input(lr, { target: { value: '20' } });
    expect(screen.getByTestId('learning-rate-error').textContent).toBe('Learning rate: must be between 0.000001 and 10. Received: 20.');
    expect(lr.getAttribute('aria-invalid')).toBe('true');
    await fireEvent.input(lr, { target: { value: 'fast' } });
    expect(screen.getByTestId('learning-rate-error').textContent).toBe('Learning rate: enter a number such as 0.001 or 1e-3. Received: fast.');
    locale.set('ko');
    flushSync();
    expect(screen.getByTestId('learning-rate-error').textContent).toBe('학습률: 0.001이나 1e-3 같은 수를 입력하세요. 입력값: fast.');
    await fireEvent.input(screen.getByTestId('seed-input'), { target: { value: '-3' } });
    expect(screen.getByTestId('seed-error').textContent).toBe('시드: 0에서 2,147,483,647 사이여야 합니다. 입력값: -3.');
  });

  it('does not start while a field is invalid, and focuses it', async () => {
    const { onstart } = renderForm();
    const limit = input('limit');
    await fireEvent.input(limit, { target: { value: '99999' } });
    await fireEvent.click(screen.getByTestId('start-button'));
    expect(onstart).not.toHaveBeenCalled();
    expect(screen.getByTestId('limit-error').textContent).toBe(
      'Training images: must be between 1 and 55,000. Received: 99999.',
    );
    expect(document.activeElement).toBe(limit);
  });

  it('the limit follows the chosen dataset: MNIST has 7,000 training images', async () => {
    const { onstart } = renderForm();
    await fireEvent.change(input('dataset'), { target: { value: 'mnist' } });
    await fireEvent.input(input('limit'), { target: { value: '8000' } });
    expect(screen.getByTestId('limit-error').textContent).toBe('Training images: must be between 1 and 7,000. Received: 8000.');
    expect(screen.getByTestId('limit-hint').textContent).toContain('7,000');
    await fireEvent.click(screen.getByTestId('start-button'));
    expect(onstart).not.toHaveBeenCalled();
  });

  it('starts with the parsed options', async () => {
    const { onstart } = renderForm();
    await fireEvent.input(input('epochs'), { target: { value: '3' } });
    await fireEvent.input(input('limit'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('start-button'));
    expect(onstart).toHaveBeenCalledWith({ epochs: 3, batch_size: 32, limit: null });
    expect(screen.getByTestId('epochs-error').textContent).toBe('');
  });

  it('sends changed settings as options, shows the model’s value beside them, and leaves the model alone', async () => {
    const { onstart } = renderForm();
    const before = structuredClone(MODEL);
    await fireEvent.change(input('optimizer'), { target: { value: 'adam' } });
    await fireEvent.change(input('dataset'), { target: { value: 'mnist' } });
    await fireEvent.input(input('learning-rate'), { target: { value: '3e-4' } });
    await fireEvent.input(input('seed'), { target: { value: '7' } });
    await fireEvent.change(input('backend'), { target: { value: 'wasm' } });
    expect(screen.getByTestId('learning-rate-hint').textContent).toContain('Model’s: 0.001');
    expect(screen.getByTestId('optimizer-hint').textContent).toContain('Model’s: SGD');
    await fireEvent.click(screen.getByTestId('start-button'));
    expect(onstart).toHaveBeenCalledWith({
      epochs: 10,
      batch_size: 32,
      limit: 5000,
      dataset: 'mnist',
      optimizer: 'adam',
      learning_rate: 0.0003,
      seed: 7,
      backend: 'wasm',
    });
    expect(MODEL).toEqual(before);
  });

  it('an edit of the model in the editor re-fills only the settings it changed', async () => {
    const { view } = renderForm();
    await fireEvent.input(input('seed'), { target: { value: '7' } });
    const edited: ModelSpec = { ...MODEL, training: { ...MODEL.training, optimizer: { name: 'sgd', learning_rate: 0.05 } } };
    await view.rerender({ model: edited });
    expect(input('learning-rate').value).toBe('0.05');
    expect(input('seed').value).toBe('7');
    // Another model resets everything the model decides.
    await view.rerender({ modelId: 'other', model: { ...edited, dataset: 'mnist' } });
    expect(input('seed').value).toBe('42');
    expect(input('dataset').value).toBe('mnist');
  });

  it('without a model yet, the model’s settings are left empty and not sent', async () => {
    const { onstart } = renderForm({ model: null });
    expect(input('learning-rate').value).toBe('');
    expect(input('dataset').value).toBe('');
    await fireEvent.click(screen.getByTestId('start-button'));
    expect(onstart).toHaveBeenCalledWith({ epochs: 10, batch_size: 32, limit: 5000 });
  });

  it('labels the new settings in Korean', () => {
    locale.set('ko');
    renderForm();
    expect(screen.getByLabelText('학습률')).toBe(input('learning-rate'));
    expect(screen.getByLabelText('옵티마이저')).toBe(input('optimizer'));
    expect(screen.getByLabelText('데이터셋')).toBe(input('dataset'));
    expect(screen.getByRole('option', { name: '패션 MNIST' })).toBeTruthy();
  });
});

