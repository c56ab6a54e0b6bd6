/**
 * runs:rerun and runs:continue over the contract, with the real training process on the
 * real dataset (a tiny model, 500 images): a re-run repeats the original's per-epoch
 * metrics exactly (same seed, wasm), a continuation starts where the original ended, and
 * stored runs that cannot be trained again are refused with a coded message naming them.
 */
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../../src-main/services/app-services.js';
import { dispatch, type DispatchResult } from '../../../src-main/services/dispatch.js';
import { collectEnvironment } from '../../../src-main/services/environment.js';
import { RunStore } from '../../../src-main/runs/index.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import type { RunStartAnswer } from '../../../src-shared/runs/types.js';
import type { RunFinishedEvent } from '../../../src-shared/training/events.js';
import type { EpochMetrics } from '../../../src-shared/training/metrics.js';
import type { RunOptionsRecord } from '../../../src-shared/training/run.js';
import { tempDir } from '../../helpers/tmp.js';

const tiny: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'tiny',
  dataset: 'fashion-mnist',
  preprocess: 'scale',
  layers: [
    { kind: 'flatten' },
    { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal' },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
  training: { optimizer: { name: 'sgd', learning_rate: 0.01, momentum: 0.9 }, epochs: 2, batch_size: 32, seed: 11 },
};
const options = { epochs: 2, batch_size: 32, limit: 500, seed: 11, backend: 'wasm' } as const;

let t: { dir: string; cleanup: () => void };
let s: AppServices;
let store: RunStore;
const ended = new Map<string, RunFinishedEvent>();
const waiting = new Map<string, (e: RunFinishedEvent) => void>();
/** The original run: 2 epochs from the seed's initialization. */
let original: string;

function finished(id: string): Promise<RunFinishedEvent> {
  const e = ended.get(id);
  return e ? Promise.resolve(e) : new Promise((resolve) => waiting.set(id, resolve));
}

const ctx = (client = 'local') => ({ transport: 'lab', client }) as const;

function answer(r: DispatchResult): RunStartAnswer {
  if (!r.ok) throw new Error(`refused: ${r.error.message}`);
  return r.result as RunStartAnswer;
}

/** Epoch metrics without the wall-clock time (the one thing a re-run cannot repeat). */
const metricsOf = (id: string): Omit<EpochMetrics, 'seconds'>[] => store.load(id).epochs.map(({ seconds: _s, ...rest }) => rest);
const statusJson = (id: string) => JSON.parse(readFileSync(join(store.runDir(id), 'status.json'), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  t = tempDir();
  s = createAppServices({ shell: 'lab', runsDir: t.dir, canChangeRunsDir: false, maxConcurrentRuns: 2, maxRunsPerClient: 1, log: () => undefined });
  s.events.on('run:finished', (e) => {
    ended.set(e.run_id, e);
    waiting.get(e.run_id)?.(e);
  });
  store = new RunStore(t.dir);
  original = answer(await dispatch(s.handlers, 'runs:start', { model: tiny, options }, ctx())).run_id;
  expect((await finished(original)).status).toBe('completed');
}, 120_000);

afterAll(async () => {
  await s?.dispose();
  t?.cleanup();
});

describe('runs:rerun', () => {
  it('trains the same model with the same options and seed, and repeats every epoch exactly', async () => {
    const a = answer(await dispatch(s.handlers, 'runs:rerun', { run_id: original }, ctx()));
    expect(a.run_id).not.toBe(original);
    expect(a).toMatchObject({ status: 'running', position: null, options: { ...options, dataset: 'fashion-mnist', optimizer: 'sgd', learning_rate: 0.01 } });
    expect((await finished(a.run_id)).status).toBe('completed');
    expect(metricsOf(original)).toHaveLength(2);
    expect(metricsOf(a.run_id)).toEqual(metricsOf(original));
    expect(store.load(a.run_id).model).toEqual(store.load(original).model);
    expect(statusJson(a.run_id)).not.toHaveProperty('continued_from');
  }, 60_000);

  it('goes through the queue as the asking client: its per-client limit applies', async () => {
    const first = answer(await dispatch(s.handlers, 'runs:rerun', { run_id: original }, ctx('student')));
    const second = await dispatch(s.handlers, 'runs:rerun', { run_id: original }, ctx('student'));
    expect(second).toMatchObject({ ok: false, error: { code: 'queue.per_client', params: { held: 1, limit: 1 } } });
    await dispatch(s.handlers, 'runs:stop', { run_id: first.run_id }, ctx('student'));
    expect((await finished(first.run_id)).status).toBe('stopped');
  }, 60_000);
});

describe('runs:continue', () => {
  let continued: string;

  it('starts a new run from the saved weights: its first epoch is at the level the original ended at', async () => {
    const a = answer(await dispatch(s.handlers, 'runs:continue', { run_id: original, epochs: 1 }, ctx()));
    continued = a.run_id;
    expect(a.options).toMatchObject({ ...options, epochs: 1 });
    expect((await finished(continued)).status).toBe('completed');
    const before = metricsOf(original);
    const after = metricsOf(continued);
    expect(after).toHaveLength(1);
    // A fresh start with this seed begins at the original's first epoch; the continuation is far below it.
    expect(after[0]!.loss).toBeLessThan(before[0]!.loss * 0.75);
    expect(after[0]!.loss).toBeLessThan(before[1]!.loss * 1.1);
    expect(after[0]!.val_accuracy).toBeGreaterThan(before[0]!.val_accuracy);
    const status = statusJson(continued);
    expect(status.continued_from).toBe(original);
    expect(status.options).toEqual({ ...options, epochs: 1 } satisfies RunOptionsRecord);
    expect(store.load(continued).model?.training.epochs).toBe(1);
    // The original is left as it was.
    expect(metricsOf(original)).toEqual(before);
    expect(statusJson(original)).not.toHaveProperty('continued_from');
  }, 60_000);

  it("a re-run of the continued run starts from the same weights again and repeats it", async () => {
    const a = answer(await dispatch(s.handlers, 'runs:rerun', { run_id: continued }, ctx()));
    expect((await finished(a.run_id)).status).toBe('completed');
    expect(statusJson(a.run_id).continued_from).toBe(original);
    expect(metricsOf(a.run_id)).toEqual(metricsOf(continued));
  }, 60_000);

  it('weights that do not fit the model fail the new run, naming the mismatch', async () => {
    const copy = '20260101-000000-tiny-edited-0001';
    cpSync(store.runDir(original), store.runDir(copy), { recursive: true });
    const model = JSON.parse(readFileSync(join(store.runDir(copy), 'model.json'), 'utf8')) as ModelSpec;
    model.layers[1] = { kind: 'dense', units: 16, activation: 'relu', kernel_initializer: 'he_normal' };
    writeFileSync(join(store.runDir(copy), 'model.json'), JSON.stringify(model));
    const a = answer(await dispatch(s.handlers, 'runs:continue', { run_id: copy, epochs: 1 }, ctx()));
    const done = await finished(a.run_id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/the saved weights do not fit this model: dense_1\/kernel: saved with shape \[784, 32\], the model has \[784, 16\]/);
    expect(store.load(a.run_id).epochs).toEqual([]);
  }, 60_000);
});

describe('refusals', () => {
  const env = () => collectEnvironment(null, null);
  const record: RunOptionsRecord = { ...options };
  /** A stored run in a given state, written the store's way (no training needed to refuse it). */
  function stored(status: 'completed' | 'stopped' | 'diverged' | 'failed' | 'running' | 'queued', patch: Record<string, unknown> = {}): string {
    const h = store.create({ model: tiny, environment: env(), options: record, status: status === 'queued' ? 'queued' : 'running' });
    if (status !== 'running' && status !== 'queued') h.setStatus({ status, finished_at: new Date().toISOString(), ...patch });
    return h.id;
  }
  /** A completed run with the original's weights, damaged by `harm`. */
  function withWeights(harm: (dir: string) => void = () => undefined): string {
    const id = stored('completed');
    cpSync(join(store.runDir(original), 'weights'), join(store.runDir(id), 'weights'), { recursive: true });
    harm(store.runDir(id));
    return id;
  }

  it.each<[string, () => string, 'runs:rerun' | 'runs:continue', string, RegExp]>([
    ['an unknown run (re-run)', () => '20200101-000000-gone-beef', 'runs:rerun', 'restart.unknown_run', /There is no run 20200101-000000-gone-beef in the runs folder/],
    ['an unknown run (continue)', () => '20200101-000000-gone-beef', 'runs:continue', 'restart.unknown_run', /There is no run 20200101-000000-gone-beef/],
    ['a running run', () => stored('running'), 'runs:continue', 'continue.active', /is still running/],
    ['a queued run', () => stored('queued'), 'runs:continue', 'continue.active', /is still queued/],
    ['a diverged run', () => stored('diverged', { diverged_at: { epoch: 1, step: 3 } }), 'runs:continue', 'continue.diverged', /diverged: its weights are NaN\/Inf/],
    ['a failed run', () => stored('failed', { error: 'the training process was killed (SIGKILL)' }), 'runs:continue', 'continue.failed', /failed \(the training process was killed \(SIGKILL\)\); only a stopped or completed run/],
    ['a stopped run without weights', () => stored('stopped'), 'runs:continue', 'continue.no_weights', /has no saved weights \(status stopped\)/],
    [
      'a truncated weights.bin',
      () => withWeights((dir) => truncateSync(join(dir, 'weights', 'weights.bin'), 100)),
      'runs:continue',
      'continue.weights_damaged',
      /saved weights are damaged \(weights\/weights\.bin has 100 bytes but weights\/model\.json declares \d+\)/,
    ],
    ['a damaged status.json (continue)', () => withWeights((dir) => writeFileSync(join(dir, 'status.json'), '{"status": "compl')), 'runs:continue', 'continue.damaged', /cannot be continued: status\.json is not valid JSON/],
    ['a damaged status.json (re-run)', () => withWeights((dir) => writeFileSync(join(dir, 'status.json'), '{}')), 'runs:rerun', 'rerun.damaged', /cannot be re-run: status\.json is invalid at status/],
    [
      'options out of range in status.json',
      () => withWeights((dir) => writeFileSync(join(dir, 'status.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')), options: { ...record, backend: 'tpu' } }))),
      'runs:rerun',
      'rerun.damaged',
      /status\.json is invalid at options\.backend/,
    ],
    ['a missing model.json', () => withWeights((dir) => rmSync(join(dir, 'model.json'))), 'runs:rerun', 'rerun.damaged', /cannot be re-run: model\.json is missing/],
    [
      'a model.json the validator refuses',
      () => withWeights((dir) => writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...tiny, layers: [tiny.layers[0], { kind: 'dense', units: 0 }, tiny.layers[2]] }))),
      'runs:rerun',
      'rerun.damaged',
      /model\.json is not a valid model document \(layers\[1\]\.units/,
    ],
    [
      'a continued run whose source lost its weights',
      () => {
        const source = stored('completed');
        return stored('completed', { continued_from: source });
      },
      'runs:rerun',
      'rerun.source_unusable',
      /it continued run \d{8}-\d{6}-tiny-[0-9a-f]{4}, whose saved weights are no longer usable \(run \S+ has no saved weights\)/,
    ],
  ])('%s is refused, naming the run', async (_label, make, channel, code, message) => {
    const id = make();
    const before = store.ids().length;
    const r = await dispatch(s.handlers, channel, channel === 'runs:continue' ? { run_id: id, epochs: 1 } : { run_id: id }, ctx());
    expect(r).toMatchObject({ ok: false, error: { code, field: 'run_id', params: { run_id: id } } });
    if (!r.ok) expect(r.error.message).toMatch(message);
    expect(store.ids().length).toBe(before);
  });
});
