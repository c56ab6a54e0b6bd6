/// <reference path="../../src-renderer/env.d.ts" />
/** The evaluation panel and its parts with a fake API: asks once per finished run, shows the three views in both languages, retries, and words errors. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EvaluateRequest, EvaluateResponse } from '../../src-shared/training/evaluation.js';
import { ConfusionMatrix, EvaluationPanel, MisclassifiedGrid, PerClassAccuracy } from '../../src-renderer/features/training/evaluation/index.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { ApiError } from '../../src-renderer/lib/api-error.js';
import { fakeApi } from './fake-api.js';

beforeEach(() => locale.set('en'));

const RUN = '20261130-101500-tiny-1a2b';
const NAMES_EN = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** A Fashion-MNIST answer: 1,000 images per class, class i right 900 − 10i times, the rest taken for class (i + 1) mod 10. */
function answer(run_id = RUN): EvaluateResponse {
  const confusion = Array.from({ length: 10 }, (_, i) => {
    const row = new Array<number>(10).fill(0);
    row[i] = 900 - 10 * i;
    row[(i + 1) % 10] = 100 + 10 * i;
    return row;
  });
  const per_class = confusion.map((row, i) => row[i]! / 1000);
  return {
    run_id,
    dataset: 'fashion-mnist',
    test_loss: 0.4321,
    test_accuracy: per_class.reduce((a, b) => a + b, 0) / 10,
    per_class,
    confusion,
    count: 10_000,
    class_ids: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    dropout_layers: 0,
    misclassified: [
      { index: 17, true_label: 6, predicted_label: 0, probability: 0.987, pixels: new Array(784).fill(128) },
      { index: 3, true_label: 9, predicted_label: 7, probability: 0.5, pixels: new Array(784).fill(0) },
    ],
  };
}

describe('EvaluationPanel', () => {
  it('evaluates a completed run once and shows accuracy, per-class table, confusion matrix and mistakes', async () => {
    const fake = fakeApi({ 'runs:evaluate': async (req: EvaluateRequest) => answer(req.run_id) });
    const view = render(EvaluationPanel, { props: { api: fake.api, runId: RUN, status: 'completed' } });
    await waitFor(() => expect(screen.getByTestId('evaluation-summary').textContent).toBe('Test accuracy 85.50% · test loss 0.4321 · 10,000 test images'));
    expect(fake.calls).toEqual([{ channel: 'runs:evaluate', req: { run_id: RUN } }]);
    expect(screen.getByTestId('evaluation-worst').textContent).toContain('Most often confused: Ankle boot taken for T-shirt/top (190 times).');

    const perClass = screen.getByTestId('per-class-accuracy');
    expect(within(perClass).getByRole('rowheader', { name: 'Trouser' })).toBeTruthy();
    expect(perClass.textContent).toContain('89.0%');

    const matrix = screen.getByTestId('confusion-matrix');
    expect(within(matrix).getAllByRole('columnheader').map((h) => h.textContent?.trim())).toEqual(['True ↓ / predicted →', ...NAMES_EN]);
    expect(within(matrix).getAllByRole('rowheader').map((h) => h.textContent?.trim())).toEqual(NAMES_EN);
    const shirt = within(matrix).getByLabelText('840 images of Shirt predicted correctly');
    expect(shirt.classList.contains('diag')).toBe(true);
    expect(within(matrix).getByLabelText('160 images of Shirt predicted as Sneaker').classList.contains('diag')).toBe(false);
    expect(within(matrix).getByLabelText('0 images of Shirt predicted as Bag').getAttribute('style')).toContain('--shade: 0%');

    const grid = screen.getByTestId('misclassified-grid');
    expect(within(grid).getByRole('img', { name: 'Test image 17: a Shirt, predicted as T-shirt/top with probability 98.7%' })).toBeTruthy();
    expect(grid.querySelectorAll('canvas')).toHaveLength(2);
    expect(grid.querySelector('canvas')!.width).toBe(28);
    expect(grid.textContent).toContain('True: Shirt');
    expect(grid.textContent).toContain('Predicted: T-shirt/top (98.7%)');

    // A re-render with the same run asks nothing more.
    await view.rerender({ api: fake.api, runId: RUN, status: 'completed' });
    expect(fake.calls).toHaveLength(1);
  });

  it('speaks Korean: class names, headings and the summary', async () => {
    locale.set('ko');
    const fake = fakeApi({ 'runs:evaluate': async () => answer() });
    render(EvaluationPanel, { props: { api: fake.api, runId: RUN, status: 'stopped' } });
    await waitFor(() => expect(screen.getByTestId('evaluation-summary').textContent).toBe('테스트 정확도 85.50% · 테스트 손실 0.4321 · 테스트 이미지 10,000개'));
    expect(screen.getByRole('heading', { name: '오차 행렬' })).toBeTruthy();
    expect(within(screen.getByTestId('confusion-matrix')).getAllByRole('rowheader')[9]!.textContent?.trim()).toBe('앵클 부츠');
    expect(screen.getByLabelText('셔츠 이미지 840개를 올바르게 예측')).toBeTruthy();
    expect(screen.getByTestId('misclassified-grid').textContent).toContain('실제: 셔츠');
  });

  it('does not ask while the run trains, for a diverged or failed run, or without a run; asks when it completes', async () => {
    const fake = fakeApi({ 'runs:evaluate': async () => answer() });
    const view = render(EvaluationPanel, { props: { api: fake.api, runId: RUN, status: 'running' } });
    expect(screen.getByTestId('evaluation-waiting')).toBeTruthy();
    await view.rerender({ api: fake.api, runId: RUN, status: 'diverged' });
    expect(screen.getByTestId('evaluation-unavailable').textContent).toContain('diverged');
    await view.rerender({ api: fake.api, runId: RUN, status: 'failed' });
    expect(screen.getByTestId('evaluation-unavailable').textContent).toContain('failed');
    await view.rerender({ api: fake.api, runId: null, status: 'idle' });
    expect(screen.queryByTestId('evaluation-panel')).toBeNull();
    expect(fake.calls).toHaveLength(0);
    await view.rerender({ api: fake.api, runId: RUN, status: 'completed' });
    await waitFor(() => expect(screen.getByTestId('evaluation-summary')).toBeTruthy());
    expect(fake.calls).toHaveLength(1);
  });

  it('shows main’s message on failure, a coded one in the UI language, and retries with the button', async () => {
    let attempt = 0;
    const fake = fakeApi({
      'runs:evaluate': async () => {
        attempt++;
        if (attempt === 1) throw new ApiError(`run ${RUN} has no saved weights (status completed): nothing to evaluate`, { field: 'run_id' });
        if (attempt === 2) throw new ApiError('The training queue is full (200 runs waiting). Try again later.', { messageCode: 'queue.full', params: { limit: 200 } });
        return answer();
      },
    });
    render(EvaluationPanel, { props: { api: fake.api, runId: RUN, status: 'completed' } });
    await waitFor(() =>
      expect(screen.getByTestId('evaluation-error').textContent).toBe(`The run could not be evaluated: run ${RUN} has no saved weights (status completed): nothing to evaluate`),
    );
    locale.set('ko');
    await fireEvent.click(screen.getByTestId('evaluation-retry'));
    await waitFor(() => expect(screen.getByTestId('evaluation-error').textContent).toContain('학습 대기열이 가득 찼습니다(대기 중 200개)'));
    expect(screen.getByTestId('evaluation-error').textContent).toMatch(/^실행을 평가하지 못했습니다: /);
    await fireEvent.click(screen.getByTestId('evaluation-retry'));
    await waitFor(() => expect(screen.getByTestId('evaluation-summary')).toBeTruthy());
    expect(screen.queryByTestId('evaluation-error')).toBeNull();
    expect(fake.calls).toHaveLength(3);
  });

  it('a new run replaces the old result; a late answer for the old run is dropped', async () => {
    const other = '20261130-111500-tiny-3c4d';
    let releaseFirst: (r: EvaluateResponse) => void = () => {};
    const fake = fakeApi({
      'runs:evaluate': (req: EvaluateRequest) =>
        req.run_id === RUN ? new Promise<EvaluateResponse>((r) => (releaseFirst = r)) : Promise.resolve({ ...answer(other), test_accuracy: 0.5 }),
    });
    const view = render(EvaluationPanel, { props: { api: fake.api, runId: RUN, status: 'completed' } });
    expect(screen.getByTestId('evaluation-loading')).toBeTruthy();
    await view.rerender({ api: fake.api, runId: other, status: 'completed' });
    await waitFor(() => expect(screen.getByTestId('evaluation-summary').textContent).toContain('Test accuracy 50.00%'));
    releaseFirst(answer(RUN));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByTestId('evaluation-summary').textContent).toContain('Test accuracy 50.00%');
  });
});

/** A sandals-vs-shirts model (classes [5, 6]) with two dropout layers: 1,000 test images per class. */
function subsetAnswer(mc = false): EvaluateResponse {
  const base: EvaluateResponse = {
    run_id: RUN,
    dataset: 'fashion-mnist',
    test_loss: 0.2,
    test_accuracy: 0.9,
    per_class: [0.95, 0.85],
    confusion: [
      [950, 50],
      [150, 850],
    ],
    count: 2000,
    class_ids: [5, 6],
    dropout_layers: 2,
    misclassified: [{ index: 4, true_label: 1, predicted_label: 0, probability: 0.8, pixels: new Array(784).fill(9) }],
  };
  if (!mc) return base;
  return {
    ...base,
    test_accuracy: 0.905,
    misclassified: [{ ...base.misclassified[0]!, std: 0.21, entropy: 0.5 }],
    mc: {
      samples: 50,
      dropout_layers: 2,
      deterministic: { test_loss: 0.2, test_accuracy: 0.9 },
      correct: { count: 1810, mean_std: 0.041, mean_entropy: 0.12 },
      wrong: { count: 190, mean_std: 0.187, mean_entropy: 0.52 },
      most_uncertain: [
        { index: 11, true_label: 0, predicted_label: 0, probability: 0.51, pixels: new Array(784).fill(1), std: 0.3, entropy: 0.69 },
        { index: 4, true_label: 1, predicted_label: 0, probability: 0.8, pixels: new Array(784).fill(9), std: 0.21, entropy: 0.5 },
      ],
    },
  };
}

describe('EvaluationPanel: class subsets and MC dropout', () => {
  it('a subset model’s rows and columns carry its own classes’ names, in both languages', async () => {
    const fake = fakeApi({ 'runs:evaluate': async () => subsetAnswer() });
    render(EvaluationPanel, { props: { api: fake.api, runId: RUN, status: 'completed' } });
    await waitFor(() => expect(screen.getByTestId('evaluation-subset').textContent?.trim()).toBe('Trained on 2 of 10 classes: Sandal, Shirt. Only their test images are evaluated.'));
    const matrix = screen.getByTestId('confusion-matrix');
    expect(within(matrix).getAllByRole('rowheader').map((h) => h.textContent?.trim())).toEqual(['Sandal', 'Shirt']);
    expect(within(matrix).getByLabelText('150 images of Shirt predicted as Sandal')).toBeTruthy();
    expect(within(screen.getByTestId('per-class-accuracy')).getByRole('rowheader', { name: 'Shirt' })).toBeTruthy();
    expect(screen.getByTestId('misclassified-grid').textContent).toContain('True: Shirt');
    locale.set('ko');
    await waitFor(() => expect(within(matrix).getAllByRole('rowheader').map((h) => h.textContent?.trim())).toEqual(['샌들', '셔츠']));
    expect(screen.getByTestId('evaluation-subset').textContent).toContain('클래스 10개 중 2개로 학습했습니다: 샌들, 셔츠');
  });

  it('MC dropout: 100 passes proposed, the typed number asked for (Enter submits), uncertainty on each image and the most uncertain list', async () => {
    const fake = fakeApi({ 'runs:evaluate': async (req: EvaluateRequest) => subsetAnswer(req.mc_samples !== undefined) });
    render(EvaluationPanel, { props: { api: fake.api, runId: RUN, status: 'completed' } });
    await waitFor(() => expect(screen.getByTestId('evaluation-summary')).toBeTruthy());
    const input = screen.getByLabelText('Passes') as HTMLInputElement;
    expect(input.disabled).toBe(false);
    expect(input.value).toBe('100');
    expect(screen.queryByTestId('mc-dropout-unavailable')).toBeNull();

    await fireEvent.input(input, { target: { value: '0' } });
    expect(screen.getByTestId('mc-dropout-invalid').textContent).toBe('Enter a whole number of passes from 1 to 1000.');
    expect((screen.getByTestId('mc-dropout-evaluate') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.submit(screen.getByTestId('mc-dropout-controls'));
    expect(fake.calls).toHaveLength(1);

    await fireEvent.input(input, { target: { value: '50' } });
    expect((screen.getByTestId('mc-dropout-evaluate') as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.submit(screen.getByTestId('mc-dropout-controls'));
    await waitFor(() => expect(screen.getByTestId('mc-dropout-result')).toBeTruthy());
    expect(fake.calls.map((c) => c.req)).toEqual([{ run_id: RUN }, { run_id: RUN, mc_samples: 50 }]);
    expect(screen.getByTestId('evaluation-summary').textContent).toContain('Test accuracy 90.50%');
    expect(screen.getByTestId('mc-dropout-result').textContent).toContain('Mean of 50 passes with 2 dropout layers active. One deterministic pass: accuracy 90.00%, loss 0.2000.');
    expect(screen.getByTestId('mc-dropout-groups').textContent).toBe(
      'Mean uncertainty (std of the predicted class’s probability): right predictions 0.041 · wrong predictions 0.187.',
    );
    expect(screen.getByTestId('mc-dropout-finding')).toBeTruthy();
    const uncertain = screen.getByTestId('most-uncertain-grid');
    expect(within(uncertain).getByRole('img', { name: 'Test image 11: a Sandal, predicted as Sandal with probability 51.0%; uncertainty ±0.300, entropy 0.69' })).toBeTruthy();
    expect(within(uncertain).getAllByTestId('uncertainty').map((u) => u.textContent?.trim())).toEqual(['Uncertainty ±0.300', 'Uncertainty ±0.210']);
    expect(within(uncertain).getAllByTestId('uncertainty')[0]!.querySelector('.fill')!.getAttribute('style')).toContain('width: 60%');
    expect(within(screen.getByTestId('misclassified-grid')).getByTestId('uncertainty').textContent?.trim()).toBe('Uncertainty ±0.210');

    locale.set('ko');
    await waitFor(() => expect(screen.getByTestId('mc-dropout-groups').textContent).toBe('평균 불확실성 (예측 클래스 확률의 표준편차): 맞은 예측 0.041 · 틀린 예측 0.187.'));
    expect(screen.getByRole('heading', { name: '가장 불확실한 테스트 이미지' })).toBeTruthy();
    expect(screen.getByLabelText('반복 횟수')).toBeTruthy();
  });

  it('a model without dropout: the control is disabled and says why (en + ko)', async () => {
    const fake = fakeApi({ 'runs:evaluate': async () => answer() });
    render(EvaluationPanel, { props: { api: fake.api, runId: RUN, status: 'completed' } });
    await waitFor(() => expect(screen.getByTestId('evaluation-summary')).toBeTruthy());
    expect((screen.getByLabelText('Passes') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByTestId('mc-dropout-evaluate') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('mc-dropout-unavailable').textContent).toBe(
      'This model has no dropout layer: every pass would give the same prediction, so MC dropout has nothing to average.',
    );
    expect(screen.queryByTestId('evaluation-subset')).toBeNull();
    locale.set('ko');
    await waitFor(() => expect(screen.getByTestId('mc-dropout-unavailable').textContent).toContain('이 모델에는 드롭아웃 층이 없습니다'));
    await fireEvent.submit(screen.getByTestId('mc-dropout-controls'));
    expect(fake.calls).toHaveLength(1);
  });
});

describe('the parts on their own', () => {
  it('PerClassAccuracy lists every class with its accuracy and image count', () => {
    render(PerClassAccuracy, { props: { perClass: [1, 0.5], counts: [1000, 1200], classNames: ['A', 'B'] } });
    const rows = within(screen.getByTestId('per-class-accuracy')).getAllByRole('row');
    const text = (r: HTMLElement) => Array.from(r.children).map((c) => c.textContent?.trim()).join(' | ');
    expect(rows.map(text)).toEqual(['Class | Accuracy | Test images', 'A | 100.0% | 1,000', 'B | 50.0% | 1,200']);
  });

  it('ConfusionMatrix shades by count (the largest darkest) and marks the diagonal', () => {
    render(ConfusionMatrix, { props: { confusion: [[900, 100], [25, 975]], classNames: ['A', 'B'] } });
    const cells = screen.getAllByRole('cell');
    expect(cells.map((c) => c.style.getPropertyValue('--shade'))).toEqual(['96%', '32%', '16%', '100%']);
    expect(cells.map((c) => c.textContent?.trim())).toEqual(['900', '100', '25', '975']);
    expect(cells.map((c) => c.classList.contains('diag'))).toEqual([true, false, false, true]);
  });

  it('MisclassifiedGrid says so when there is no mistake', () => {
    render(MisclassifiedGrid, { props: { images: [], classNames: NAMES_EN } });
    expect(screen.getByTestId('misclassified-none').textContent).toBe('No test image was misclassified.');
  });
});
