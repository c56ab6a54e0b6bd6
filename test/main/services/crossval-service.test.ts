/**
 * Cross-validation studies. The studies that train use the real training process (wasm)
 * on a tiny model and 200 images, so every fold is a real run whose validation set is its
 * held-out chunk; the queue-shape cases use the stand-in trainer (fixtures/stand-in-trainer.mjs).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { RunStore } from '../../../src-main/runs/index.js';
import { CrossvalService, foldModelName, meanAndStd } from '../../../src-main/services/crossval-service.js';
import { UserError } from '../../../src-main/services/dispatch.js';
import { TrainingService } from '../../../src-main/services/training-service.js';
import { nodeTrainerLauncher, type TrainerLauncher } from '../../../src-main/trainer/launcher.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';
import type { CrossvalFinishedEvent, CrossvalProgressEvent, CrossvalRequest } from '../../../src-shared/wizard/types.js';
import { tempDir } from '../../helpers/tmp.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const STAND_IN = fileURLToPath(new URL('./fixtures/stand-in-trainer.mjs', import.meta.url));

/** Flatten → Dense(32) → Dense(10, softmax) on MNIST (it loads fastest): a fold of 100 images trains in well under a second. */
const tiny: ModelSpec = {
  format: 'gradient-lab/model',
  version: 2,
  name: 'Tiny',
  dataset: 'mnist',
  preprocess: 'scale',
  layers: [{ kind: 'flatten' }, { kind: 'dense', units: 32, activation: 'relu', kernel_initializer: 'he_normal' }, { kind: 'dense', units: 10, activation: 'softmax' }],
  training: { optimizer: { name: 'sgd', learning_rate: 0.05, momentum: 0.9 }, epochs: 1, batch_size: 20, seed: 3 },
};

const request = (over: Partial<CrossvalRequest> = {}): CrossvalRequest => ({
  model: tiny,
  candidates: ['elu', 'relu'],
  folds: 2,
  limit: 200,
  epochs: 1,
  backend: 'wasm',
  ...over,
});

/** Real training processes, counting the ones alive (an orphan would stay counted). */
function countingLauncher(base: TrainerLauncher = nodeTrainerLauncher()): { launcher: TrainerLauncher; alive: () => number } {
  let alive = 0;
  return {
    alive: () => alive,
    launcher: () => {
      const ch = base();
      alive++;
      ch.onExit(() => alive--);
      return ch;
    },
  };
}

function setup(opts: { maxConcurrent?: number; maxPerClient?: number | null; launcher?: TrainerLauncher } = {}) {
  const t = tempDir();
  const store = new RunStore(t.dir);
  const counting = countingLauncher(opts.launcher);
  const training = new TrainingService({ store, launcher: counting.launcher, maxConcurrent: opts.maxConcurrent ?? 1, maxPerClient: opts.maxPerClient ?? null });
  const crossval = new CrossvalService({ training: () => training });
  cleanups.push(t.cleanup, () => training.stopAll(), () => crossval.stopAll());
  return { store, training, crossval, alive: counting.alive };
}

async function waitFor(cond: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('meanAndStd', () => {
  it.each([
    { values: [], mean: null, std: null },
    { values: [0.5], mean: 0.5, std: 0 },
    { values: [0.8, 0.9], mean: 0.85, std: 0.05 },
    // Population std (÷ n): the sample std of these would be 1.
    { values: [1, 2, 3], mean: 2, std: Math.sqrt(2 / 3) },
  ])('$values → mean $mean, std $std', ({ values, mean, std }) => {
    const r = meanAndStd(values);
    if (mean === null) expect(r).toEqual({ mean: null, std: null });
    else {
      expect(r.mean).toBeCloseTo(mean, 12);
      expect(r.std).toBeCloseTo(std as number, 12);
    }
  });
});

describe('foldModelName', () => {
  it('names the candidate and fold, and stays within the 200-character name limit', () => {
    expect(foldModelName('Tiny', 'elu', 2, 3)).toBe('Tiny · elu · fold 2/3');
    const long = foldModelName('x'.repeat(200), 'leaky_relu', 10, 10);
    expect(long).toHaveLength(200);
    expect(long.endsWith(' · leaky_relu · fold 10/10')).toBe(true);
  });
});

describe('CrossvalService with the real trainer', () => {
  it('2 candidates × 2 folds: four runs tagged with the study and fold, mean ± population std of the folds, best marked', async () => {
    const { store, crossval, alive } = setup();
    const progress: CrossvalProgressEvent[] = [];
    crossval.on('crossval:progress', (e) => progress.push(e));
    const t0 = performance.now();
    const first = crossval.start(request());
    expect(first.study_id).toMatch(/^cv-[0-9a-f]{12}$/);
    expect(first.plan).toEqual({ folds: 2, limit: 200, epochs: 1, candidates: ['elu', 'relu'] });
    expect(crossval.mine('local').map((s) => s.study_id)).toEqual([first.study_id]);
    const done = await crossval.finished(first.study_id);
    console.log(`2×2-fold tiny study: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    expect(done.status).toBe('completed');
    expect(done.done).toBe(4);
    expect(done.folds.map((f) => [f.activation, f.fold, f.status])).toEqual([
      ['elu', 1, 'completed'],
      ['elu', 2, 'completed'],
      ['relu', 1, 'completed'],
      ['relu', 2, 'completed'],
    ]);
    for (const f of done.folds) {
      expect(f.val_accuracy).toBeGreaterThanOrEqual(0);
      expect(f.val_accuracy).toBeLessThanOrEqual(1);
      // Each fold validates on its held-out 100 images, so the accuracy is a whole number of hundredths.
      expect(Math.abs(f.val_accuracy! * 100 - Math.round(f.val_accuracy! * 100))).toBeLessThan(1e-6);
    }
    for (const c of done.candidates) {
      const accs = done.folds.filter((f) => f.activation === c.activation).map((f) => f.val_accuracy!);
      const mean = (accs[0]! + accs[1]!) / 2;
      expect(c.fold_val_accuracy).toEqual(accs);
      expect(c.mean).toBeCloseTo(mean, 12);
      expect(c.std).toBeCloseTo(Math.abs(accs[0]! - accs[1]!) / 2, 12);
      expect(c.initializer).toBe('he_normal');
    }
    const [elu, relu] = done.candidates;
    expect(done.best).toBe(elu!.mean! >= relu!.mean! ? 'elu' : 'relu');

    const runs = store.list();
    expect(runs).toHaveLength(4);
    for (const f of done.folds) {
      const run = runs.find((r) => r.id === f.run_id)!;
      expect(run.status).toBe('completed');
      expect(run.study).toEqual({ id: done.study_id, kind: 'crossval', activation: f.activation, fold: f.fold, folds: 2 });
      expect(run.options?.limit).toBe(200);
      expect(run.last_val_accuracy).toBe(f.val_accuracy);
      expect(run.name).toBe(`Tiny · ${f.activation} · fold ${f.fold}/2`);
      const hidden = store.load(run.id).model!.layers[1];
      expect(hidden).toEqual({ kind: 'dense', units: 32, activation: f.activation, kernel_initializer: 'he_normal' });
    }

    // A progress event when each fold starts (done unchanged) and when it ends (done + 1).
    expect(progress.filter((e) => e.folds.some((f) => f.status === 'running')).length).toBeGreaterThanOrEqual(4);
    expect(progress.map((e) => e.done).filter((d, i, a) => i === 0 || d !== a[i - 1])).toEqual([0, 1, 2, 3, 4]);
    expect(progress.at(-1)!.done).toBe(4);
    expect(progress.find((e) => e.done === 1)!.eta_seconds).toBeGreaterThan(0);
    expect(crossval.mine('local')).toEqual([]);
    await waitFor(() => alive() === 0);
  });

  it('stop during the first fold: it stops, the waiting folds are dropped (no runs made for them), no process is left', async () => {
    const { store, crossval, alive } = setup();
    const first = crossval.start(request({ limit: 2000, epochs: 20 }));
    const finishedEvents: CrossvalFinishedEvent[] = [];
    crossval.on('crossval:finished', (e) => finishedEvents.push(e));
    // Stop once fold 1 of elu has an epoch recorded: it is training, three folds are waiting.
    await new Promise<void>((resolve) => {
      const check = (): void => {
        const run = store.list()[0];
        if (run && run.epochs_done >= 1) resolve();
        else setTimeout(check, 50);
      };
      check();
    });
    const done = await crossval.stop(first.study_id);
    expect(done.status).toBe('stopped');
    expect(finishedEvents).toEqual([done]);
    expect(done.folds.map((f) => f.status)).toEqual(['stopped', 'pending', 'pending', 'pending']);
    expect(done.folds.slice(1).every((f) => f.run_id === null)).toBe(true);
    // A stopped fold trained less than the others would: it is not averaged.
    expect(done.candidates.map((c) => c.mean)).toEqual([null, null]);
    expect(done.best).toBeNull();
    const runs = store.list();
    expect(runs.map((r) => [r.status, r.study?.fold])).toEqual([['stopped', 1]]);
    expect(runs[0]!.epochs_done).toBeLessThan(20);
    expect(crossval.owns(first.study_id)).toBe(false);
    await expect(crossval.stop(first.study_id)).rejects.toMatchObject({ field: 'study_id', i18n: { code: 'crossval.not_active' } });
    await waitFor(() => alive() === 0);
  });

  it('stop after the first fold: its accuracy is kept as the partial result, and that candidate is best', async () => {
    const { store, crossval, alive } = setup();
    let stopping: Promise<CrossvalFinishedEvent> | null = null;
    crossval.on('crossval:progress', (e) => {
      const started = e.folds.some((f) => f.status === 'running' || f.status === 'queued');
      if (e.done === 1 && started && stopping === null) stopping = crossval.stop(e.study_id);
    });
    const first = crossval.start(request());
    await waitFor(() => stopping !== null, 60_000);
    const done = await stopping!;
    expect(done.study_id).toBe(first.study_id);
    expect(done.status).toBe('stopped');
    // Fold-major order: elu's fold 1 ran, relu's fold 1 had just started (or was queued behind fold 1's exiting process).
    expect(done.folds.map((f) => [f.activation, f.fold, f.status])).toEqual([
      ['elu', 1, 'completed'],
      ['elu', 2, 'pending'],
      ['relu', 1, 'stopped'],
      ['relu', 2, 'pending'],
    ]);
    const [elu, relu] = done.candidates;
    expect(elu!.fold_val_accuracy).toEqual([done.folds[0]!.val_accuracy]);
    expect([elu!.std, relu!.mean]).toEqual([0, null]);
    expect(done.best).toBe('elu');
    expect(store.list().map((r) => r.status).sort()).toEqual(['completed', 'stopped']);
    await waitFor(() => alive() === 0);
  });
});

describe('CrossvalService refusals (nothing starts)', () => {
  it.each([
    { name: 'a candidate twice', over: { candidates: ['elu', 'elu'] }, field: 'candidates' },
    { name: 'an unknown candidate', over: { candidates: ['swish'] }, field: 'candidates.0' },
    { name: 'no candidates', over: { candidates: [] }, field: 'candidates' },
    { name: '11 folds', over: { folds: 11 }, field: 'folds' },
    { name: 'a limit of 10', over: { limit: 10 }, field: 'limit' },
    { name: 'an invalid model', over: { model: { ...tiny, layers: [] } }, field: 'model' },
  ])('$name → UserError naming $field', ({ over, field }) => {
    const { crossval, store } = setup({ launcher: nodeTrainerLauncher({ entry: STAND_IN, execArgv: [] }) });
    let caught: unknown;
    try {
      crossval.start(request(over as Partial<CrossvalRequest>));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).field).toBe(field);
    expect(store.list()).toEqual([]);
  });

  it('the per-client limit refuses the first fold with its coded message', async () => {
    const { crossval, training } = setup({ maxPerClient: 1, launcher: nodeTrainerLauncher({ entry: STAND_IN, execArgv: [] }) });
    process.env['STAND_IN_EPOCH_MS'] = '2000';
    training.start(tiny, { epochs: 5 }, 'browser-a');
    expect(() => crossval.start(request(), 'browser-a')).toThrow(expect.objectContaining({ i18n: { code: 'queue.per_client', params: { held: 1, limit: 1 } } }));
    expect(crossval.mine('browser-a')).toEqual([]);
  });
});

describe('CrossvalService and the queue (stand-in trainer)', () => {
  it.each([
    { name: 'no per-client limit: up to maxConcurrent folds at once', maxConcurrent: 3, maxPerClient: null, peak: 3 },
    { name: 'a per-client limit: one fold at a time', maxConcurrent: 3, maxPerClient: 2, peak: 1 },
  ])('$name', async ({ maxConcurrent, maxPerClient, peak }) => {
    process.env['STAND_IN_EPOCH_MS'] = '40';
    const { crossval, training } = setup({ maxConcurrent, maxPerClient, launcher: nodeTrainerLauncher({ entry: STAND_IN, execArgv: [] }) });
    let most = 0;
    crossval.on('crossval:progress', (e) => (most = Math.max(most, e.folds.filter((f) => f.status === 'running' || f.status === 'queued').length)));
    const first = crossval.start(request({ candidates: ['selu', 'elu', 'relu'], folds: 2, epochs: 2 }), 'browser-a');
    const done = await crossval.finished(first.study_id);
    expect(done.status).toBe('completed');
    expect(most).toBe(peak);
    // The stand-in reports val_accuracy 0.5 for every epoch: mean 0.5, std 0 per candidate.
    expect(done.candidates.map((c) => [c.activation, c.fold_val_accuracy, c.mean, c.std])).toEqual([
      ['selu', [0.5, 0.5], 0.5, 0],
      ['elu', [0.5, 0.5], 0.5, 0],
      ['relu', [0.5, 0.5], 0.5, 0],
    ]);
    expect(training.runningIds()).toEqual([]);
  });
});
