/// <reference path="../../src-renderer/env.d.ts" />
import { describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../src-shared/ipc/contract.js';
import type { RunRecord } from '../../src-shared/training/run.js';
import type { RunOptions } from '../../src-shared/training/run-options.js';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { RunFinishedEvent, RunLayersEvent, RunProgressEvent } from '../../src-shared/training/events.js';
import { ApiError } from '../../src-renderer/lib/api-error.js';
import { MAX_LAYER_SAMPLES, TrainingState } from '../../src-renderer/state/training.svelte.js';
import { epochMetrics, fakeApi, type FakeHandlers } from './fake-api.js';

const MODEL = { name: 'tiny' } as unknown as ModelSpec;
const OPTIONS: RunOptions = {
  epochs: 2,
  batch_size: 32,
  seed: 42,
  limit: 5000,
  backend: 'auto',
  dataset: 'fashion-mnist',
  optimizer: 'sgd',
  learning_rate: 0.001,
};
/** A stored run's model.json: the model with the run's options merged in. */
const STORED_MODEL: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'tiny',
  dataset: 'mnist',
  preprocess: 'scale',
  layers: [{ kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }],
  training: { optimizer: { name: 'adam', learning_rate: 0.002 }, epochs: 2, batch_size: 32, seed: 42 },
};
const RUN = '20261126-140000-tiny-1a2b';

function progress(run_id: string, step: number, fraction: number, loss: number): RunProgressEvent {
  return {
    run_id,
    sample: { epoch: fraction < 0.5 ? 1 : 2, step, loss, samples_done: Math.round(fraction * 10000), samples_total: 10000 },
    fraction,
    elapsed_seconds: step / 10,
    eta_seconds: step > 1 ? 30 - step / 10 : null,
    samples_per_second: step > 1 ? 2000 + step : null,
  };
}

function layersAt(run_id: string, step: number, grad = 1): RunLayersEvent {
  return {
    run_id,
    epoch: 1,
    step,
    layers: [
      { name: 'dense_1', grad_norm: grad / 10, act_mean: 0.2, act_std: 0.5, inactive_fraction: 0.01 },
      { name: 'dense_2', grad_norm: grad, act_mean: 0.1, act_std: 0.3, inactive_fraction: null },
    ],
  };
}

function finished(run_id: string, status: RunFinishedEvent['status'] = 'completed'): RunFinishedEvent {
  return { run_id, status, test_loss: 0.41, test_accuracy: 0.853, diverged_at: null, error: null };
}

function setup(handlers: FakeHandlers = {}) {
  const fake = fakeApi({
    'runs:start': async () => ({ run_id: RUN, options: OPTIONS, status: 'running', position: null }),
    'runs:stop': async ({ run_id }) => finished(run_id, 'stopped'),
    ...handlers,
  });
  const state = new TrainingState(fake.api);
  const off = state.connect();
  return { fake, state, off };
}

describe('TrainingState', () => {
  it('folds backend → progress → epoch → finished into the run’s state', async () => {
    const { fake, state } = setup();
    expect(state.status).toBe('idle');
    await state.start(MODEL, { epochs: 2, limit: 5000 });
    expect(fake.calls).toEqual([{ channel: 'runs:start', req: { model: MODEL, options: { epochs: 2, limit: 5000 } } }]);
    expect(state.runId).toBe(RUN);
    expect(state.status).toBe('running');
    expect(state.active).toBe(true);

    fake.emit('run:backend', { run_id: RUN, backend: { active: 'wasm', requested: 'auto', attempts: [] } });
    fake.emit('run:progress', progress(RUN, 1, 0.1, 2.3));
    fake.emit('run:progress', progress(RUN, 5, 0.4, 1.2));
    expect(state.backend?.active).toBe('wasm');
    expect(state.fraction).toBe(0.4);
    expect(state.latestLoss).toBe(1.2);
    expect(state.etaSeconds).toBe(29.5);
    expect(state.elapsedSeconds).toBe(0.5);
    expect(state.currentEpoch).toBe(1);
    expect(state.samples.map((s) => s.step)).toEqual([1, 5]);

    fake.emit('run:epoch', { run_id: RUN, metrics: epochMetrics(1) });
    expect(state.epochs.map((m) => m.epoch)).toEqual([1]);
    expect(state.diagnosis?.findings).toEqual(['vanishing']);

    fake.emit('run:progress', progress(RUN, 9, 0.9, 0.7));
    fake.emit('run:epoch', { run_id: RUN, metrics: epochMetrics(2, true) });
    expect(state.diagnosis).toMatchObject({ epoch: 2, findings: [] });

    fake.emit('run:finished', finished(RUN));
    expect(state.status).toBe('completed');
    expect(state.active).toBe(false);
    expect(state.fraction).toBe(1);
    expect(state.etaSeconds).toBeNull();
    expect(state.finished?.test_accuracy).toBe(0.853);

    // Late or repeated events change nothing once the run has ended.
    fake.emit('run:progress', progress(RUN, 10, 0.95, 5));
    fake.emit('run:finished', finished(RUN, 'failed'));
    expect(state.latestLoss).toBe(0.7);
    expect(state.status).toBe('completed');
  });

  it('ignores events of other runs', async () => {
    const { fake, state } = setup();
    await state.start(MODEL, {});
    fake.emit('run:backend', { run_id: 'other', backend: { active: 'cpu', requested: 'auto', attempts: [] } });
    fake.emit('run:progress', progress('other', 3, 0.5, 9));
    fake.emit('run:epoch', { run_id: 'other', metrics: epochMetrics(1) });
    fake.emit('run:finished', finished('other', 'failed'));
    expect(state.backend).toBeNull();
    expect(state.fraction).toBe(0);
    expect(state.latestLoss).toBeNull();
    expect(state.epochs).toEqual([]);
    expect(state.status).toBe('running');
  });

  it('keeps events that overtake the runs:start answer and applies those of its run', async () => {
    let answer!: (v: ResponseOf<'runs:start'>) => void;
    const { fake, state } = setup({ 'runs:start': () => new Promise((r) => (answer = r)) });
    const started = state.start(MODEL, {});
    expect(state.status).toBe('starting');
    fake.emit('run:backend', { run_id: RUN, backend: { active: 'wasm', requested: 'auto', attempts: [] } });
    fake.emit('run:progress', progress('other', 2, 0.5, 9));
    fake.emit('run:progress', progress(RUN, 2, 0.2, 1.5));
    answer({ run_id: RUN, options: OPTIONS, status: 'running', position: null });
    await started;
    expect(state.backend?.active).toBe('wasm');
    expect(state.latestLoss).toBe(1.5);
    expect(state.samples).toHaveLength(1);
  });

  it('rethrows a refused start as an ApiError and keeps the previous run on screen', async () => {
    const { fake, state } = setup();
    await state.start(MODEL, {});
    fake.emit('run:finished', finished(RUN));
    const refuse = setup({
      'runs:start': () => Promise.reject(Object.assign(new Error('options.epochs: expected ≤ 1000, received 5000'), { field: 'options.epochs' })),
    });
    const err = await refuse.state.start(MODEL, { epochs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ field: 'options.epochs' });
    expect(refuse.state.status).toBe('idle');

    // Same on a state that already shows a finished run.
    const before = state.finished;
    (fake.api as { invoke: unknown }).invoke = () => Promise.reject(new Error('disk full'));
    await expect(state.start(MODEL, {})).rejects.toThrow('disk full');
    expect(state.status).toBe('completed');
    expect(state.finished).toBe(before);
  });

  it('stops the run by id; the broadcast that follows changes nothing', async () => {
    const { fake, state } = setup();
    await state.start(MODEL, {});
    await state.stop();
    expect(fake.calls.at(-1)).toEqual({ channel: 'runs:stop', req: { run_id: RUN } });
    expect(state.status).toBe('stopped');
    expect(state.stopping).toBe(false);
    fake.emit('run:finished', finished(RUN, 'completed'));
    expect(state.status).toBe('stopped');
  });

  it('unsubscribes from every event', () => {
    const { fake, off } = setup();
    expect(fake.listenerCount('run:progress')).toBe(1);
    off();
    for (const c of ['run:queued', 'run:started', 'run:backend', 'run:progress', 'run:epoch', 'run:layers', 'run:finished'] as const) {
      expect(fake.listenerCount(c)).toBe(0);
    }
  });

  it('resync after a lost connection merges missed epochs and applies the final status from the run store', async () => {
    const { state } = setup({ 'runs:load': async ({ run_id }) => record(run_id, 'completed', [epochMetrics(1), epochMetrics(2)]) });
    await state.start(MODEL, {});
    await state.resync();
    expect(state.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(state.status).toBe('completed');
    expect(state.finished?.test_accuracy).toBe(0.81);
  });
});

describe('TrainingState with main’s training queue', () => {
  const queuedAnswer = (position: number): ResponseOf<'runs:start'> => ({ run_id: RUN, options: OPTIONS, status: 'queued', position });

  it('shows a start answered `queued` with its position, follows run:queued, and runs on run:started', async () => {
    const { fake, state } = setup({ 'runs:start': async () => queuedAnswer(2) });
    await state.start(MODEL, {});
    expect(state.status).toBe('queued');
    expect(state.queuePosition).toBe(2);
    expect(state.active).toBe(true);

    fake.emit('run:queued', { run_id: 'other', position: 1 });
    expect(state.queuePosition).toBe(2);
    fake.emit('run:queued', { run_id: RUN, position: 1 });
    expect(state.queuePosition).toBe(1);
    // Progress cannot belong to a queued run; nothing is drawn until it starts.
    expect(state.fraction).toBe(0);

    fake.emit('run:started', { run_id: RUN, started_at: '2026-11-26T14:02:00Z' });
    expect(state.status).toBe('running');
    expect(state.queuePosition).toBeNull();
    expect(state.active).toBe(true);
    fake.emit('run:progress', progress(RUN, 3, 0.3, 1.1));
    expect(state.fraction).toBe(0.3);

    // A stale position after the start changes nothing.
    fake.emit('run:queued', { run_id: RUN, position: 1 });
    expect(state.status).toBe('running');
    expect(state.queuePosition).toBeNull();
  });

  it('treats any later event of the run as its start when run:started was missed', async () => {
    const { fake, state } = setup({ 'runs:start': async () => queuedAnswer(1) });
    await state.start(MODEL, {});
    fake.emit('run:progress', progress(RUN, 2, 0.2, 1.4));
    expect(state.status).toBe('running');
    expect(state.queuePosition).toBeNull();
    expect(state.latestLoss).toBe(1.4);
  });

  it('applies a queue position announced before the runs:start answer', async () => {
    let answer!: (v: ResponseOf<'runs:start'>) => void;
    const { fake, state } = setup({ 'runs:start': () => new Promise((r) => (answer = r)) });
    const started = state.start(MODEL, {});
    // Main announces every queued run's place (this one's included) before it answers.
    fake.emit('run:queued', { run_id: 'ahead', position: 1 });
    fake.emit('run:queued', { run_id: RUN, position: 2 });
    fake.emit('run:queued', { run_id: RUN, position: 1 });
    answer(queuedAnswer(2));
    await started;
    expect(state.status).toBe('queued');
    expect(state.queuePosition).toBe(1);
  });

  it('stops a queued run: runs:stop is sent and the run ends `stopped`', async () => {
    const { fake, state } = setup({ 'runs:start': async () => queuedAnswer(3) });
    await state.start(MODEL, {});
    await state.stop();
    expect(fake.calls.at(-1)).toEqual({ channel: 'runs:stop', req: { run_id: RUN } });
    expect(state.status).toBe('stopped');
    expect(state.queuePosition).toBeNull();
    expect(state.active).toBe(false);
    expect(state.finished?.status).toBe('stopped');
  });

  it('ends a queued run stopped elsewhere (another window) on run:finished', async () => {
    const { fake, state } = setup({ 'runs:start': async () => queuedAnswer(1) });
    await state.start(MODEL, {});
    fake.emit('run:finished', { ...finished(RUN, 'stopped'), test_loss: null, test_accuracy: null });
    expect(state.status).toBe('stopped');
    expect(state.queuePosition).toBeNull();
  });

  it('refuses a second start itself while the run waits, and passes on main’s per-client refusal after a reload', async () => {
    const refusal = 'runs:start: this browser already has 1 run training or queued (limit 1 per client on this lab server); stop it or wait until it ends';
    const { fake, state } = setup({ 'runs:start': async () => queuedAnswer(1) });
    await state.start(MODEL, {});
    await expect(state.start(MODEL, {})).rejects.toThrow('a run is already active');
    expect(fake.calls.filter((c) => c.channel === 'runs:start')).toHaveLength(1);

    // A reloaded page of the same session knows nothing of its queued run; main does.
    const reloaded = setup({ 'runs:start': () => Promise.reject(new ApiError(refusal)) });
    await expect(reloaded.state.start(MODEL, {})).rejects.toThrow(refusal);
    expect(reloaded.state.status).toBe('idle');
  });

  it.each([
    ['still queued (main says it moved up to 1)', 'queued', 'queued', 1],
    ['started while offline', 'running', 'running', null],
    ['stopped while offline', 'stopped', 'stopped', null],
  ] as const)('resync of a queued run %s: status from runs:load', async (_, stored, shown, position) => {
    const { state } = setup({
      'runs:start': async () => queuedAnswer(2),
      'runs:load': async ({ run_id }) => record(run_id, stored, stored === 'running' ? [epochMetrics(1)] : []),
      'runs:mine': async () => (stored === 'queued' ? [{ run_id: RUN, status: 'queued' as const, position: 1 }] : []),
    });
    await state.start(MODEL, {});
    await state.resync();
    expect(state.status).toBe(shown);
    expect(state.queuePosition).toBe(position);
    expect(state.epochs).toHaveLength(stored === 'running' ? 1 : 0);
  });
});

describe('TrainingState finds its own run again after a reload (runs:mine)', () => {
  it.each([
    ['a queued run', 'queued', 3],
    ['a training run', 'running', null],
  ] as const)('adopts %s with its options, epochs and position', async (_, status, position) => {
    const { state } = setup({
      'runs:mine': async () => [{ run_id: RUN, status, position }],
      'runs:load': async ({ run_id }) => record(run_id, status, status === 'running' ? [epochMetrics(1), epochMetrics(2)] : []),
    });
    expect(await state.adoptMine()).toBe(true);
    expect(state.runId).toBe(RUN);
    expect(state.status).toBe(status);
    expect(state.queuePosition).toBe(position);
    expect(state.epochs).toHaveLength(status === 'running' ? 2 : 0);
    expect(state.options?.backend).toBe('auto');
    // Dataset, optimizer and learning rate are read from the stored (merged) model.
    expect(state.options).toMatchObject({ epochs: 2, dataset: 'mnist', optimizer: 'adam', learning_rate: 0.002 });
    expect(state.active).toBe(true);
  });

  it('adopts nothing when the client has no active run, and never replaces a run on screen', async () => {
    const none = setup({ 'runs:mine': async () => [] });
    expect(await none.state.adoptMine()).toBe(false);
    expect(none.state.status).toBe('idle');
    const busy = setup({ 'runs:start': async () => ({ run_id: RUN, options: OPTIONS, status: 'queued' as const, position: 1 }), 'runs:mine': async () => [{ run_id: 'other', status: 'running' as const, position: null }] });
    await busy.state.start(MODEL, {});
    expect(await busy.state.adoptMine()).toBe(false);
    expect(busy.state.runId).toBe(RUN);
  });
});

/** What runs:load answers for a run in `status` with `epochs`. */
function record(run_id: string, status: RunRecord['status']['status'], epochs: RunRecord['epochs']): RunRecord {
  const ended = status !== 'queued' && status !== 'running';
  return {
    id: run_id,
    model: STORED_MODEL,
    environment: null,
    status: {
      status,
      created_at: '2026-11-26T14:00:00Z',
      started_at: status === 'queued' ? null : '2026-11-26T14:00:00Z',
      finished_at: ended ? '2026-11-26T14:01:00Z' : null,
      ...(ended ? { test_accuracy: 0.81, test_loss: 0.5 } : {}),
      options: { epochs: 2, batch_size: 32, limit: 5000, seed: 42, backend: 'auto' },
    },
    epochs,
    batches: [],
    has_weights: ended,
    warnings: [],
  };
}

describe('TrainingState: throughput and layer samples between epochs', () => {
  it('keeps samples/s from progress, and the latest layer sample plus a history', async () => {
    const { fake, state } = setup();
    await state.start(MODEL, {});
    expect(state.samplesPerSecond).toBeNull();
    expect(state.latestLayers).toBeNull();
    fake.emit('run:progress', progress(RUN, 1, 0.1, 2.3));
    expect(state.samplesPerSecond).toBeNull();
    fake.emit('run:progress', progress(RUN, 8, 0.2, 2.0));
    expect(state.samplesPerSecond).toBe(2008);

    fake.emit('run:layers', layersAt(RUN, 4, 1));
    fake.emit('run:layers', layersAt(RUN, 9, 2));
    fake.emit('run:layers', layersAt('another-run', 12, 3));
    fake.emit('run:layers', layersAt(RUN, 9, 5)); // a repeat of step 9 is dropped
    expect(state.layerSamples.map((s) => s.step)).toEqual([4, 9]);
    expect(state.latestLayers).toEqual({ epoch: 1, step: 9, layers: layersAt(RUN, 9, 2).layers });
    expect(state.latestLayers?.layers.map((l) => l.grad_norm)).toEqual([0.2, 2]);
  });

  it('bounds the history by thinning it evenly, keeping the first and the newest', async () => {
    const { fake, state } = setup();
    await state.start(MODEL, {});
    for (let step = 1; step <= MAX_LAYER_SAMPLES + 1; step++) fake.emit('run:layers', layersAt(RUN, step));
    const steps = state.layerSamples.map((s) => s.step);
    expect(steps.length).toBeLessThanOrEqual(MAX_LAYER_SAMPLES);
    expect(steps[0]).toBe(1);
    expect(steps.at(-1)).toBe(MAX_LAYER_SAMPLES + 1);
  });

  it('a new run starts with no layer samples and no throughput', async () => {
    const { fake, state } = setup();
    await state.start(MODEL, {});
    fake.emit('run:layers', layersAt(RUN, 3));
    fake.emit('run:progress', progress(RUN, 8, 0.2, 2.0));
    fake.emit('run:finished', finished(RUN));
    await state.start(MODEL, {});
    expect(state.layerSamples).toEqual([]);
    expect(state.latestLayers).toBeNull();
    expect(state.samplesPerSecond).toBeNull();
  });

  it('ignores layer samples while queued only until the run starts', async () => {
    const { fake, state } = setup({ 'runs:start': async () => ({ run_id: RUN, options: OPTIONS, status: 'queued' as const, position: 2 }) });
    await state.start(MODEL, {});
    fake.emit('run:layers', layersAt(RUN, 3));
    // Any sign of training means the run left the queue.
    expect(state.status).toBe('running');
    expect(state.layerSamples.map((s) => s.step)).toEqual([3]);
  });
});
