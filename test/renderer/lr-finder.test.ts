/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The learning-rate finder in the run form, with a fake API: the request carries the
 * form's settings, progress shows while main works, the chart and the suggestion with the
 * book's rule appear, Apply writes the rate into the learning-rate field and says so, in
 * both languages; errors are worded in the user's language; the view logic table-driven.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import RunForm from '../../src-renderer/features/training/RunForm.svelte';
import {
  lrFinderErrorText,
  lrFinderSeries,
  lossAxisMax,
  lrFindRequest,
  rateText,
  suggestionMarkers,
} from '../../src-renderer/features/training/lr-finder/index.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { ApiError } from '../../src-renderer/lib/api-error.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { LrFindRequest, LrFindResult } from '../../src-shared/training/lr-finder.js';
import { fakeApi } from './fake-api.js';

const MODEL: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'LeakyReLU',
  dataset: 'fashion-mnist',
  preprocess: 'scale',
  layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }],
  training: { optimizer: { name: 'sgd', learning_rate: 0.001 }, epochs: 10, batch_size: 32, seed: 42 },
};

/** A sweep that falls to its lowest at 0.35 and blows up at 1.6 (a NaN last step). */
const RESULT: LrFindResult = {
  points: [
    { learning_rate: 1e-5, loss: 2.5, smoothed_loss: 2.5 },
    { learning_rate: 1e-3, loss: 2.4, smoothed_loss: 2.45 },
    { learning_rate: 0.35, loss: 1.6, smoothed_loss: 2.1 },
    { learning_rate: 1.6, loss: NaN, smoothed_loss: NaN },
  ],
  suggested_rate: 0.035,
  min_loss_rate: 0.35,
  stopped_early: true,
  backend: 'wasm',
  batch_size: 32,
};

beforeEach(() => locale.set('en'));

describe('view logic', () => {
  it.each([
    [{ epochs: 10, batch_size: 32, limit: 5000 }, { batch_size: 32, limit: 5000 }],
    [{ epochs: 3, batch_size: 64, limit: null, learning_rate: 0.5, optimizer: 'adam' as const, seed: 7, backend: 'wasm' as const }, { batch_size: 64, limit: null, seed: 7, optimizer: 'adam', backend: 'wasm' }],
  ])('lrFindRequest(%j)', (form, options) => {
    expect(lrFindRequest(MODEL, form)).toEqual({ model: MODEL, options, min_rate: 1e-5, max_rate: 10, steps: 200 });
  });

  it.each([
    [0.035, '0.035'],
    [0.0316227, '0.0316'],
    [1, '1'],
    [0.0001, '0.0001'],
    [3.5e-5, '3.5e-5'],
    [1e-6, '1e-6'],
  ])('rateText(%d) = %s', (rate, text) => {
    expect(rateText(rate)).toBe(text);
  });

  it('series skip the blown-up step; the loss axis stops 20% above the highest smoothed loss before the blow-up, rounded up; one marker at the suggestion', () => {
    const [raw, smoothed] = lrFinderSeries(RESULT, { raw: 'raw', smoothed: 'smooth' });
    expect(raw?.data).toEqual([{ x: 1e-5, y: 2.5 }, { x: 1e-3, y: 2.4 }, { x: 0.35, y: 1.6 }]);
    expect(raw?.alpha).toBeLessThan(0.5);
    expect(smoothed?.data.map((p) => p.y)).toEqual([2.5, 2.45, 2.1]);
    expect(lossAxisMax(RESULT)).toBeCloseTo(3, 10);
    const blowUp = { ...RESULT, points: [...RESULT.points.slice(0, 3), { learning_rate: 1.6, loss: 800, smoothed_loss: 9 }] };
    expect(lossAxisMax(blowUp)).toBeCloseTo(3, 10);
    expect(lossAxisMax({ ...blowUp, stopped_early: false })).toBeCloseTo(15, 10);
    expect(lossAxisMax({ ...RESULT, stopped_early: false, points: [{ learning_rate: 1e-5, loss: 0.3, smoothed_loss: 0.3 }] })).toBeCloseTo(0.4, 10);
    expect(lossAxisMax({ ...RESULT, points: [] })).toBeNull();
    expect(suggestionMarkers(RESULT, (r) => `at ${r}`)).toEqual([{ x: 0.035, label: 'at 0.035', color: 'success' }]);
    expect(suggestionMarkers({ ...RESULT, suggested_rate: null }, (r) => r)).toEqual([]);
  });

  it.each([
    ['en', new ApiError('3 learning-rate searches are already running or waiting; try again in a moment.'), '3 learning-rate searches are already running or waiting; try again in a moment.'],
    ['ko', new ApiError('3 learning-rate searches are already running or waiting; try again in a moment.'), '이미 학습률 탐색 3개가 실행 중이거나 기다리고 있습니다. 잠시 후 다시 시도하세요.'],
    ['ko', new ApiError('The learning-rate finder could not run: out of memory'), '학습률 탐색기를 실행할 수 없습니다: out of memory'],
    ['ko', new ApiError('layers[1].units: expected an integer'), 'layers[1].units: expected an integer'],
    ['ko', new ApiError('gone', { code: 'disconnected' }), 'OFFLINE'],
  ] as const)('lrFinderErrorText in %s: %s', (lang, err, text) => {
    expect(lrFinderErrorText(err, lang, 'OFFLINE')).toBe(text);
  });
});

describe('RunForm: the finder', () => {
  function renderForm(handler: (req: LrFindRequest) => Promise<LrFindResult>) {
    const fake = fakeApi({ 'lr:find': handler });
    render(RunForm, {
      props: {
        modelId: 'leaky-relu',
        model: MODEL,
        defaults: { epochs: 10, batch_size: 32 },
        active: false,
        starting: false,
        stopping: false,
        onstart: vi.fn(),
        onstop: vi.fn(),
        api: fake.api,
        theme: 'light' as const,
      },
    });
    return fake;
  }
  const lrInput = () => screen.getByTestId<HTMLInputElement>('learning-rate-input');

  it.each([
    ['en', 'Find learning rate', 'Suggested learning rate: 0.035', 'here 0.35', 'Apply 0.035', 'The learning rate is now 0.035. Start the run to train with it.'],
    ['ko', '학습률 찾기', '추천 학습률: 0.035', '(여기서는 0.35)', '0.035 적용', '학습률을 0.035(으)로 바꿨습니다. 실행을 시작하면 이 학습률로 훈련합니다.'],
  ] as const)('%s: asks with the form’s settings, shows progress, the chart, the rule, and Apply sets the learning rate', async (lang, button, suggestion, rule, apply, applied) => {
    locale.set(lang);
    let answer: (r: LrFindResult) => void = () => {};
    const fake = renderForm(() => new Promise((resolve) => (answer = resolve)));
    await fireEvent.input(screen.getByTestId('batch-size-input'), { target: { value: '64' } });
    await fireEvent.click(screen.getByRole('button', { name: button }));
    expect(fake.calls).toEqual([{ channel: 'lr:find', req: { model: MODEL, options: { batch_size: 64, limit: 5000 }, min_rate: 1e-5, max_rate: 10, steps: 200 } }]);
    expect(screen.getByTestId('lr-find-progress')).toBeTruthy();
    answer(RESULT);
    await waitFor(() => expect(screen.getByTestId('lr-find-suggestion').textContent).toBe(suggestion));
    expect(screen.queryByTestId('lr-find-progress')).toBeNull();
    expect(screen.getByTestId('lr-find-chart').dataset['suggestedRate']).toBe('0.035');
    expect(screen.getByTestId('lr-find-chart').dataset['markers']).toBe('1');
    expect(screen.getByTestId('lr-find-rule').textContent).toContain(rule);
    expect(lrInput().value).toBe('0.001');
    await fireEvent.click(screen.getByRole('button', { name: apply }));
    expect(lrInput().value).toBe('0.035');
    expect(screen.getByTestId('lr-find-applied').textContent).toBe(applied);
    expect(screen.getByTestId('learning-rate-hint').textContent).toContain('0.001');
  });

  it('says the refusal in Korean and asks nothing while a setting is invalid', async () => {
    locale.set('ko');
    const fake = renderForm(() => Promise.reject(new ApiError('1 learning-rate searches are already running or waiting; try again in a moment.')));
    await fireEvent.input(screen.getByTestId('batch-size-input'), { target: { value: '0' } });
    await fireEvent.click(screen.getByTestId('lr-find-button'));
    expect(fake.calls).toHaveLength(0);
    expect(screen.getByTestId('lr-find-blocked').textContent).toContain('먼저 실행 설정을 고치세요');
    await fireEvent.input(screen.getByTestId('batch-size-input'), { target: { value: '32' } });
    await fireEvent.click(screen.getByTestId('lr-find-button'));
    await waitFor(() =>
      expect(screen.getByTestId('lr-find-error').textContent?.trim()).toBe(
        '학습률 탐색기가 실패했습니다: 이미 학습률 탐색 1개가 실행 중이거나 기다리고 있습니다. 잠시 후 다시 시도하세요.',
      ),
    );
  });

  it('the chart follows the page theme (<html data-theme>) when the form is given none', async () => {
    document.documentElement.dataset['theme'] = 'light';
    const fake = fakeApi({ 'lr:find': async () => RESULT });
    render(RunForm, {
      props: { modelId: 'm', model: MODEL, defaults: { epochs: 10, batch_size: 32 }, active: false, starting: false, stopping: false, onstart: vi.fn(), onstop: vi.fn(), api: fake.api },
    });
    await fireEvent.click(screen.getByTestId('lr-find-button'));
    await waitFor(() => expect(screen.getByTestId('lr-find-chart').dataset['theme']).toBe('light'));
    document.documentElement.dataset['theme'] = 'dark';
    await waitFor(() => expect(screen.getByTestId('lr-find-chart').dataset['theme']).toBe('dark'));
    delete document.documentElement.dataset['theme'];
  });

  it('a sweep whose loss never fell says so and offers no Apply', async () => {
    renderForm(async () => ({ ...RESULT, suggested_rate: null, min_loss_rate: null, stopped_early: false }));
    await fireEvent.click(screen.getByTestId('lr-find-button'));
    await waitFor(() => expect(screen.getByTestId('lr-find-none').textContent).toContain('never fell below its first value'));
    expect(screen.queryByTestId('lr-find-apply')).toBeNull();
  });
});
