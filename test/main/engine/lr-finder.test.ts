/**
 * The learning-rate finder on the real engine: geometric rates, the smoothed loss as
 * fastai computes it, a sweep on 2,000 Fashion-MNIST images that falls and then blows up,
 * the book's suggestion (10× below the minimum), early stopping, a run at the suggested
 * rate that learns, and no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareData } from '../../../src-main/data/index.js';
import { makeSyntheticData, selectBackend, train } from '../../../src-main/engine/index.js';
import { findLearningRate, LR_FIND_BETA, suggestRate, sweepRate } from '../../../src-main/engine/lr-finder.js';
import type { LayerSpec } from '../../../src-shared/model/spec.js';
import type { LrFindPoint, LrFindResult } from '../../../src-shared/training/lr-finder.js';
import { specOf } from '../../helpers/model-spec.js';

const mlp: LayerSpec[] = [
  { kind: 'flatten' },
  { kind: 'dense', units: 300, activation: 'relu', kernel_initializer: 'he_normal' },
  { kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' },
  { kind: 'dense', units: 10, activation: 'softmax' },
];
const spec = specOf(mlp, { name: 'sgd', learning_rate: 0.001 }, 'lr-finder');

let fashion: ReturnType<typeof prepareData>;
/** The sweep on a real problem: 1e-5 → 10 over 100 steps of 32 Fashion-MNIST images. */
let sweep: LrFindResult;

beforeAll(async () => {
  await selectBackend('wasm');
  fashion = prepareData('fashion-mnist', { preprocess: 'scale', limit: 2000 });
  sweep = await findLearningRate(spec, fashion, { minRate: 1e-5, maxRate: 10, steps: 100, batchSize: 32, seed: 1 });
});

const point = (learning_rate: number, smoothed_loss: number): LrFindPoint => ({ learning_rate, loss: smoothed_loss, smoothed_loss });

describe('sweepRate', () => {
  it.each([
    { min: 1e-5, max: 1, steps: 11, i: 0, rate: 1e-5 },
    { min: 1e-5, max: 1, steps: 11, i: 10, rate: 1 },
    { min: 1e-5, max: 1, steps: 11, i: 2, rate: 1e-4 },
    { min: 1e-4, max: 1e-2, steps: 3, i: 1, rate: 1e-3 },
  ])('rate $i of $steps from $min to $max is $rate', ({ min, max, steps, i, rate }) => {
    expect(sweepRate(min, max, steps, i)).toBeCloseTo(rate, 12);
  });
});

describe('suggestRate: 10× below the rate at the lowest smoothed loss', () => {
  it.each<{ label: string; points: LrFindPoint[]; suggested: number | null; atMin: number | null }>([
    { label: 'falls then rises', points: [point(1e-4, 2.3), point(1e-3, 2.0), point(1e-2, 1.2), point(1e-1, 3)], suggested: 1e-3, atMin: 1e-2 },
    { label: 'rounded to two digits', points: [point(1e-3, 2.3), point(0.0316, 1.5), point(0.1, 9)], suggested: 0.0032, atMin: 0.0316 },
    { label: 'never fell: null', points: [point(1e-4, 2.3), point(1e-3, 2.4), point(1e-2, 5)], suggested: null, atMin: null },
    { label: 'flat: null', points: [point(1e-4, 2.3), point(1e-3, 2.3)], suggested: null, atMin: null },
    { label: 'NaN ignored', points: [point(1e-4, 2.3), point(1e-3, 1.0), point(1e-2, NaN)], suggested: 1e-4, atMin: 1e-3 },
    { label: 'no points', points: [], suggested: null, atMin: null },
    { label: 'kept at the smallest learning rate', points: [point(1e-6, 2.3), point(2e-6, 2.0), point(1e-5, 9)], suggested: 1e-6, atMin: 2e-6 },
  ])('$label', ({ points, suggested, atMin }) => {
    expect(suggestRate(points)).toEqual({ suggested_rate: suggested, min_loss_rate: atMin });
  });
});

describe('findLearningRate on 2,000 Fashion-MNIST images (SGD, 300-100 ReLU)', () => {
  it('rates grow geometrically from min_rate, one per step', () => {
    const rates = sweep.points.map((p) => p.learning_rate);
    expect(rates[0]).toBe(1e-5);
    const ratio = Math.pow(10 / 1e-5, 1 / 99);
    for (let i = 1; i < rates.length; i++) expect((rates[i] as number) / (rates[i - 1] as number)).toBeCloseTo(ratio, 10);
  });

  it('smoothed_loss is the bias-corrected moving average of the step losses (β = 0.98)', () => {
    let avg = 0;
    sweep.points.forEach((p, i) => {
      if (!Number.isFinite(p.loss)) return;
      avg = LR_FIND_BETA * avg + (1 - LR_FIND_BETA) * p.loss;
      expect(p.smoothed_loss).toBeCloseTo(avg / (1 - Math.pow(LR_FIND_BETA, i + 1)), 10);
    });
    expect(sweep.points[0]?.smoothed_loss).toBe(sweep.points[0]?.loss);
  });

  it('the loss falls, then blows up: the sweep stops early past 4× the minimum', () => {
    const smoothed = sweep.points.map((p) => p.smoothed_loss);
    const first = smoothed[0] as number;
    const min = Math.min(...smoothed.filter(Number.isFinite));
    const last = sweep.points[sweep.points.length - 1] as LrFindPoint;
    expect(first).toBeGreaterThan(2);
    expect(min).toBeLessThan(0.95 * first);
    expect(sweep.stopped_early).toBe(true);
    expect(sweep.points.length).toBeLessThan(100);
    expect(!Number.isFinite(last.loss) || last.smoothed_loss > 4 * min).toBe(true);
    // Only the last step broke the rule: every earlier one was within 4× of the minimum so far.
    let lowest = Infinity;
    for (const p of sweep.points.slice(0, -1)) {
      lowest = Math.min(lowest, p.smoothed_loss);
      expect(p.smoothed_loss).toBeLessThanOrEqual(4 * lowest);
    }
  });

  it('suggests 10× below the minimum: below the blow-up, where the loss is already falling', () => {
    const { suggested_rate, min_loss_rate } = sweep;
    expect(min_loss_rate).not.toBeNull();
    expect(suggested_rate).toBe(Number(((min_loss_rate as number) / 10).toPrecision(2)));
    const s = suggested_rate as number;
    const blowUp = sweep.points[sweep.points.length - 1]?.learning_rate as number;
    expect(s).toBeLessThan(blowUp / 10);
    expect(s).toBeGreaterThan(1e-5);
    // The falling part: at the suggested rate the smoothed loss is below its start and above its minimum.
    const near = sweep.points.reduce((a, b) => (Math.abs(Math.log(b.learning_rate / s)) < Math.abs(Math.log(a.learning_rate / s)) ? b : a));
    const min = Math.min(...sweep.points.map((p) => p.smoothed_loss).filter(Number.isFinite));
    expect(near.smoothed_loss).toBeLessThan(sweep.points[0]?.smoothed_loss as number);
    expect(near.smoothed_loss).toBeGreaterThan(min);
    expect(sweep.backend).toBe('wasm');
    expect(sweep.batch_size).toBe(32);
  });

  it('a run at the suggested rate learns: the loss falls over one epoch', async () => {
    const at = specOf(mlp, { name: 'sgd', learning_rate: sweep.suggested_rate as number }, 'at-suggested');
    const losses: number[] = [];
    const result = await train(at, fashion, { epochs: 1, batchSize: 32, seed: 1, batchEveryMs: 0, diagnostics: false }, { onBatch: (b) => losses.push(b.loss) });
    result.model.dispose();
    expect(result.status).toBe('completed');
    const head = losses.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
    const tail = losses.slice(-5).reduce((a, b) => a + b, 0) / 5;
    expect(tail).toBeLessThan(0.6 * head);
    expect(result.epochs[0]?.val_accuracy).toBeGreaterThan(0.6);
  });

  it('the same request gives the same sweep', async () => {
    const again = await findLearningRate(spec, fashion, { minRate: 1e-5, maxRate: 10, steps: 100, batchSize: 32, seed: 1 });
    expect(again).toEqual(sweep);
  });
});

describe('findLearningRate: range, reuse of the data, tensors', () => {
  const small = makeSyntheticData({ train: 64, validation: 16, test: 16, seed: 2 });
  const tiny = specOf([{ kind: 'flatten' }, { kind: 'dense', units: 8, activation: 'relu' }, { kind: 'dense', units: 10, activation: 'softmax' }]);

  it('a sweep that never blows up reaches max_rate after `steps` steps, reshuffling a split smaller than the sweep', async () => {
    const r = await findLearningRate(tiny, small, { minRate: 1e-5, maxRate: 1e-3, steps: 20, batchSize: 16, seed: 4 });
    expect(r.points).toHaveLength(20);
    expect(r.stopped_early).toBe(false);
    expect(r.points[19]?.learning_rate).toBeCloseTo(1e-3, 12);
  });

  it('leaves no tensor behind (Adam, batch norm, dropout)', async () => {
    const noisy = specOf(
      [
        { kind: 'flatten' },
        { kind: 'dense', units: 16 },
        { kind: 'batch_normalization' },
        { kind: 'activation', activation: 'relu' },
        { kind: 'dropout', rate: 0.2 },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ],
      { name: 'adam', learning_rate: 0.001 },
    );
    // One sweep first: tfjs allocates some tensors once per backend.
    await findLearningRate(noisy, small, { minRate: 1e-4, maxRate: 10, steps: 10, batchSize: 16, seed: 1 });
    const before = tf.memory().numTensors;
    const r = await findLearningRate(noisy, small, { minRate: 1e-4, maxRate: 10, steps: 30, batchSize: 16, seed: 1 });
    expect(r.points.length).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    { o: { minRate: 0, maxRate: 1, steps: 20 }, error: 'minRate must be a number from 0.000001 to 10. Received: minRate=0' },
    { o: { minRate: 1e-3, maxRate: 1e-4, steps: 20 }, error: 'minRate must be below maxRate. Received: minRate=0.001, maxRate=0.0001' },
    { o: { minRate: 1e-5, maxRate: 11, steps: 20 }, error: 'maxRate must be a number from 0.000001 to 10. Received: maxRate=11' },
    { o: { minRate: 1e-5, maxRate: 1, steps: 5 }, error: 'steps must be an integer from 10 to 2000. Received: steps=5' },
    { o: { minRate: 1e-5, maxRate: 1, steps: 20.5 }, error: 'steps must be an integer from 10 to 2000. Received: steps=20.5' },
  ])('refuses $o', async ({ o, error }) => {
    await expect(findLearningRate(tiny, small, { ...o, batchSize: 16, seed: 1 })).rejects.toThrow(error);
  });
});
