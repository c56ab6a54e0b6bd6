/**
 * The learning-rate finder of the chapter (Hands-On ML, "Learning Rate Scheduling"): train
 * a fresh model for one short pass of `steps` minibatches while the learning rate grows
 * exponentially from `minRate` to `maxRate`, and record the loss of each step. The loss
 * first falls (the rate starts to be useful), then shoots up (the rate is too large): a
 * good rate is about 10 times lower than the rate at the bottom of the curve.
 *
 * Every step is the training loop's own step (`optimizerStep` in train.ts: training-mode
 * forward, gradients of the mean loss plus regularization, the spec's optimizer with its
 * clipping, max-norm), so the curve measures what training does with each rate. A schedule
 * in the spec does not apply: the sweep sets the rate of every step itself.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { LR_FIND_LIMITS, type LrFindPoint, type LrFindResult } from '../../src-shared/training/lr-finder.js';
import { MAX_LEARNING_RATE, MIN_LEARNING_RATE } from '../../src-shared/training/run-options.js';
import { buildModel } from './build.js';
import type { PreparedData } from './data-types.js';
import { batchFromRows } from './loss.js';
import { disposeOptimizer, makeOptimizer, type SpecOptimizer } from './optimizer.js';
import { deriveSeed, mulberry32, shuffledIndices } from './prng.js';
import { optimizerStep, stepParts } from './train.js';

/** The sweep: rate bounds, its length, the minibatch size and the seed (initial weights, shuffles, dropout). */
export interface LrFindOptions {
  minRate: number;
  maxRate: number;
  /** Minibatches in the sweep (at least 2); the training split is reshuffled and reused when it has fewer. */
  steps: number;
  batchSize: number;
  seed: number;
  /** Aborts between steps: the points so far are returned with `stopped_early` false. */
  signal?: AbortSignal;
}

/** Smoothing factor of the loss (fastai's: an exponential moving average over ~50 steps). */
export const LR_FIND_BETA = 0.98;
/** The sweep stops once the smoothed loss exceeds this multiple of its minimum: the rate is far too large. */
export const LR_FIND_BLOWUP = 4;
/** The suggestion is the rate at the smoothed loss's minimum divided by this (the book's "about 10 times lower"). */
export const LR_FIND_DIVISOR = 10;

/** The rate of step `i` of `steps`: min·(max/min)^(i/(steps−1)), so step 0 is min and the last step is max. */
export function sweepRate(minRate: number, maxRate: number, steps: number, i: number): number {
  return minRate * Math.pow(maxRate / minRate, i / (steps - 1));
}

/**
 * The suggestion from a sweep's points: the rate at the lowest smoothed loss, divided by 10
 * and rounded to two significant digits (a value one would type: 0.0316 → 0.0032), kept
 * within the run options' learning-rate range. Both are null when the smoothed loss never
 * fell below its first value (the sweep started too high, or the model cannot learn).
 */
export function suggestRate(points: readonly LrFindPoint[]): { suggested_rate: number | null; min_loss_rate: number | null } {
  let best = -1;
  for (let i = 0; i < points.length; i++) {
    const s = (points[i] as LrFindPoint).smoothed_loss;
    if (Number.isFinite(s) && (best < 0 || s < (points[best] as LrFindPoint).smoothed_loss)) best = i;
  }
  const first = points[0]?.smoothed_loss;
  if (best <= 0 || first === undefined || !((points[best] as LrFindPoint).smoothed_loss < first)) {
    return { suggested_rate: null, min_loss_rate: null };
  }
  const atMin = (points[best] as LrFindPoint).learning_rate;
  const raw = atMin / LR_FIND_DIVISOR;
  const rounded = Number(raw.toPrecision(2));
  return { suggested_rate: Math.min(MAX_LEARNING_RATE, Math.max(MIN_LEARNING_RATE, rounded)), min_loss_rate: atMin };
}

function checkOptions(o: LrFindOptions, data: PreparedData): void {
  const { min_rate, max_rate, min_steps, max_steps } = LR_FIND_LIMITS;
  const rate = (name: string, v: number) => {
    if (!(Number.isFinite(v) && v >= min_rate && v <= max_rate)) throw new Error(`${name} must be a number from ${min_rate} to ${max_rate}. Received: ${name}=${v}`);
  };
  rate('minRate', o.minRate);
  rate('maxRate', o.maxRate);
  if (!(o.minRate < o.maxRate)) throw new Error(`minRate must be below maxRate. Received: minRate=${o.minRate}, maxRate=${o.maxRate}`);
  if (!Number.isInteger(o.steps) || o.steps < min_steps || o.steps > max_steps) {
    throw new Error(`steps must be an integer from ${min_steps} to ${max_steps}. Received: steps=${o.steps}`);
  }
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) throw new Error(`batchSize must be a positive integer. Received: batchSize=${o.batchSize}`);
  if (data.train.count < 1) throw new Error(`the training split is empty. Received: train.count=${data.train.count}`);
}

/**
 * Runs the finder: a model built from `spec` with `seed`, the spec's optimizer, `steps`
 * shuffled minibatches of `batchSize` training images at exponentially growing rates.
 * Each point holds the step's loss and its smoothed value (exponential moving average
 * with β = 0.98, bias-corrected as in fastai: avg_i / (1 − β^(i+1))). The sweep stops
 * early, after recording the offending step, once the loss is NaN/Inf or the smoothed
 * loss exceeds 4× its minimum. Suggested rate: see {@link suggestRate}.
 * Example (measured): a 300-100 ReLU net with SGD on 5,000 Fashion-MNIST images, 1e-5 → 10
 * over 100 steps of 32 → the smoothed loss falls from 2.5 to its lowest at rate 0.35 and
 * blows up at 1.6 (step 87 of 100): min_loss_rate 0.35, suggested_rate 0.035.
 */
export async function findLearningRate(spec: ModelSpec, data: PreparedData, options: LrFindOptions): Promise<LrFindResult> {
  checkOptions(options, data);
  const model = buildModel(spec, options.seed);
  let optimizer: SpecOptimizer | null = null;
  const points: LrFindPoint[] = [];
  let stoppedEarly = false;
  try {
    optimizer = makeOptimizer(spec.training.optimizer);
    // With the spec: its regularizers and max-norm constraints act as they do in training.
    const parts = stepParts(model, optimizer, data.classes, spec);
    // Its own stream of the run seed: the same request gives the same batches.
    const shuffle = mulberry32(deriveSeed(options.seed, 0x1f1d));
    const count = data.train.count;
    let order = shuffledIndices(count, shuffle);
    let at = 0;
    let avg = 0;
    let minSmoothed = Infinity;
    for (let i = 0; i < options.steps; i++) {
      if (options.signal?.aborted) break;
      const rate = sweepRate(options.minRate, options.maxRate, options.steps, i);
      // The SpecOptimizer reads its learningRate at each step (as a schedule sets it in training).
      optimizer.learningRate = rate;
      if (at >= count) {
        order = shuffledIndices(count, shuffle);
        at = 0;
      }
      const rows = order.subarray(at, Math.min(count, at + options.batchSize));
      at += rows.length;
      const { x, y } = batchFromRows(data.train, rows);
      let loss: number;
      try {
        const step = optimizerStep(parts, x, y);
        try {
          loss = (await step.loss.data())[0] as number;
        } finally {
          tf.dispose([step.loss, step.correct]);
        }
      } finally {
        tf.dispose([x, y]);
      }
      if (!Number.isFinite(loss)) {
        points.push({ learning_rate: rate, loss, smoothed_loss: NaN });
        stoppedEarly = true;
        break;
      }
      avg = LR_FIND_BETA * avg + (1 - LR_FIND_BETA) * loss;
      const smoothed = avg / (1 - Math.pow(LR_FIND_BETA, i + 1));
      points.push({ learning_rate: rate, loss, smoothed_loss: smoothed });
      if (i > 0 && smoothed > LR_FIND_BLOWUP * minSmoothed) {
        stoppedEarly = true;
        break;
      }
      minSmoothed = Math.min(minSmoothed, smoothed);
      // Lets an abort message arrive between steps.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    model.dispose();
    if (optimizer !== null) disposeOptimizer(optimizer);
  }
  return { points, ...suggestRate(points), stopped_early: stoppedEarly, backend: tf.getBackend(), batch_size: options.batchSize };
}
