/// <reference path="../../src-renderer/env.d.ts" />
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo, ExampleModel } from '../../src-shared/ipc/contract.js';
import type { BackendInfoPayload } from '../../src-shared/training/events.js';
import App from '../../src-renderer/App.svelte';
import { locale } from '../../src-renderer/i18n/index.js';
import type { Connection } from '../../src-renderer/lib/api.js';
import { ApiError } from '../../src-renderer/lib/api-error.js';
import { AppState } from '../../src-renderer/state/app.svelte.js';
import { TrainingState } from '../../src-renderer/state/training.svelte.js';
import { WizardState } from '../../src-renderer/features/wizard/wizard.svelte.js';
import { RunsState } from '../../src-renderer/features/runs/runs-state.svelte.js';
import { EditorState } from '../../src-renderer/features/editor/editor.svelte.js';
import { epochMetrics, fakeApi, type FakeHandlers } from './fake-api.js';
import leakyRelu from '../../examples/leaky-relu.json';
import { parseModel } from '../../src-shared/model/index.js';

const INFO: AppInfo = {
  app_version: '0.1.0',
  shell: 'lab',
  platform: 'linux',
  runs_dir: '/runs',
  can_change_runs_dir: false,
  can_change_settings: false,
  can_browse: false,
  max_concurrent_runs: 3,
  max_runs_per_client: 1,
  cpu_count: 4,
};
const PROBE: BackendInfoPayload = {
  active: 'wasm',
  requested: 'auto',
  attempts: [
    { name: 'tensorflow-gpu', ok: false, reason: 'libcudart.so.11.0: cannot open shared object file' },
    { name: 'tensorflow', ok: false, reason: '@tensorflow/tfjs-node is not installed' },
    { name: 'wasm', ok: true, reason: '' },
  ],
};
// The shipped example itself (what the app starts with open in the editor), not a hand-copied stand-in.
const parsed = parseModel(leakyRelu);
if (!parsed.ok) throw new Error('examples/leaky-relu.json is invalid');
const EXAMPLE: ExampleModel = { id: 'leaky-relu', model: parsed.model };
const RUN = '20261126-140000-leaky-relu-1a2b';

const connection: Connection = {
  shell: 'lab',
  state: () => ({ kind: 'open' }),
  subscribe: () => () => {},
  reconnectNow: () => {},
};

function renderApp(handlers: FakeHandlers = {}) {
  const fake = fakeApi({
    'app:info': async () => INFO,
    'backends:probe': async () => PROBE,
    'models:examples': async () => [EXAMPLE],
    ...handlers,
  });
  const app = new AppState(fake.api, connection);
  const training = new TrainingState(fake.api);
  // As main.ts does: the app starts with the LeakyReLU example open in the editor.
  const editor = new EditorState();
  editor.open(EXAMPLE.model, null);
  app.start();
  training.connect();
  render(App, { props: { app, training, api: fake.api, editor, wizard: new WizardState(), runs: new RunsState(fake.api) } });
  return { fake, app, training, editor };
}

beforeEach(() => {
  locale.set('en');
  history.replaceState(null, '', '/');
  // Chart.js reports the missing canvas context of jsdom; that is expected here.
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe('app shell', () => {
  it('shows version, shell and "probing…" until the probe answers, then the backend and why no GPU', async () => {
    let answer!: (p: BackendInfoPayload) => void;
    const { fake } = renderApp({ 'backends:probe': () => new Promise((r) => (answer = r)) });
    expect(screen.getByTestId('backend-status').textContent?.trim()).toBe('Backend: probing…');
    await waitFor(() => expect(screen.getByTestId('app-version').textContent).toBe('Version 0.1.0'));
    expect(screen.getByTestId('app-shell').textContent).toBe('Lab (browser)');
    answer(PROBE);
    await waitFor(() => expect(screen.getByTestId('backend-status').textContent?.trim()).toBe('Backend: wasm'));
    expect(screen.getByTestId('gpu-note').textContent).toContain('tensorflow-gpu — libcudart.so.11.0');
    expect(fake.calls.filter((c) => c.channel === 'backends:probe')).toEqual([{ channel: 'backends:probe', req: { backend: 'auto' } }]);
  });

  it('switches areas with Alt+digit and with the arrow keys', async () => {
    renderApp();
    expect(screen.getByTestId('nav-training').getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(window, { key: '3', code: 'Digit3', altKey: true });
    expect(screen.getByTestId('nav-wizard').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('panel-wizard').hidden).toBe(false);
    expect(screen.getByTestId('panel-training').hidden).toBe(true);
    expect(screen.getByTestId('wizard-view').textContent).toContain('Recommendation');
    await fireEvent.keyDown(screen.getByTestId('nav-wizard'), { key: 'ArrowDown' });
    expect(screen.getByTestId('nav-training').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('nav-training'));
  });

  it('opens the settings area with Alt+6, its nav tab and End', async () => {
    const { fake } = renderApp();
    expect(screen.getAllByRole('tab')).toHaveLength(6);
    await fireEvent.keyDown(window, { key: '6', code: 'Digit6', altKey: true });
    expect(screen.getByTestId('nav-settings').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('nav-settings').getAttribute('aria-keyshortcuts')).toBe('Alt+6');
    expect(screen.getByTestId('panel-settings').hidden).toBe(false);
    expect(location.hash).toBe('#settings');
    await waitFor(() => expect(screen.getByTestId('concurrency-current').textContent).toBe('Trainings at once on this machine: 3'));
    await fireEvent.keyDown(screen.getByTestId('nav-settings'), { key: 'Home' });
    await fireEvent.keyDown(screen.getByTestId('nav-editor'), { key: 'End' });
    expect(document.activeElement).toBe(screen.getByTestId('nav-settings'));
    // The shell asked for app:info once; the settings area reads the same AppState.
    expect(fake.calls.filter((c) => c.channel === 'app:info')).toHaveLength(1);
  });

  it('switches language from the top bar', async () => {
    renderApp();
    await fireEvent.click(screen.getByTestId('language-ko'));
    expect(screen.getByTestId('nav-editor').textContent).toContain('모델 편집기');
    expect(screen.getByTestId('nav-runs').textContent).toContain('실행 기록');
    expect(document.documentElement.lang).toBe('ko');
    expect(screen.getByTestId('language-ko').getAttribute('aria-pressed')).toBe('true');
  });
});

describe('training screen', () => {
  it('shows the editor’s model and its layer stack, and leads to the editor', async () => {
    renderApp();
    expect(screen.queryByTestId('example-picker')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('editor-model-name').textContent).toBe(EXAMPLE.model.name));
    expect(screen.getByTestId('editor-model-layers').textContent).toBe('Layers: 6');
    // The editor area (hidden) has layer rows too: read the training screen's table.
    const rows = within(screen.getByTestId('panel-training')).getAllByTestId('layer-row');
    expect(rows).toHaveLength(6);
    expect(rows[1]?.textContent).toMatch(/dense\s*300\s*linear\s*he_normal/);
    expect(rows[2]?.textContent).toContain('leaky_relu(alpha=0.2)');
    await fireEvent.click(screen.getByTestId('edit-model'));
    expect(screen.getByTestId('nav-editor').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('panel-editor').hidden).toBe(false);
  });

  it('shows a refused start in the alert region and keeps the typed settings', async () => {
    renderApp({
      'runs:start': () => Promise.reject(new ApiError('model: layers[1].units: expected ≥ 1, received 0', { field: 'model' })),
    });
    await waitFor(() => screen.getByTestId('editor-model-name'));
    await fireEvent.input(screen.getByTestId('epochs-input'), { target: { value: '7' } });
    await fireEvent.click(screen.getByTestId('start-button'));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toContain('layers[1].units: expected ≥ 1, received 0'));
    expect(screen.getByTestId<HTMLInputElement>('epochs-input').value).toBe('7');
    expect(screen.getByTestId('run-status').dataset.status).toBe('idle');
  });

  it('shows a queued start with its place and the machine’s limit; Stop takes it out of the queue', async () => {
    const { fake } = renderApp({
      'runs:start': async ({ options }) => ({
        run_id: RUN,
        options: { epochs: options.epochs ?? 10, batch_size: 32, seed: 42, limit: options.limit ?? null, backend: 'auto', dataset: 'fashion-mnist', optimizer: 'sgd', learning_rate: 0.001 },
        status: 'queued',
        position: 2,
      }),
      'runs:stop': async ({ run_id }) => ({ run_id, status: 'stopped', test_loss: null, test_accuracy: null, diverged_at: null, error: null }),
    });
    await waitFor(() => screen.getByTestId('editor-model-name'));
    await fireEvent.click(screen.getByTestId('start-button'));
    await waitFor(() => expect(screen.getByTestId('run-status').dataset.status).toBe('queued'));
    expect(screen.getByTestId('run-status').textContent?.trim()).toBe('Queued');
    const queue = screen.getByTestId('queue-status');
    expect(queue.textContent).toContain('Queued — position 2 (3 trainings at once on this machine)');
    expect(screen.queryByTestId('progress-bar')).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>('start-button').disabled).toBe(true);
    expect(screen.getByTestId<HTMLButtonElement>('stop-button').disabled).toBe(false);

    fake.emit('run:queued', { run_id: RUN, position: 1 });
    await waitFor(() => expect(screen.getByTestId('queue-status').dataset.position).toBe('1'));
    locale.set('ko');
    await waitFor(() =>
      expect(screen.getByTestId('queue-status').textContent).toContain('대기 중 — 1번째 순서 (이 컴퓨터에서는 한 번에 3개까지 훈련합니다)'),
    );
    expect(screen.getByTestId('run-status').textContent?.trim()).toBe('대기 중');
    locale.set('en');

    await fireEvent.click(screen.getByTestId('stop-button'));
    await waitFor(() => expect(screen.getByTestId('run-status').dataset.status).toBe('stopped'));
    expect(fake.calls.at(-1)).toEqual({ channel: 'runs:stop', req: { run_id: RUN } });
    expect(screen.queryByTestId('queue-status')).toBeNull();
    expect(screen.getByTestId<HTMLButtonElement>('start-button').disabled).toBe(false);
  });

  it('shows main’s per-client refusal in the alert region, in the UI language', async () => {
    const refusal =
      'This browser already has 1 run(s) training or queued (limit 1 per browser on this lab server). Stop it or wait until it ends.';
    renderApp({
      'runs:start': () => Promise.reject(new ApiError(refusal, { messageCode: 'queue.per_client', params: { held: 1, limit: 1 } })),
    });
    await waitFor(() => screen.getByTestId('editor-model-name'));
    await fireEvent.click(screen.getByTestId('start-button'));
    await waitFor(() => expect(screen.getByTestId('api-error').textContent).toContain(refusal));
    expect(screen.getByTestId('run-status').dataset.status).toBe('idle');
    // Already on screen, it follows a language switch.
    locale.set('ko');
    await waitFor(() => expect(screen.getByTestId('api-error').textContent).toContain('이 브라우저에는 이미 학습 중이거나 대기 중인 실행이 1개 있습니다'));
  });

  it('follows a run from Start to the test accuracy', async () => {
    const { fake } = renderApp({
      'runs:start': async ({ options }) => ({
        run_id: RUN,
        options: { epochs: options.epochs ?? 10, batch_size: 32, seed: 42, limit: options.limit ?? null, backend: 'auto', dataset: 'fashion-mnist', optimizer: 'sgd', learning_rate: 0.001 },
        status: 'running',
        position: null,
      }),
    });
    await waitFor(() => screen.getByTestId('editor-model-name'));
    await fireEvent.input(screen.getByTestId('epochs-input'), { target: { value: '2' } });
    await fireEvent.click(screen.getByTestId('start-button'));
    await waitFor(() => expect(screen.getByTestId('run-status').dataset.status).toBe('running'));
    expect(fake.calls.find((c) => c.channel === 'runs:start')?.req).toMatchObject({
      model: EXAMPLE.model,
      options: { epochs: 2, batch_size: 32, limit: 5000 },
    });
    expect(screen.getByTestId('stop-button')).toBeTruthy();

    fake.emit('run:progress', {
      run_id: RUN,
      sample: { epoch: 1, step: 40, loss: 0.6123, samples_done: 1280, samples_total: 10000 },
      fraction: 0.128,
      elapsed_seconds: 3.2,
      eta_seconds: 75, samples_per_second: null,
    });
    fake.emit('run:epoch', { run_id: RUN, metrics: epochMetrics(1) });
    await waitFor(() => expect(screen.getByTestId('eta').textContent?.trim()).toBe('Remaining 01:15'));
    expect(screen.getByTestId('progress-percent').textContent).toBe('12.8%');
    expect(screen.getByTestId('latest-loss').textContent).toBe('0.6123');
    expect(screen.getByTestId('progress-bar').getAttribute('aria-valuenow')).toBe('12.8');
    const row = screen.getByTestId('epoch-row');
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1.0000', '51.00%', '1.1000', '49.00%', '1.0e-4', '2.5']); // loss, acc, val loss, val acc, first/last gradient ratio, seconds
    expect(screen.getByTestId('diagnosis').dataset.findings).toBe('vanishing');
    expect(screen.getByTestId('diagnosis').textContent).toContain('Vanishing gradients');

    locale.set('ko');
    await waitFor(() => expect(screen.getByTestId('diagnosis').textContent).toContain('그레이디언트 소실'));
    locale.set('en');

    fake.emit('run:finished', { run_id: RUN, status: 'completed', test_loss: 0.45, test_accuracy: 0.8537, diverged_at: null, error: null });
    await waitFor(() => expect(screen.getByTestId('run-status').dataset.status).toBe('completed'));
    expect(screen.getByTestId('run-status').textContent?.trim()).toBe('Completed');
    expect(screen.getByTestId('test-accuracy').textContent).toBe('Test accuracy: 85.37%');
    expect(screen.queryByTestId('stop-button')).toBeNull();
  });
});
