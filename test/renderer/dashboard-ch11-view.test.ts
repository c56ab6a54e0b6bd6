/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The chapter-11 parts of the dashboard in jsdom (no canvas: what the panels say and hold;
 * the drawing is checked in test/e2e/clipping.e2e.test.ts): the gradient-norm panel's
 * "clipped at N of M" and its per-variable clipnorm caption, the batch-norm table, the
 * early-stop sentence in English and Korean on the training screen and in run detail, the
 * learning curve titled with its rate, and runs recorded before these fields.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { EpochMetrics } from '../../src-shared/training/metrics.js';
import type { RunRecord } from '../../src-shared/training/run.js';
import DashboardCharts from '../../src-renderer/features/training/charts/DashboardCharts.svelte';
import GlobalGradPanel from '../../src-renderer/features/training/charts/GlobalGradPanel.svelte';
import TrainingView from '../../src-renderer/features/training/TrainingView.svelte';
import RunDetail from '../../src-renderer/features/runs/RunDetail.svelte';
import { RunsState } from '../../src-renderer/features/runs/runs-state.svelte.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { TrainingState } from '../../src-renderer/state/training.svelte.js';
import { editorWith, LEAKY_RELU } from './editor-panels-fixtures.js';
import { epochMetrics, fakeApi } from './fake-api.js';

const RUN = '20261130-070000-exploding-clipped-ab12';

beforeEach(() => {
  locale.set('en');
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

/** An epoch as the chapter-11 engine records it: rate, raw and clipped global norms, two BN layers. */
function ch11Epoch(n: number, over: Partial<EpochMetrics> = {}): EpochMetrics {
  return {
    ...epochMetrics(n, true),
    learning_rate: 0.05,
    grad_norm_raw: 6.4 / n,
    grad_norm_clipped: 1.9,
    batch_norm: [
      { name: 'batch_normalization', spec_index: 1, in_mean: 0.2861, in_std: 0.3528, out_mean: 0.0004, out_std: 0.9981 },
      { name: 'batch_normalization_1', spec_index: 4, in_mean: 1.5312, in_std: 2.2047, out_mean: -0.0213, out_std: 1.0437 },
    ],
    ...over,
  };
}

const CLIPPED_SGD = { name: 'sgd' as const, learning_rate: 0.05, clipnorm: 1 };

const liveNorms = [
  { step: 20, raw: 8.2, clipped: 1.7 },
  { step: 40, raw: 0.62, clipped: 0.62 },
  { step: 60, raw: 3.1, clipped: 1.4 },
  { step: 80, raw: 12, clipped: 1.9 },
].map((s) => ({ epoch: 1, step: s.step, layers: [], grad_norm_raw: s.raw, grad_norm_clipped: s.clipped }));

describe('global gradient norm panel', () => {
  it.each([
    ['en', 'Clipping scaled the gradient down at 3 of 4 measured steps.', 'per-variable clipnorm 1'],
    ['ko', '측정한 스텝 4개 중 3개에서 클리핑이 그레이디언트를 줄였습니다.', '변수별 clipnorm 1'],
  ] as const)('says at how many measured steps clipping acted (%s), with the per-variable clipnorm in the caption', (lang, sentence, caption) => {
    locale.set(lang);
    render(GlobalGradPanel, { props: { epochs: [], samples: liveNorms, optimizer: CLIPPED_SGD, theme: 'light', fileName: 'x.png' } });
    const panel = screen.getByTestId('global-grad');
    expect(panel.dataset).toMatchObject({ unit: 'step', clipping: 'true', clipped: '3', measured: '4' });
    expect(screen.getByTestId('grad-global-summary').textContent).toBe(sentence);
    expect(screen.getByTestId('chart-grad-global-panel').textContent).toContain(caption);
  });

  it('without clipping names an exploding raw norm by how far it grew', () => {
    const samples = [0.8, 30, 2.4e3, 9.1e5].map((raw, i) => ({ epoch: 1, step: 20 * (i + 1), layers: [], grad_norm_raw: raw }));
    render(GlobalGradPanel, { props: { epochs: [], samples, optimizer: { name: 'sgd', learning_rate: 0.05 }, theme: 'light', fileName: 'x.png' } });
    expect(screen.getByTestId('global-grad').dataset['clipping']).toBe('false');
    expect(screen.getByTestId('chart-grad-global').getAttribute('aria-label')).toBe('Global gradient norm');
    expect(screen.getByTestId('grad-global-summary').textContent).toBe('The raw norm grew 1.14e6× during the run: exploding gradients.');
  });

  it('counts epochs for a stored run (epoch averages)', () => {
    const epochs = [ch11Epoch(1), ch11Epoch(2), ch11Epoch(3, { grad_norm_raw: 1.5, grad_norm_clipped: 1.5 })];
    render(GlobalGradPanel, { props: { epochs, optimizer: CLIPPED_SGD, theme: 'light', fileName: 'x.png' } });
    expect(screen.getByTestId('grad-global-summary').textContent).toBe('Clipping lowered the average gradient norm in 2 of 3 epochs.');
  });
});

describe('dashboard charts with chapter-11 metrics', () => {
  it('shows the batch-norm layers’ input and output statistics at the latest epoch', () => {
    render(DashboardCharts, { props: { epochs: [ch11Epoch(1), ch11Epoch(2)], theme: 'light', runId: RUN } });
    const table = screen.getByTestId('bn-stats');
    expect(table.dataset['epoch']).toBe('2');
    const rows = screen.getAllByTestId('bn-row').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['batch_normalization', '0.286', '0.353', '0.000', '0.998'],
      ['batch_normalization_1', '1.531', '2.205', '-0.021', '1.044'],
    ]);
    expect(table.textContent).toContain('Epoch 2, on the diagnostic batch');
  });

  it('titles the learning curve with the rate and says what the right axis shows', () => {
    render(DashboardCharts, { props: { epochs: [ch11Epoch(1)], theme: 'light', runId: RUN } });
    expect(screen.getByTestId('chart-loss').getAttribute('aria-label')).toBe('Loss and learning rate per epoch');
    expect(screen.getByTestId('chart-loss-panel').textContent).toContain('Right axis (log): the learning rate each step used.');
  });

  it('explains a performance schedule’s cuts', () => {
    const model = { ...LEAKY_RELU, training: { ...LEAKY_RELU.training, lr_schedule: { name: 'performance' as const } } };
    const epochs = [ch11Epoch(1), ch11Epoch(2, { learning_rate: 0.025 })];
    locale.set('ko');
    render(DashboardCharts, { props: { epochs, theme: 'light', runId: RUN, model } });
    expect(screen.getByTestId('chart-loss-panel').textContent).toContain('성능 기반 스케줄링은 검증 손실이 더 나아지지 않으면 학습률을 줄이며');
  });

  it('an old run (no rate, no global norms, no BN statistics) renders as before: nothing new, no NaN or undefined', () => {
    const { container } = render(DashboardCharts, { props: { epochs: [epochMetrics(1), epochMetrics(2)], theme: 'light', runId: RUN, samples: [] } });
    expect(screen.queryByTestId('global-grad')).toBeNull();
    expect(screen.queryByTestId('bn-stats')).toBeNull();
    expect(screen.getByTestId('chart-loss').getAttribute('aria-label')).toBe('Loss per epoch');
    expect(container.textContent).not.toMatch(/undefined|NaN/);
  });
});

async function trainingScreen(model: ModelSpec) {
  const fake = fakeApi({
    'runs:start': async () => ({
      run_id: RUN,
      options: { epochs: 10, batch_size: 32, seed: 42, limit: 3200, backend: 'auto', dataset: 'fashion-mnist', optimizer: 'sgd', learning_rate: 0.05 },
      status: 'running',
      position: null,
    }),
  });
  const training = new TrainingState(fake.api);
  training.connect();
  const editor = editorWith(model, 'clipped.json');
  const view = render(TrainingView, { props: { api: fake.api, training, editor, theme: 'light', online: false, maxConcurrent: 2 } });
  await fireEvent.click(screen.getByTestId('start-button'));
  await waitFor(() => expect(screen.getByTestId('run-status').dataset['status']).toBe('running'));
  return { fake, training, view };
}

describe('training screen', () => {
  const clipped: ModelSpec = { ...LEAKY_RELU, training: { ...LEAKY_RELU.training, optimizer: CLIPPED_SGD, early_stopping: { patience: 2 } } };

  it('keeps each live step’s raw and clipped norm and says how often clipping acted', async () => {
    const { fake, training } = await trainingScreen(clipped);
    for (const s of liveNorms) fake.emit('run:layers', { run_id: RUN, ...s });
    await waitFor(() => expect(screen.getByTestId('grad-global-summary').textContent).toBe('Clipping scaled the gradient down at 3 of 4 measured steps.'));
    expect(training.layerSamples.map((s) => [s.grad_norm_raw, s.grad_norm_clipped])).toEqual(liveNorms.map((s) => [s.grad_norm_raw, s.grad_norm_clipped]));
    expect(training.model?.training.optimizer).toEqual(CLIPPED_SGD);
  });

  it.each([
    ['en', 0.0125, 'learning rate: 0.0125'],
    ['ko', 3.2e-5, '학습률: 3.20e-5'],
    ['en', undefined, null],
  ] as const)('progress shows the latest step’s learning rate (%s, %s)', async (lang, rate, text) => {
    locale.set(lang);
    const { fake } = await trainingScreen(clipped);
    const sample = { epoch: 2, step: 150, loss: 0.6, samples_done: 4800, samples_total: 32000, ...(rate === undefined ? {} : { learning_rate: rate }) };
    fake.emit('run:progress', { run_id: RUN, sample, fraction: 0.15, elapsed_seconds: 12, eta_seconds: 68, samples_per_second: 400 });
    await waitFor(() => expect(screen.getByTestId('latest-loss').textContent).not.toBe('—'));
    if (text === null) expect(screen.queryByTestId('progress-lr')).toBeNull();
    else expect(screen.getByTestId('progress-lr').textContent).toBe(text);
  });

  it.each([
    ['en', true, 'Stopped early at epoch 7; best epoch 4 (weights restored).'],
    ['en', false, 'Stopped early at epoch 7; best epoch 4 (the last epoch’s weights were kept).'],
    ['ko', true, '에포크 7에서 조기 종료했습니다. 최상 에포크는 4입니다(가중치 복원됨).'],
  ] as const)('an early-stopped run says where it stopped and its best epoch (%s, restored %s)', async (lang, restored, text) => {
    locale.set(lang);
    const { fake } = await trainingScreen(clipped);
    for (let e = 1; e <= 7; e++) fake.emit('run:epoch', { run_id: RUN, metrics: ch11Epoch(e) });
    fake.emit('run:finished', {
      run_id: RUN,
      status: 'completed',
      test_loss: 0.41,
      test_accuracy: 0.853,
      diverged_at: null,
      error: null,
      early_stopped: { epoch: 7, best_epoch: 4, restored },
    });
    const note = await screen.findByTestId('run-early-stop');
    expect(note.textContent?.trim()).toBe(text);
    expect(note.dataset['bestEpoch']).toBe('4');
  });

  it('a run that finished without early stopping says nothing about it', async () => {
    const { fake, view } = await trainingScreen(clipped);
    fake.emit('run:epoch', { run_id: RUN, metrics: epochMetrics(1, true) });
    fake.emit('run:finished', { run_id: RUN, status: 'completed', test_loss: 0.5, test_accuracy: 0.8, diverged_at: null, error: null });
    await waitFor(() => expect(screen.getByTestId('run-status').dataset['status']).toBe('completed'));
    expect(screen.queryByTestId('run-early-stop')).toBeNull();
    expect(view.container.textContent).not.toMatch(/undefined|NaN/);
  });
});

describe('run detail', () => {
  function record(model: ModelSpec, epochs: EpochMetrics[], asked: number): RunRecord {
    return {
      id: RUN,
      model,
      environment: null,
      status: { status: 'completed', created_at: '2026-11-30T07:00:00.000Z', started_at: null, finished_at: null, options: { epochs: asked, batch_size: 32, limit: 3200, seed: 42, backend: 'wasm' } },
      epochs,
      batches: [],
      has_weights: true,
      warnings: [],
    };
  }
  const vals = [0.62, 0.51, 0.47, 0.466, 0.49, 0.5, 0.52];
  const epochs = vals.map((v, i) => ch11Epoch(i + 1, { val_loss: v }));
  const withEs: ModelSpec = { ...LEAKY_RELU, training: { ...LEAKY_RELU.training, early_stopping: { patience: 3 } } };

  function show(rec: RunRecord) {
    const fake = fakeApi();
    return render(RunDetail, { props: { api: fake.api, runs: new RunsState(fake.api), record: rec, summary: null, theme: 'light', onOpenModel: () => {}, onStarted: () => {} } });
  }

  it('reads the early stop back from the model and the epochs', () => {
    show(record(withEs, epochs, 20));
    const note = screen.getByTestId('run-detail-early-stop');
    expect(note.textContent?.trim()).toBe('Stopped early at epoch 7; best epoch 4 (weights restored).');
    expect(screen.getByTestId('bn-stats')).toBeTruthy();
  });

  it('says nothing when the patience did not run out', () => {
    const patient: ModelSpec = { ...LEAKY_RELU, training: { ...LEAKY_RELU.training, early_stopping: { patience: 4 } } };
    show(record(patient, epochs, 7));
    expect(screen.queryByTestId('run-detail-early-stop')).toBeNull();
  });
});
