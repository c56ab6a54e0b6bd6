/**
 * The chapter-11 additions to the dashboard as plain data: the learning rate on a second
 * (log) axis of the learning curve with the planned schedule dashed, rate cuts and the best
 * epoch marked; the global gradient norm raw vs clipped and how often clipping acted; early
 * stopping read back from a stored run; the compare view's rates. Real-shaped metrics.
 */
import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import type { LayersSample } from '../../src-shared/training/events.js';
import type { BatchSample, EpochMetrics } from '../../src-shared/training/metrics.js';
import type { RunRecord } from '../../src-shared/training/run.js';
import { chartScales } from '../../src-renderer/features/training/charts/chart-scales.js';
import { bestEpoch, storedEarlyStop } from '../../src-renderer/features/training/charts/early-stop.js';
import { clippingCount, globalNorms, globalNormSeries, rawGrowth } from '../../src-renderer/features/training/charts/grad-norm-series.js';
import {
  actualRatePoints,
  curveMarkers,
  plannedRatePoints,
  rateAxisRange,
  rateDrops,
  rateSeries,
  stepsPerEpoch,
} from '../../src-renderer/features/training/charts/lr-series.js';
import { rateCompareSeries } from '../../src-renderer/features/runs/compare-series.js';

function epoch(n: number, over: Partial<EpochMetrics> = {}): EpochMetrics {
  return { epoch: n, loss: 1 / n, accuracy: 0.5 + n / 100, val_loss: 1.1 / n, val_accuracy: 0.45 + n / 100, seconds: 2.5, layers: [], ...over };
}

/** A batch sample of a 3-epoch run on 3,200 images (100 steps of 32 an epoch). */
function sample(step: number, rate?: number): BatchSample {
  return { epoch: Math.ceil(step / 100), step, loss: 0.5, samples_done: step * 32, samples_total: 3 * 3200, ...(rate !== undefined ? { learning_rate: rate } : {}) };
}

const layers = (step: number, raw?: number, clipped?: number): LayersSample => ({
  epoch: Math.ceil(step / 100),
  step,
  layers: [{ name: 'dense', grad_norm: 0.5, act_mean: 0.2, act_std: 0.6, inactive_fraction: 0.1 }],
  ...(raw !== undefined ? { grad_norm_raw: raw } : {}),
  ...(clipped !== undefined ? { grad_norm_clipped: clipped } : {}),
});

describe('learning rate on the learning curve', () => {
  it('takes the rate of each batch sample, in epochs on x', () => {
    const a = actualRatePoints([sample(50, 0.01), sample(150, 0.005), sample(250)], [], 3);
    expect(a).toEqual({ points: [{ x: 0.5, y: 0.01 }, { x: 1.5, y: 0.005 }], perEpoch: false });
  });

  it('falls back to the epoch records when no sample has a rate, drawn as steps', () => {
    const a = actualRatePoints([sample(50)], [epoch(1, { learning_rate: 0.01 }), epoch(2, { learning_rate: 0.005 })], 2);
    expect(a).toEqual({ points: [{ x: 1, y: 0.01 }, { x: 2, y: 0.005 }], perEpoch: true });
    const [s] = rateSeries(a, [], { actual: 'lr', planned: 'plan' });
    expect(s).toMatchObject({ axis: 'y2', stepped: 'before', color: 'success' });
  });

  it('has nothing for runs recorded before rates existed (no NaN points)', () => {
    const a = actualRatePoints([sample(50)], [epoch(1), epoch(2)], 2);
    expect(a.points).toEqual([]);
    expect(rateSeries(a, [], { actual: 'lr', planned: 'plan' })).toEqual([]);
    expect(rateAxisRange([])).toBeNull();
  });

  it('draws the planned schedule dashed against the second axis, under the actual rate', () => {
    const planned = [{ x: 0, y: 0.01 }, { x: 3, y: 0.001 }];
    const s = rateSeries({ points: [{ x: 0.5, y: 0.008 }], perEpoch: false }, planned, { actual: 'Learning rate', planned: 'Planned' });
    expect(s.map((x) => [x.label, x.axis, x.dash ?? null, x.color])).toEqual([
      ['Planned', 'y2', [5, 4], 'muted'],
      ['Learning rate', 'y2', null, 'success'],
    ]);
    // A log range of whole decades around 0.001…0.01.
    expect(rateAxisRange(s)).toEqual({ min: 1e-4, max: 0.1 });
  });

  it.each([
    ['from a batch sample (3 epochs, 9,600 samples in all, batch 32)', [sample(1)], 3, 32, 55_000, null, 100],
    ['from the dataset and the limit when no sample arrived yet', [], 3, 32, 55_000, 3000, 94],
    ['a limit above the dataset size is the dataset', [], 1, 100, 7000, 10_000_000, 70],
  ] as const)('steps per epoch %s', (_, samples, epochs, batch, images, limit, want) => {
    expect(stepsPerEpoch(samples, epochs, batch, images, limit)).toBe(want);
  });

  it('plans the book’s piecewise constant schedule over the whole run: epochs 1–5 at 0.01, 6–15 at 0.005, then 0.001', () => {
    const schedule = { name: 'piecewise_constant' as const, boundaries: [5, 15], values: [0.01, 0.005, 0.001] };
    // 20 epochs of 10 steps (320 images at batch 32).
    const p = plannedRatePoints(schedule, 0.01, [], { epochs: 20, batchSize: 32, trainImages: 320 });
    expect(p.length).toBeGreaterThan(3);
    expect(p[0]).toEqual({ x: 0, y: 0.01 });
    expect(p.at(-1)!.x).toBeCloseTo(20, 9);
    // Step t (x = t/10) runs in epoch floor(x) + 1.
    for (const q of p) expect(q.y).toBe(q.x < 5 - 1e-9 ? 0.01 : q.x < 15 - 1e-9 ? 0.005 : 0.001);
    // The jumps are drawn sharp: both sides of each boundary are points.
    expect(p.filter((q) => Math.abs(q.x - 4.9) < 1e-9 || Math.abs(q.x - 5) < 1e-9).map((q) => q.y)).toEqual([0.01, 0.005]);
  });

  it('plans an exponential schedule: lr0 · 0.1^(t/s), a decade per s steps', () => {
    // 100 steps an epoch, decay 0.1 every 100 steps: epoch 1 ends near 0.001 from 0.01.
    const p = plannedRatePoints({ name: 'exponential', decay_steps: 100, decay_rate: 0.1 }, 0.01, [], { epochs: 2, batchSize: 10, trainImages: 1000 });
    expect(p.at(-1)!.x).toBeCloseTo(2, 9);
    // Step t = 100·x: 0.01 · 0.1^(t/100) = 0.01 · 0.1^x, a decade an epoch.
    for (const q of p) expect(q.y / (0.01 * 0.1 ** q.x)).toBeCloseTo(1, 6);
    expect(p.find((q) => Math.abs(q.x - 1) < 1e-9)?.y).toBeCloseTo(0.001, 9);
    expect(p.at(-1)!.y).toBeCloseTo(1e-4, 9);
  });

  it('plans nothing for the performance schedule (it reacts to the validation loss)', () => {
    expect(plannedRatePoints({ name: 'performance' }, 0.01, [], { epochs: 10, batchSize: 32, trainImages: 3200 })).toEqual([]);
  });

  it('marks the epochs after which a performance schedule cut the rate, and the best epoch', () => {
    const rates = [0.01, 0.01, 0.01, 0.005, 0.005, 0.0025];
    const epochs = rates.map((r, i) => epoch(i + 1, { learning_rate: r }));
    const drops = rateDrops(epochs);
    expect(drops).toEqual([
      { x: 3, rate: 0.005 },
      { x: 5, rate: 0.0025 },
    ]);
    const marks = curveMarkers(drops, 4, { drop: (r) => `→ ${r}`, best: (e) => `best ${e}` });
    expect(marks).toEqual([
      { x: 3, label: '→ 0.005', color: 'success', dashed: true },
      { x: 5, label: '→ 0.0025', color: 'success', dashed: true },
      { x: 4, label: 'best 4', color: 'warning', dashed: true },
    ]);
  });

  it('sees no drop across epochs without a rate (old records mixed in)', () => {
    expect(rateDrops([epoch(1, { learning_rate: 0.01 }), epoch(2), epoch(3, { learning_rate: 0.001 })])).toEqual([]);
  });
});

describe('chart scales', () => {
  const colors = { text: '#333', grid: '#ddd' };
  it('adds a logarithmic second y axis on the right, without its own grid over the chart', () => {
    const s = chartScales({ title: 'Epoch' }, { title: 'Loss', beginAtZero: true }, { title: 'Learning rate (log)', log: true, min: 1e-4, max: 0.1 }, colors) as Record<string, Record<string, unknown>>;
    expect(Object.keys(s)).toEqual(['x', 'y', 'y2']);
    expect(s['y2']).toMatchObject({ type: 'logarithmic', position: 'right', min: 1e-4, max: 0.1, grid: { drawOnChartArea: false }, title: { text: 'Learning rate (log)' } });
    expect(s['y']).toMatchObject({ type: 'linear', position: 'left', beginAtZero: true });
  });
  it('has no second axis when none is asked for', () => {
    expect(Object.keys(chartScales({ title: 'Epoch' }, { title: 'Loss' }, null, colors))).toEqual(['x', 'y']);
  });
});

describe('global gradient norm, raw vs clipped', () => {
  it('counts the measured steps where clipping scaled the gradient down', () => {
    const n = globalNorms([layers(20, 8.2, 1.7), layers(40, 0.62, 0.62), layers(60, 3.1, 1.4), layers(80, 12, 1.9)], []);
    expect(n?.unit).toBe('step');
    expect(clippingCount(n!)).toEqual({ clipped: 3, measured: 4 });
    const s = globalNormSeries(n!, { raw: 'raw', clipped: 'clipped' });
    expect(s.map((x) => x.label)).toEqual(['raw', 'clipped']);
    expect(s[0]!.data.map((p) => p.y)).toEqual([8.2, 0.62, 3.1, 12]);
    expect(s[1]!.data.map((p) => p.y)).toEqual([1.7, 0.62, 1.4, 1.9]);
  });

  it('draws the raw norm alone when the optimizer does not clip, and measures how far it grew', () => {
    const n = globalNorms([layers(20, 0.9), layers(40, 40), layers(60, 3e4), layers(80, Infinity)], [])!;
    const s = globalNormSeries(n, { raw: 'raw', clipped: 'clipped' });
    expect(s).toHaveLength(1);
    // The infinite norm is a gap, not a point at the top of the frame.
    expect(Number.isNaN(s[0]!.data[3]!.y)).toBe(true);
    expect(rawGrowth(n)).toBeCloseTo(3e4 / 0.9, 6);
    expect(clippingCount(n)).toEqual({ clipped: 0, measured: 0 });
  });

  it('uses the epoch averages of a stored run, and nothing for a run recorded before them', () => {
    const stored = globalNorms([], [epoch(1, { grad_norm_raw: 5, grad_norm_clipped: 1.2 }), epoch(2, { grad_norm_raw: 0.8, grad_norm_clipped: 0.8 })]);
    expect(stored).toEqual({ unit: 'epoch', points: [{ x: 1, raw: 5, clipped: 1.2 }, { x: 2, raw: 0.8, clipped: 0.8 }] });
    expect(clippingCount(stored!)).toEqual({ clipped: 1, measured: 2 });
    expect(globalNorms([layers(20)], [epoch(1)])).toBeNull();
  });
});

describe('early stopping of a stored run', () => {
  const model = (es?: { patience: number; min_delta?: number; restore_best_weights?: boolean }) =>
    ({ training: { epochs: 10, batch_size: 32, seed: 1, optimizer: { name: 'sgd', learning_rate: 0.01 }, ...(es ? { early_stopping: es } : {}) } }) as unknown as ModelSpec;
  const valLosses = [0.62, 0.51, 0.47, 0.466, 0.49, 0.5, 0.52];
  const epochs = valLosses.map((v, i) => epoch(i + 1, { val_loss: v }));
  const status = (s: 'completed' | 'stopped') => ({ status: s });

  it.each([
    ['min_delta 0: the lowest val_loss', 0, 4],
    ['min_delta 0.01: 0.466 is not 0.01 below 0.47', 0.01, 3],
  ])('best epoch, %s', (_, delta, best) => {
    expect(bestEpoch(epochs, delta)).toBe(best);
  });

  // val_loss 0.62, 0.51, 0.47, 0.466 (best), then 0.49, 0.5, 0.52: three epochs without improvement end at 7.
  it.each([
    ['patience 3, restored (the default)', model({ patience: 3 }), status('completed'), epochs, { epoch: 7, best_epoch: 4, restored: true }],
    ['restore_best_weights false', model({ patience: 3, restore_best_weights: false }), status('completed'), epochs, { epoch: 7, best_epoch: 4, restored: false }],
    ['min_delta 0.01: best 3, patience runs out at 6 — but 7 was trained, so it did not stop there', model({ patience: 3, min_delta: 0.01 }), status('completed'), epochs, null],
    ['min_delta 0.01 with 6 epochs recorded: stopped at 6, best 3', model({ patience: 3, min_delta: 0.01 }), status('completed'), epochs.slice(0, 6), { epoch: 6, best_epoch: 3, restored: true }],
    ['patience 4: not run out yet', model({ patience: 4 }), status('completed'), epochs, null],
    ['no early_stopping in the model', model(), status('completed'), epochs, null],
    ['stopped by the user', model({ patience: 3 }), status('stopped'), epochs, null],
    // status.json's record (what the engine did) wins over the replay, which here would say epoch 7 / best 4.
    ['recorded in status.json', model({ patience: 3 }), { status: 'completed', early_stopped: { epoch: 6, best_epoch: 2, restored: false } }, epochs, { epoch: 6, best_epoch: 2, restored: false }],
  ] as const)('%s', (_, m, st, e, want) => {
    expect(storedEarlyStop(m, st, e)).toEqual(want);
  });
});

describe('compare: learning rate per epoch', () => {
  const rec = (id: string, rates: (number | undefined)[]) =>
    ({ id, epochs: rates.map((r, i) => epoch(i + 1, r === undefined ? {} : { learning_rate: r })) }) as unknown as RunRecord;
  it('one line per run with rates, none for an old run', () => {
    const s = rateCompareSeries([
      { record: rec('a', [0.01, 0.005]), label: 'A' },
      { record: rec('b', [undefined, undefined]), label: 'B' },
    ]);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ label: 'A', color: 'accent', data: [{ x: 1, y: 0.01 }, { x: 2, y: 0.005 }] });
  });
});
