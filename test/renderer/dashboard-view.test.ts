/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The training dashboard in jsdom (no canvas: the charts' panels, notes, titles and exports
 * are checked here, the drawing in the E2E test): empty states, live epochs arriving,
 * the inactive-units title per activation family, highlighted layers, PNG and CSV buttons.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import DashboardCharts from '../../src-renderer/features/training/charts/DashboardCharts.svelte';
import TrainingView from '../../src-renderer/features/training/TrainingView.svelte';
import { locale } from '../../src-renderer/i18n/index.js';
import { TrainingState } from '../../src-renderer/state/training.svelte.js';
import { editorWith, LEAKY_RELU } from './editor-panels-fixtures.js';
import { epochMetrics, fakeApi, layer } from './fake-api.js';

const RUN = '20261126-140000-relu-100-ab12';

beforeEach(() => {
  locale.set('en');
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

async function runningPanel() {
  const fake = fakeApi({
    'runs:start': async () => ({
      run_id: RUN,
      options: { epochs: 3, batch_size: 32, seed: 42, limit: 1000, backend: 'auto', dataset: 'fashion-mnist', optimizer: 'sgd', learning_rate: 0.001 },
      status: 'running',
      position: null,
    }),
  });
  const training = new TrainingState(fake.api);
  training.connect();
  const editor = editorWith(LEAKY_RELU, 'leaky-relu.json');
  render(TrainingView, { props: { api: fake.api, training, editor, theme: 'light', online: false, maxConcurrent: 2 } });
  await fireEvent.click(screen.getByTestId('start-button'));
  await waitFor(() => expect(screen.getByTestId('run-status').dataset.status).toBe('running'));
  return { fake, training };
}

describe('dashboard charts', () => {
  it.each([
    ['en', 'The curves appear when the first epoch ends.', 'The per-layer diagnostics appear when the first epoch ends.'],
    ['ko', '첫 에포크가 끝나면 곡선이 나타납니다.', '첫 에포크가 끝나면 층별 진단이 나타납니다.'],
  ] as const)('before the first epoch (%s): six panels, each saying what will appear, PNG disabled', (lang, epochsNote, layersNote) => {
    locale.set(lang);
    render(DashboardCharts, { props: { epochs: [], theme: 'dark', runId: null } });
    const ids = ['chart-loss', 'chart-accuracy', 'chart-grad', 'chart-activations', 'chart-inactive', 'chart-weights'];
    for (const id of ids) expect(screen.getByTestId(id)).toBeTruthy();
    const notes = screen.getAllByTestId('chart-empty').map((n) => n.textContent);
    expect(notes.filter((n) => n === epochsNote)).toHaveLength(2);
    expect(notes.filter((n) => n === layersNote)).toHaveLength(4);
    expect(screen.getAllByTestId('save-png').every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
  });

  it.each([
    ['relu', 'Dead units by depth (ReLU family)'],
    ['sigmoid', 'Saturated units by depth (sigmoid/tanh)'],
  ])('names the inactive-units chart after the family (%s)', (activation, title) => {
    const epochs = [{ ...epochMetrics(1), layers: [layer(1, 0.1, activation), layer(2, 0.1, activation)] }];
    render(DashboardCharts, { props: { epochs, theme: 'light', runId: RUN } });
    expect(screen.getByTestId('chart-inactive').getAttribute('aria-label')).toBe(title);
    expect(screen.queryAllByTestId('chart-empty')).toHaveLength(0);
    expect(screen.getAllByTestId('save-png').some((b) => (b as HTMLButtonElement).disabled)).toBe(false);
  });

  it('says when no layer can be dead or saturated', () => {
    const epochs = [{ ...epochMetrics(1), layers: [{ ...layer(1, 0.1), inactive_kind: null, inactive_fraction: null }] }];
    render(DashboardCharts, { props: { epochs, theme: 'light', runId: RUN } });
    expect(screen.getByTestId('chart-inactive-panel').textContent).toContain('No layer of this model can have dead or saturated units');
  });

  it('names highlighted layers (spec indices) in words beside the shaded charts', () => {
    render(DashboardCharts, { props: { epochs: [epochMetrics(1)], highlight: [2, 9], theme: 'light', runId: RUN } });
    expect(screen.getByTestId('highlighted-layers').textContent?.trim()).toBe('Highlighted layers: 2 · dense_2 (sigmoid)');
  });

  it('draws a live layer sample before the first epoch ends', () => {
    const live = { epoch: 1, step: 40, layers: [{ name: 'dense', grad_norm: 0.1, act_mean: 0, act_std: 1, inactive_fraction: 0 }] };
    render(DashboardCharts, { props: { epochs: [], live, theme: 'light', runId: RUN } });
    const empty = (id: string) => screen.getByTestId(`${id}-panel`).querySelector('[data-testid="chart-empty"]');
    expect(empty('chart-grad')).toBeNull();
    expect(empty('chart-weights')).not.toBeNull();
  });

  it('saves a chart as PNG through a download link named after the run', async () => {
    render(DashboardCharts, { props: { epochs: [epochMetrics(1)], theme: 'light', runId: RUN } });
    // jsdom draws nothing: with no chart there is nothing to save, and no error either.
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click');
    await fireEvent.click(screen.getAllByTestId('save-png')[0]!);
    expect(click).not.toHaveBeenCalled();
  });
});

describe('dashboard on the training screen', () => {
  it('fills the epoch table with the gradient ratio as epochs arrive, and exports them as CSV', async () => {
    const { fake } = await runningPanel();
    const csvButton = screen.getByTestId<HTMLButtonElement>('save-csv');
    expect(csvButton.disabled).toBe(true);
    fake.emit('run:epoch', { run_id: RUN, metrics: epochMetrics(1) });
    fake.emit('run:epoch', { run_id: RUN, metrics: epochMetrics(2) });
    await waitFor(() => expect(screen.getAllByTestId('epoch-row')).toHaveLength(2));
    // Vanishing fixture: first hidden 1e-5 / last hidden 0.1.
    expect(screen.getAllByTestId('epoch-row')[0]!.textContent).toContain('1.0e-4');
    expect(csvButton.disabled).toBe(false);

    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (blobs.push(b as Blob), 'blob:csv'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    let saved: { href: string; download: string } | null = null;
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved = { href: this.href, download: this.download };
    });
    await fireEvent.click(csvButton);
    expect(saved).toEqual({ href: 'blob:csv', download: `${RUN}-metrics.csv` });
    const text = await blobs[0]!.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('epoch,loss,accuracy,val_loss,val_accuracy,seconds,layer,name')).toBe(true);
    expect(lines).toHaveLength(1 + 2 * 3);
  });

  it('shows the batch-loss panel empty until progress arrives', async () => {
    const { fake } = await runningPanel();
    const panel = screen.getByTestId('chart-batch-panel');
    expect(panel.textContent).toContain('The batch loss appears once training starts.');
    fake.emit('run:progress', {
      run_id: RUN,
      sample: { epoch: 1, step: 3, loss: 2.1, samples_done: 96, samples_total: 3000 },
      fraction: 0.032,
      elapsed_seconds: 1,
      eta_seconds: 30,
      samples_per_second: 96,
    });
    await waitFor(() => expect(panel.querySelector('[data-testid="chart-empty"]')).toBeNull());
    expect(screen.getByTestId('latest-loss').textContent).toBe('2.1000');
  });

  it('mounts the health panel; its "show layers" shades them in the depth charts', async () => {
    const { fake } = await runningPanel();
    expect(screen.getByTestId('health-panel')).toBeTruthy();
    expect(screen.queryByTestId('highlighted-layers')).toBeNull();
    fake.emit('run:epoch', { run_id: RUN, metrics: epochMetrics(1) });
    const show = await screen.findAllByTestId('health-highlight');
    await fireEvent.click(show[0]!);
    await waitFor(() => expect(screen.getByTestId('highlighted-layers').textContent).toMatch(/Highlighted layers: \d/));
  });
});
