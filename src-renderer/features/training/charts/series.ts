/**
 * Pure transforms from a run's metrics to the dashboard's chart series. No Chart.js,
 * no DOM: the chart components only style and draw what these return, so what is
 * drawn is decided (and tested) here.
 */
import type { BatchSample, EpochMetrics, InactiveKind, LayerDiagnostics } from '../../../../src-shared/training/metrics.js';

/** One chart point, already in axis units (Chart.js reads `{x, y}` with parsing off). */
export interface Point {
  x: number;
  y: number;
}

/** Per-epoch curves, x = 1-based epoch: `[{epoch: 1, loss: 0.9, …}]` → `loss: [{x: 1, y: 0.9}]`. Non-finite values are left out. */
export interface EpochCurves {
  loss: Point[];
  valLoss: Point[];
  accuracy: Point[];
  valAccuracy: Point[];
}

/** Train and validation loss and accuracy per epoch (accuracy as a fraction in [0, 1]). */
export function epochCurves(epochs: readonly EpochMetrics[]): EpochCurves {
  const pick = (key: 'loss' | 'val_loss' | 'accuracy' | 'val_accuracy'): Point[] =>
    epochs.filter((m) => Number.isFinite(m[key])).map((m) => ({ x: m.epoch, y: m[key] }));
  return { loss: pick('loss'), valLoss: pick('val_loss'), accuracy: pick('accuracy'), valAccuracy: pick('val_accuracy') };
}

/**
 * Exponential moving average with TensorBoard's start-up correction (so the first
 * value is not pulled towards 0). `smoothing` in [0, 1): 0 returns the input.
 * Example: ys `[1, 0]`, smoothing 0.5 → `[1, 1/3]`. Non-finite ys are skipped (a NaN
 * batch must not poison the curve after it) and keep their x out of the result.
 */
export function ema(points: readonly Point[], smoothing: number): Point[] {
  const out: Point[] = [];
  let acc = 0;
  let n = 0;
  for (const p of points) {
    if (!Number.isFinite(p.y)) continue;
    n += 1;
    acc = smoothing * acc + (1 - smoothing) * p.y;
    out.push({ x: p.x, y: acc / (1 - smoothing ** n) });
  }
  return out;
}

/**
 * Thins a sorted series to about `max` points by keeping, per bucket, its lowest and
 * highest point (in x order), so spikes survive where a plain stride would drop them.
 * First and last points are always kept. Series of at most `max` points are returned as is.
 * Example: 10,000 batch losses, max 800 → ≤ 800 points with the same extremes.
 */
export function thinMinMax(points: readonly Point[], max: number): Point[] {
  if (points.length <= max || max < 4) return points.slice();
  const first = points[0] as Point;
  const last = points[points.length - 1] as Point;
  const inner = points.length - 2;
  const buckets = Math.floor((max - 2) / 2);
  const out: Point[] = [first];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const y = (points[i] as Point).y;
      if (lo < 0 || y < (points[lo] as Point).y) lo = i;
      if (hi < 0 || y > (points[hi] as Point).y) hi = i;
    }
    if (lo < 0) continue;
    if (lo === hi) out.push(points[lo] as Point);
    else out.push(points[Math.min(lo, hi)] as Point, points[Math.max(lo, hi)] as Point);
  }
  out.push(last);
  return out;
}

/** Batch loss on the epoch axis: `raw` (thinned) and its EMA `smooth`. */
export interface BatchLossSeries {
  raw: Point[];
  smooth: Point[];
}

/** Smoothing of the batch-loss EMA (TensorBoard's default is 0.6 on per-step data; samples here are ~4 per second). */
export const BATCH_SMOOTHING = 0.8;
/** Points per batch-loss line drawn: beyond this the line is thinned (min/max per bucket). */
export const MAX_BATCH_POINTS = 800;

/**
 * Batch-loss samples as epochs on x: a sample `samples_done / samples_total` of the way
 * through a 3-epoch run sits at `3 × that`. The EMA is taken over every sample, then
 * both lines are thinned. Example: `{samples_done: 500, samples_total: 1000, loss: 0.7}`
 * in a 2-epoch run → `{x: 1, y: 0.7}`.
 */
export function batchLossSeries(
  samples: readonly BatchSample[],
  totalEpochs: number,
  smoothing = BATCH_SMOOTHING,
  maxPoints = MAX_BATCH_POINTS,
): BatchLossSeries {
  const raw = samples
    .filter((s) => s.samples_total > 0 && Number.isFinite(s.loss))
    .map((s) => ({ x: (s.samples_done / s.samples_total) * totalEpochs, y: s.loss }));
  return { raw: thinMinMax(raw, maxPoints), smooth: thinMinMax(ema(raw, smoothing), maxPoints) };
}

/** A per-layer quantity drawn over depth. */
export type DepthMetric = 'grad_norm' | 'weight_norm' | 'act_mean' | 'act_std' | 'inactive_fraction';

/** Per-layer values of one moment, the fields a depth chart reads; a live sample lacks some (weight norm). */
export type LayerValues = { readonly [K in DepthMetric]?: number | null };

/**
 * One layer quantity over depth, x = 1-based dense position (input → output). Values that
 * cannot be drawn become `NaN` (a gap): non-finite, null or missing, and ≤ 0 on a log axis.
 * Example: grad norms `[1e-3, 0, 2]`, log → `[{x: 1, y: 1e-3}, {x: 2, y: NaN}, {x: 3, y: 2}]`.
 */
export function depthPoints(layers: readonly LayerValues[], metric: DepthMetric, log = false): Point[] {
  return layers.map((l, i) => {
    const v = l[metric];
    const ok = typeof v === 'number' && Number.isFinite(v) && (!log || v > 0);
    return { x: i + 1, y: ok ? v : Number.NaN };
  });
}

/** A moment whose layers a depth chart draws: a finished epoch, or a live sample during one. */
export interface DepthSnapshot {
  epoch: number;
  /** Set for an intra-epoch sample: its 1-based step in the run. */
  step?: number;
  layers: readonly LayerValues[];
}

/** One line of a depth chart: `emphasis` 1 for the latest, lower (fainter) for older ones. */
export interface DepthLine {
  epoch: number;
  step: number | null;
  latest: boolean;
  emphasis: number;
  points: Point[];
}

/** Lines a depth chart draws at most: the first epoch and the latest ones. */
export const MAX_DEPTH_LINES = 5;

/**
 * Lines of a depth chart: the first epoch (where the run started from) and the latest
 * ones, oldest first, with a live sample (if any, and newer than every epoch) as the
 * latest line. Older lines fade linearly from 0.55 down to 0.2.
 * Example: epochs 1..8, no live, max 5 → epochs 1, 5, 6, 7, 8 with 8 latest.
 */
export function depthLines(
  epochs: readonly DepthSnapshot[],
  metric: DepthMetric,
  options: { log?: boolean; live?: DepthSnapshot | null; maxLines?: number } = {},
): DepthLine[] {
  const max = Math.max(1, options.maxLines ?? MAX_DEPTH_LINES);
  const withLayers = epochs.filter((e) => e.layers.length > 0);
  const lastEpoch = withLayers.at(-1)?.epoch ?? 0;
  const live = options.live && options.live.layers.length > 0 && options.live.epoch > lastEpoch ? options.live : null;
  const all: DepthSnapshot[] = live ? [...withLayers, live] : [...withLayers];
  const shown = all.length <= max ? all : max === 1 ? all.slice(-1) : [all[0] as DepthSnapshot, ...all.slice(-(max - 1))];
  return shown.map((s, i) => {
    const latest = i === shown.length - 1;
    const older = shown.length - 1;
    const emphasis = latest ? 1 : older <= 1 ? 0.45 : 0.2 + (0.35 * i) / (older - 1);
    return { epoch: s.epoch, step: s.step ?? null, latest, emphasis, points: depthPoints(s.layers, metric, options.log) };
  });
}

/**
 * What the inactive-units chart shows: `dead` (only ReLU-family layers report), `saturated`
 * (only sigmoid/tanh), `mixed`, or null when no layer reports one (linear/softmax only).
 */
export function inactiveKindOf(layers: readonly Pick<LayerDiagnostics, 'inactive_kind'>[]): InactiveKind | 'mixed' | null {
  const kinds = new Set(layers.map((l) => l.inactive_kind).filter((k): k is InactiveKind => k !== null));
  if (kinds.size === 0) return null;
  if (kinds.size > 1) return 'mixed';
  return [...kinds][0] ?? null;
}

/**
 * Dense positions (1-based x of the depth charts) of highlighted layers, given by their
 * index in `spec.layers`. Example: layers with spec_index `[1, 3, 5]`, highlight `[3, 4]` → `[2]`.
 */
export function highlightPositions(layers: readonly Pick<LayerDiagnostics, 'spec_index'>[], highlight: readonly number[]): number[] {
  if (highlight.length === 0) return [];
  const wanted = new Set(highlight);
  const out: number[] = [];
  layers.forEach((l, i) => {
    if (wanted.has(l.spec_index)) out.push(i + 1);
  });
  return out;
}
