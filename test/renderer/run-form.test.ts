/// <reference path="../../src-renderer/env.d.ts" />
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import RunForm from '../../src-renderer/features/training/RunForm.svelte';
import { checkField, RANGES, RUN_FORM_FIELDS, validateRunForm } from '../../src-renderer/features/training/run-form.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { RUN_OPTION_SPECS } from '../../src-shared/training/run-options.js';

describe('RANGES', () => {
  it('are the run options table\'s ranges (the one main and the CLI check)', () => {
    for (const f of RUN_FORM_FIELDS) {
      const spec = RUN_OPTION_SPECS[f];
      expect(RANGES[f]).toEqual({ min: spec.min, max: spec.max });
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
  ] as const)('%s = %j → %j', (field, raw, expected) => {
    expect(checkField(field, raw, 55000)).toEqual(expected);
  });

  it('returns the options, with an empty limit meaning the full set', () => {
    expect(validateRunForm({ epochs: '5', batch_size: '32', limit: '' }, 55000)).toEqual({
      ok: true,
      options: { epochs: 5, batch_size: 32, limit: null },
    });
    expect(validateRunForm({ epochs: '5', batch_size: '32', limit: '5,000' }, 55000)).toMatchObject({
      options: { limit: 5000 },
    });
  });
});

describe('RunForm', () => {
  beforeEach(() => locale.set('en'));

  function renderForm() {
    const onstart = vi.fn();
    const props = {
      modelId: 'leaky-relu',
      defaults: { epochs: 10, batch_size: 32 },
      trainImages: 55000,
      active: false,
      starting: false,
      stopping: false,
      onstart,
      onstop: vi.fn(),
    };
    render(RunForm, { props });
    return { onstart };
  }

  it('starts with the model’s defaults and the classroom image limit', () => {
    renderForm();
    expect(screen.getByTestId<HTMLInputElement>('epochs-input').value).toBe('10');
    expect(screen.getByTestId<HTMLInputElement>('batch-size-input').value).toBe('32');
    expect(screen.getByTestId<HTMLInputElement>('limit-input').value).toBe('5000');
  });

  it('names the field and the value when epochs is 0, in the current language', async () => {
    renderForm();
    const epochs = screen.getByTestId<HTMLInputElement>('epochs-input');
    await fireEvent.input(epochs, { target: { value: '0' } });
    expect(screen.getByTestId('epochs-error').textContent).toBe('Epochs: must be between 1 and 1,000. Received: 0.');
    expect(epochs.getAttribute('aria-invalid')).toBe('true');

    locale.set('ko');
    flushSync();
    expect(screen.getByTestId('epochs-error').textContent).toBe('에포크: 1에서 1,000 사이여야 합니다. 입력값: 0.');
  });

  it('does not start while a field is invalid, and focuses it', async () => {
    const { onstart } = renderForm();
    const limit = screen.getByTestId<HTMLInputElement>('limit-input');
    await fireEvent.input(limit, { target: { value: '99999' } });
    await fireEvent.click(screen.getByTestId('start-button'));
    expect(onstart).not.toHaveBeenCalled();
    expect(screen.getByTestId('limit-error').textContent).toBe(
      'Training images: must be between 1 and 55,000. Received: 99999.',
    );
    expect(document.activeElement).toBe(limit);
  });

  it('starts with the parsed options', async () => {
    const { onstart } = renderForm();
    await fireEvent.input(screen.getByTestId('epochs-input'), { target: { value: '3' } });
    await fireEvent.input(screen.getByTestId('limit-input'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('start-button'));
    expect(onstart).toHaveBeenCalledWith({ epochs: 3, batch_size: 32, limit: null });
    expect(screen.getByTestId('epochs-error').textContent).toBe('');
  });
});
