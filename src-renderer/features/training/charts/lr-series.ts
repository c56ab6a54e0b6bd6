/**
 * The learning rate on the learning curve, as plain data: the rate the run actually used
 * (per batch sample, or per epoch for a run without samples), the rate its schedule plans
 * over the whole run (drawn dashed ahead of the run), the epochs where a performance
 * schedule cut the rate, and the best epoch of an early-stopped run. x is in epochs like
 * the loss curve: a batch sample `samples_done / samples_total` of the way through a
 * 10-epoch run sits at `10 × that`, epoch e's record at `e`.
 */
import type { LrScheduleSpec } from '../../../../src-shared/model/spec.js';
import type { BatchSample, EpochMetrics } from '../../../../src-shared/training/metrics.js';
import { scheduleCurve } from '../../../../src-shared/training/schedules.js';
import type { Marker } from './chart-decor.js';
import type { ChartSeries } from './chart-spec.js';
import { MAX_BATCH_POINTS, thinMinMax, type Point } from './series.js';

/** Relative fall of the rate from one epoch to the next that counts as a drop (rounding in float32 is far below). */
const DROP = 1e-6;

const positive = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * The rate the run used: one point per batch sample that carries `learning_rate`, or, when
 * none does (samples thinned away, or only epoch records), one per epoch record with it.
 * Empty for runs recorded before schedules existed. Example: samples at 1/4 and 2/4 of a
 * 2-epoch run with rates 0.01 and 0.005 → `[{x: 0.5, y: 0.01}, {x: 1, y: 0.005}]`.
 */
export function actualRatePoints(
  samples: readonly BatchSample[],
  epochs: readonly EpochMetrics[],
  totalEpochs: number,
  maxPoints = MAX_BATCH_POINTS,
): { points: Point[]; perEpoch: boolean } {
  const batch = samples
    .filter((s) => s.samples_total > 0 && positive(s.learning_rate))
    .map((s) => ({ x: (s.samples_done / s.samples_total) * totalEpochs, y: s.learning_rate as number }));
  if (batch.length > 0) return { points: thinMinMax(batch, maxPoints), perEpoch: false };
  return { points: epochs.filter((m) => positive(m.learning_rate)).map((m) => ({ x: m.epoch, y: m.learning_rate as number })), perEpoch: true };
}

/**
 * Training steps per epoch: read off a batch sample (its `samples_total` is images × epochs),
 * else the training images the run draws from (`limit` when smaller) over the batch size.
 * Example: samples_total 30,000 over 10 epochs at batch 32 → 94 steps.
 */
export function stepsPerEpoch(samples: readonly BatchSample[], totalEpochs: number, batchSize: number, trainImages: number, limit: number | null): number {
  const s = samples.find((b) => b.samples_total > 0);
  const images = s ? s.samples_total / Math.max(1, totalEpochs) : Math.min(trainImages, limit ?? trainImages);
  return Math.max(1, Math.ceil(images / Math.max(1, batchSize)));
}

/**
 * The epochs at whose end the rate fell (a performance schedule's cuts): the rate of epoch e
 * (its last step) below that of epoch e − 1 → a marker at x = e − 1, where the new rate
 * begins. Example: rates [0.01, 0.01, 0.005] → one drop at x 2 to 0.005.
 */
export function rateDrops(epochs: readonly EpochMetrics[]): { x: number; rate: number }[] {
  const out: { x: number; rate: number }[] = [];
  let prev: number | null = null;
  for (const m of epochs) {
    const r = m.learning_rate;
    if (!positive(r)) {
      prev = null;
      continue;
    }
    if (prev !== null && r < prev * (1 - DROP)) out.push({ x: m.epoch - 1, rate: r });
    prev = r;
  }
  return out;
}

/** Whether a schedule's rate can be planned ahead (every one but the performance schedule, which reacts to the validation loss). */
export function isPlannable(schedule: LrScheduleSpec | undefined | null): schedule is LrScheduleSpec {
  return !!schedule && schedule.name !== 'performance';
}

/** Points of the planned rate drawn at most (the schedule's curve is thinned by scheduleCurve). */
export const MAX_PLANNED_POINTS = 400;

/**
 * The rate a schedule plans for the whole run, x in epochs: step t (0-based) begins at
 * t / stepsPerEpoch (the batch sample of that step sits one step later, invisible at this
 * scale). Empty for the performance schedule (it reacts to the validation loss, nothing to
 * plan). Example: exponential, lr0 0.01, decay_rate 0.1 every 100 steps, 100 steps an epoch
 * → y 0.01 at x 0, 0.001 at x 1, 0.0001 at x 2.
 */
export function plannedRatePoints(
  schedule: LrScheduleSpec,
  initialRate: number,
  samples: readonly BatchSample[],
  run: { epochs: number; batchSize: number; trainImages: number; limit?: number | null },
  maxPoints = MAX_PLANNED_POINTS,
): Point[] {
  if (!isPlannable(schedule)) return [];
  const spe = stepsPerEpoch(samples, run.epochs, run.batchSize, run.trainImages, run.limit ?? null);
  const curve = scheduleCurve(schedule, initialRate, { stepsPerEpoch: spe, totalSteps: spe * run.epochs }, maxPoints);
  return curve.filter((p) => positive(p.rate)).map((p) => ({ x: p.step / spe, y: p.rate }));
}

/** Wording of the learning-rate lines and marks. */
export interface RateLabels {
  actual: string;
  planned: string;
  drop: (rate: number) => string;
  best: (epoch: number) => string;
}

/**
 * The learning curve's rate overlay: the actual rate (green, solid; steps when per epoch)
 * and the planned one (muted, dashed) against the second y axis. Empty without a rate.
 */
export function rateSeries(actual: { points: Point[]; perEpoch: boolean }, planned: readonly Point[], labels: Pick<RateLabels, 'actual' | 'planned'>): ChartSeries[] {
  const out: ChartSeries[] = [];
  if (planned.length > 0) out.push({ label: labels.planned, data: [...planned], color: 'muted', width: 1.5, dash: [5, 4], axis: 'y2' });
  if (actual.points.length > 0) {
    out.push({
      label: labels.actual,
      data: actual.points,
      color: 'success',
      width: 1.5,
      axis: 'y2',
      ...(actual.perEpoch ? { stepped: 'before' as const, points: actual.points.length <= 30 ? 2 : 0 } : {}),
    });
  }
  return out;
}

/** The learning curve's marks: each rate drop (dashed, in the rate's green) and the best epoch of an early stop (dashed, amber). */
export function curveMarkers(drops: readonly { x: number; rate: number }[], bestEpoch: number | null, labels: Pick<RateLabels, 'drop' | 'best'>): Marker[] {
  const marks: Marker[] = drops.map((d) => ({ x: d.x, label: labels.drop(d.rate), color: 'success', dashed: true }));
  if (bestEpoch !== null) marks.push({ x: bestEpoch, label: labels.best(bestEpoch), color: 'warning', dashed: true });
  return marks;
}

/** The rate axis' bounds: a decade-aligned log range around every drawn rate, so a constant rate is not a line on the frame. Example: [0.001, 0.01] → [1e-4, 0.1]. */
export function rateAxisRange(series: readonly ChartSeries[]): { min: number; max: number } | null {
  const ys = series.filter((s) => s.axis === 'y2').flatMap((s) => s.data.map((p) => p.y)).filter((y) => y > 0 && Number.isFinite(y));
  if (ys.length === 0) return null;
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  // toPrecision: 10 ** -4 is 0.00009999999999999999 in floating point.
  const decade = (k: number) => Number((10 ** k).toPrecision(1));
  return { min: decade(Math.floor(Math.log10(lo) - 0.5)), max: decade(Math.ceil(Math.log10(hi) + 0.5)) };
}
