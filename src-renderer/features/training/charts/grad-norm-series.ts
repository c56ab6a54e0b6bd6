/**
 * The global gradient norm (every trainable variable at once) as plain data: raw, as the
 * backward pass produced it, and clipped, as the optimizer applied it (only when it clips).
 * Live runs give one point per measured step (about 20 an epoch, from the layer samples);
 * stored runs give one per epoch (the epoch's average). Old runs have neither: null.
 */
import type { LayersSample } from '../../../../src-shared/training/events.js';
import type { EpochMetrics } from '../../../../src-shared/training/metrics.js';
import type { ChartSeries } from './chart-spec.js';
import type { Point } from './series.js';

/** One measured step (or epoch average): the raw norm, and the clipped one when the optimizer clips. */
export interface GlobalNorm {
  /** Step over the whole run (`unit: 'step'`) or epoch (`unit: 'epoch'`). */
  x: number;
  raw: number;
  clipped: number | null;
}

/** The norms a chart draws, and whether x counts steps or epochs. */
export interface GlobalNorms {
  unit: 'step' | 'epoch';
  points: GlobalNorm[];
}

/** Relative gap between raw and clipped norm below which a step counts as unclipped (float32 rounding of the same gradient is far below). */
export const CLIP_TOLERANCE = 1e-4;

const num = (v: number | undefined): v is number => typeof v === 'number' && !Number.isNaN(v);

/**
 * Per measured step from the live layer samples when any carries `grad_norm_raw`, else per
 * epoch from the records; null when neither has it (runs recorded before these fields).
 * An exploding raw norm stays in (Infinity included): the chart leaves out what it cannot draw.
 * Example: samples `[{step: 20, grad_norm_raw: 8, grad_norm_clipped: 1.4}]` → `{unit: 'step', points: [{x: 20, raw: 8, clipped: 1.4}]}`.
 */
export function globalNorms(samples: readonly LayersSample[], epochs: readonly EpochMetrics[]): GlobalNorms | null {
  const live = samples.filter((s) => num(s.grad_norm_raw)).map((s) => ({ x: s.step, raw: s.grad_norm_raw as number, clipped: num(s.grad_norm_clipped) ? s.grad_norm_clipped : null }));
  if (live.length > 0) return { unit: 'step', points: live };
  const stored = epochs.filter((m) => num(m.grad_norm_raw)).map((m) => ({ x: m.epoch, raw: m.grad_norm_raw as number, clipped: num(m.grad_norm_clipped) ? m.grad_norm_clipped : null }));
  return stored.length > 0 ? { unit: 'epoch', points: stored } : null;
}

/**
 * How often clipping changed the gradient: points whose clipped norm is below the raw one
 * (by more than {@link CLIP_TOLERANCE}), out of the points that report a clipped norm.
 * Example: (raw, clipped) (8, 1.4), (0.6, 0.6), (3, 1.1) → `{clipped: 2, measured: 3}`.
 */
export function clippingCount(norms: GlobalNorms): { clipped: number; measured: number } {
  const withClip = norms.points.filter((p) => p.clipped !== null);
  const clipped = withClip.filter((p) => (p.clipped as number) < p.raw * (1 - CLIP_TOLERANCE) || (!Number.isFinite(p.raw) && Number.isFinite(p.clipped))).length;
  return { clipped, measured: withClip.length };
}

/** Whether any point reports a clipped norm (the optimizer clips). */
export function clips(norms: GlobalNorms | null): boolean {
  return !!norms && norms.points.some((p) => p.clipped !== null);
}

/** The largest finite raw norm over the smallest, e.g. 1e6 for a run whose gradients exploded; null below two finite points. */
export function rawGrowth(norms: GlobalNorms): number | null {
  const ys = norms.points.map((p) => p.raw).filter((y) => Number.isFinite(y) && y > 0);
  if (ys.length < 2) return null;
  return Math.max(...ys) / Math.min(...ys);
}

const drawable = (y: number | null): number => (y !== null && Number.isFinite(y) && y > 0 ? y : Number.NaN);

/**
 * Raw (danger colour) and, when clipping is on, clipped (accent) on a log axis; values that a
 * log axis cannot draw (non-finite, ≤ 0) become gaps. Points are marked on short series.
 */
export function globalNormSeries(norms: GlobalNorms, labels: { raw: string; clipped: string }): ChartSeries[] {
  const points = norms.points.length <= 40 ? 2 : 0;
  const raw: Point[] = norms.points.map((p) => ({ x: p.x, y: drawable(p.raw) }));
  const out: ChartSeries[] = [{ label: labels.raw, data: raw, color: 'danger', width: 1.75, points }];
  if (clips(norms)) out.push({ label: labels.clipped, data: norms.points.map((p) => ({ x: p.x, y: drawable(p.clipped) })), color: 'accent', width: 1.75, points });
  return out;
}
