/// <reference path="../../src-renderer/env.d.ts" />
/**
 * The runs area against a fake API: the list with a damaged run, sorting and filtering,
 * a run opened with its environment, rename/tags/note saved, delete and undo, re-run
 * handing over to the training screen, and two runs compared with the model diff.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { parseModel } from '../../src-shared/model/validate.js';
import type { RunRecord, RunSummary } from '../../src-shared/training/run.js';
import type { EpochMetrics } from '../../src-shared/training/metrics.js';
import RunsView from '../../src-renderer/features/runs/RunsView.svelte';
import { RunsState } from '../../src-renderer/features/runs/runs-state.svelte.js';
import { locale } from '../../src-renderer/i18n/index.js';
import { fakeApi, type FakeHandlers } from './fake-api.js';
import relu100 from '../../examples/relu-100.json';
import selu100 from '../../examples/selu-100.json';

function model(doc: unknown): ModelSpec {
  const r = parseModel(doc);
  if (!r.ok) throw new Error('invalid example');
  return r.model;
}
const RELU = model(relu100);
const SELU = model(selu100);
const A = '20261130-010000-relu-100-aaaa';
const B = '20261130-020000-selu-100-bbbb';
const BAD = '20261130-030000-broken-cccc';

function summary(id: string, over: Partial<RunSummary>): RunSummary {
  return {
    id,
    name: 'x',
    dataset: 'fashion-mnist',
    status: 'completed',
    created_at: `2026-11-30T${id.slice(9, 11)}:00:00.000Z`,
    started_at: null,
    finished_at: null,
    options: { epochs: 2, batch_size: 32, limit: 1000, seed: 7, backend: 'wasm' },
    epochs_done: 2,
    last_val_accuracy: 0.5,
    has_weights: true,
    tags: [],
    note: '',
    display_name: null,
    best_val_accuracy: 0.5,
    test_accuracy: 0.5,
    duration_seconds: 10,
    backend: 'wasm',
    activations: ['relu'],
    initializers: ['he_normal'],
    ...over,
  };
}

function epochs(vals: number[]): EpochMetrics[] {
  return vals.map((v, i) => ({ epoch: i + 1, loss: 1, accuracy: v, val_loss: 1, val_accuracy: v, seconds: 3, layers: [] }));
}

function record(id: string, m: ModelSpec, vals: number[]): RunRecord {
  return {
    id,
    model: m,
    environment: {
      backend: 'wasm',
      backend_requested: 'auto',
      backend_attempts: [{ name: 'tensorflow-gpu', ok: false, reason: 'not installed' }, { name: 'wasm', ok: true, reason: 'loaded' }],
      tfjs_version: '4.22.0',
      app_version: '0.1.0',
      node_version: 'v20',
      electron_version: null,
      platform: 'linux',
      arch: 'x64',
      cpu_model: 'cpu',
      cpu_count: 2,
      memory_bytes: 1,
      hostname: 'h',
      threads: 1,
      thread_limit: 'small_batch',
    },
    status: { status: 'completed', created_at: '', started_at: null, finished_at: null, options: { epochs: 2, batch_size: 32, limit: 1000, seed: 7, backend: 'wasm' }, test_accuracy: vals.at(-1) ?? null },
    epochs: epochs(vals),
    batches: [],
    has_weights: true,
    warnings: [],
  };
}

let list: RunSummary[];

function setup(handlers: FakeHandlers = {}) {
  list = [
    summary(A, { name: RELU.name, best_val_accuracy: 0.61, activations: ['relu'], tags: ['baseline'] }),
    summary(B, { name: SELU.name, best_val_accuracy: 0.74, activations: ['selu'], initializers: ['lecun_normal'] }),
    summary(BAD, { name: null, status: 'failed', damaged: 'metrics.jsonl', error: 'metrics.jsonl: line 2 is not valid JSON', best_val_accuracy: null }),
  ];
  const records: Record<string, RunRecord> = { [A]: record(A, RELU, [0.55, 0.61]), [B]: record(B, SELU, [0.7, 0.74]) };
  const fake = fakeApi({
    'runs:list': async () => list,
    'runs:load': async ({ run_id }) => {
      const r = records[run_id];
      if (!r) throw { message: `run_id: no run ${run_id}`, field: 'run_id' };
      return r;
    },
    'runs:update': async (req) => {
      const s = list.find((r) => r.id === req.run_id)!;
      const next = { ...s, ...(req.name !== undefined ? { display_name: req.name } : {}), ...(req.tags ? { tags: req.tags } : {}), ...(req.note !== undefined ? { note: req.note } : {}) };
      list = list.map((r) => (r.id === s.id ? next : r));
      return next;
    },
    'runs:delete': async ({ run_id }) => {
      list = list.filter((r) => r.id !== run_id);
      return { run_id };
    },
    'runs:restore': async ({ run_id }) => {
      list = [...list, summary(run_id, { name: RELU.name })];
      return { run_id };
    },
    ...handlers,
  });
  const runs = new RunsState(fake.api);
  const opened = vi.fn();
  const started = vi.fn();
  render(RunsView, { props: { api: fake.api, runs, theme: 'light', visible: true, runsDir: '/tmp/runs', onOpenModel: opened, onStarted: started } });
  return { fake, runs, opened, started };
}

const rowIds = () => screen.getAllByTestId('runs-row').map((r) => r.dataset['runId']);

beforeEach(() => {
  locale.set('en');
  vi.spyOn(console, 'error').mockImplementation(() => {}); // jsdom has no canvas for the charts
});

describe('RunsView', () => {
  it('lists every run, damaged ones with the reason, newest first, and sorts and filters', async () => {
    const { fake } = setup();
    await waitFor(() => expect(rowIds()).toEqual([BAD, B, A]));
    const bad = screen.getAllByTestId('runs-row')[0]!;
    expect(bad.dataset['status']).toBe('damaged');
    expect(within(bad).getByTestId('runs-reason').textContent).toContain('line 2 is not valid JSON');
    await fireEvent.click(screen.getByTestId('runs-sort-best_val'));
    expect(rowIds()).toEqual([B, A, BAD]);
    await fireEvent.change(screen.getByTestId('runs-filter-activation'), { target: { value: 'selu' } });
    expect(rowIds()).toEqual([B]);
    expect(screen.getByTestId('runs-count').textContent).toBe('1 of 3 runs');
    await fireEvent.click(screen.getByTestId('runs-clear-filters'));
    await fireEvent.input(screen.getByTestId('runs-search'), { target: { value: 'baseline' } });
    expect(rowIds()).toEqual([A]);
    // A change on disk (another process) re-reads the list.
    list = [...list, summary('20261130-040000-new-dddd', { name: 'baseline 2', tags: ['baseline'] })];
    fake.emit('runs:changed', { count: 4 });
    await waitFor(() => expect(rowIds()).toHaveLength(2));
  });

  it('opens a run: environment, options, metadata saved, and hands its model to the editor', async () => {
    const { opened, runs } = setup();
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    const row = screen.getAllByTestId('runs-row').find((r) => r.dataset['runId'] === A)!;
    await fireEvent.click(within(row).getByTestId('runs-open'));
    await waitFor(() => expect(screen.getByTestId('run-detail').dataset['runId']).toBe(A));
    expect(screen.getByTestId('run-detail-environment').textContent).toContain('tensorflow-gpu: not installed');
    expect(screen.getByTestId('run-detail').textContent).toContain('seed 7');
    // Threads and why fewer than the cores (small batch: one thread is faster there).
    expect(screen.getByTestId('run-threads').textContent).toMatch(/Trained on 1 of 2 CPU cores at most\.\s+Fewer threads than cores: each thread needs at least 64 rows/);
    await fireEvent.input(screen.getByTestId('run-name-input'), { target: { value: 'ReLU baseline' } });
    await fireEvent.input(screen.getByTestId('run-tags-input'), { target: { value: 'baseline, relu' } });
    await fireEvent.click(screen.getByTestId('run-save'));
    await waitFor(() => expect(runs.runs.find((r) => r.id === A)?.display_name).toBe('ReLU baseline'));
    expect(runs.runs.find((r) => r.id === A)?.tags).toEqual(['baseline', 'relu']);
    await fireEvent.click(screen.getByTestId('run-open-editor'));
    expect(opened).toHaveBeenCalledWith(RELU);
  });

  it('re-runs through main and hands over to the training screen; a refusal is shown', async () => {
    const { started, fake } = setup({
      'runs:rerun': async () => ({ run_id: '20261130-050000-relu-100-eeee', options: { epochs: 2, batch_size: 32, seed: 7, limit: 1000, backend: 'wasm', dataset: 'fashion-mnist', optimizer: 'sgd', learning_rate: 0.001 }, status: 'running', position: null }),
      'runs:continue': async () => Promise.reject({ message: 'run_id: the run has no weights', field: 'run_id' }),
    });
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    await fireEvent.click(within(screen.getAllByTestId('runs-row').find((r) => r.dataset['runId'] === A)!).getByTestId('runs-open'));
    await waitFor(() => screen.getByTestId('run-detail'));
    await fireEvent.click(screen.getByTestId('run-rerun'));
    await waitFor(() => expect(started).toHaveBeenCalledOnce());
    expect(fake.calls.find((c) => c.channel === 'runs:rerun')?.req).toEqual({ run_id: A });
    await fireEvent.click(screen.getByTestId('run-continue'));
    await waitFor(() => expect(screen.getByTestId('runs-error').textContent).toContain('no weights'));
    expect(fake.calls.find((c) => c.channel === 'runs:continue')?.req).toEqual({ run_id: A, epochs: 5 });
  });

  it('deletes a run and undoes it', async () => {
    const { runs } = setup();
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    await fireEvent.click(within(screen.getAllByTestId('runs-row').find((r) => r.dataset['runId'] === A)!).getByTestId('runs-open'));
    await waitFor(() => screen.getByTestId('run-detail'));
    await fireEvent.click(screen.getByTestId('run-delete'));
    await waitFor(() => expect(runs.page.kind).toBe('list'));
    expect(rowIds()).not.toContain(A);
    expect(screen.getByTestId('runs-deleted').textContent).toContain('Deleted');
    await fireEvent.click(screen.getByTestId('runs-undo-delete'));
    await waitFor(() => expect(rowIds()).toContain(A));
    expect(screen.queryByTestId('runs-deleted')).toBeNull();
  });

  it('compares two runs: metrics with the best marked, and the diff in one grouped line per field', async () => {
    setup();
    await waitFor(() => expect(rowIds()).toHaveLength(3));
    expect((screen.getByTestId('runs-compare') as HTMLButtonElement).disabled).toBe(true);
    for (const id of [A, B]) {
      await fireEvent.click(within(screen.getAllByTestId('runs-row').find((r) => r.dataset['runId'] === id)!).getByTestId('runs-select'));
    }
    await fireEvent.click(screen.getByTestId('runs-compare'));
    await waitFor(() => screen.getByTestId('compare-view'));
    expect(screen.getByTestId('compare-row-best_val_accuracy').dataset['best']).toBe('1');
    const lines = screen.getAllByTestId('compare-diff-line').map((l) => l.textContent ?? '');
    expect(lines.some((l) => /relu → selu/.test(l))).toBe(true);
    expect(lines.some((l) => /he_normal → lecun_normal/.test(l))).toBe(true);
    expect(lines.length).toBeLessThan(10); // grouped, not one line per layer of the 100
    locale.set('ko');
    await waitFor(() => expect(screen.getByTestId('compare-view').textContent).toContain('최고 검증 정확도'));
  });
});
