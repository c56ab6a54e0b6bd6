/**
 * What an initializer promises, as a distribution to draw: Keras' corrected truncated
 * normal, an untruncated normal, or a uniform box; plus the histogram of the engine's
 * draws on the same density scale. Pure functions, tested without a DOM.
 */
import { NAMED_INITIALIZERS, expectedKernelStd, fanFor } from '../../../src-shared/model/initializers.js';
import { assertNever, type KernelInitializer } from '../../../src-shared/model/spec.js';

/** erf(x) by its Taylor series: exact to double precision for |x| ≤ 3, all this module needs. */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** P(|Z| ≤ 2) for a standard normal Z: the mass a ±2σ truncation keeps (0.9545). */
export const TRUNCATED_MASS = erf(Math.SQRT2);
/**
 * std of N(0, 1) truncated to ±2, √(1 − 4φ(2)/P(|Z| ≤ 2)) = 0.87962566…: Keras divides the
 * wanted std by it (the engine's TRUNCATION_CORRECTION; a test checks they agree).
 */
export const TRUNCATION_CORRECTION = Math.sqrt(1 - (4 * Math.exp(-2)) / Math.sqrt(2 * Math.PI) / TRUNCATED_MASS);

/** The distribution a kernel's weights are drawn from. */
export type TheoryDistribution =
  /** Drawn from N(0, draw_std), redrawn beyond ±cut = 2·draw_std; the result has std `std`. */
  | { kind: 'truncated_normal'; std: number; draw_std: number; cut: number }
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'uniform'; lo: number; hi: number; std: number };

/**
 * The distribution of `init` for a [fan_in, fan_out] kernel. Example: he_normal, 784 → 300 →
 * `{ kind: 'truncated_normal', std: 0.0505, draw_std: 0.0574, cut: 0.1148 }`.
 */
export function theoryFor(init: KernelInitializer, fanIn: number, fanOut: number): TheoryDistribution {
  const std = expectedKernelStd(init, fanIn, fanOut);
  const vs = typeof init === 'string' ? NAMED_INITIALIZERS[init] : init.name === 'variance_scaling' ? init : null;
  if (vs) {
    switch (vs.distribution) {
      case 'truncated_normal': {
        const draw = std / TRUNCATION_CORRECTION;
        return { kind: 'truncated_normal', std, draw_std: draw, cut: 2 * draw };
      }
      case 'untruncated_normal':
        return { kind: 'normal', mean: 0, std };
      case 'uniform': {
        // Same limit as the engine: √3·σ with σ = √(scale/fan).
        const limit = Math.sqrt(3) * Math.sqrt(vs.scale / fanFor(vs.mode, fanIn, fanOut));
        return { kind: 'uniform', lo: -limit, hi: limit, std };
      }
      default:
        return assertNever(vs.distribution);
    }
  }
  if (typeof init === 'string') throw new Error(`unreachable: ${init}`);
  switch (init.name) {
    case 'random_normal':
      return { kind: 'normal', mean: init.mean, std: init.stddev };
    case 'random_uniform':
      return { kind: 'uniform', lo: init.minval, hi: init.maxval, std };
    case 'variance_scaling':
      throw new Error('unreachable: variance_scaling handled above');
    default:
      return assertNever(init);
  }
}

const gauss = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** The density at `x` (integrates to 1). */
export function densityAt(d: TheoryDistribution, x: number): number {
  switch (d.kind) {
    case 'truncated_normal':
      return Math.abs(x) > d.cut ? 0 : gauss(x / d.draw_std) / d.draw_std / TRUNCATED_MASS;
    case 'normal':
      return gauss((x - d.mean) / d.std) / d.std;
    case 'uniform':
      return x < d.lo || x > d.hi ? 0 : 1 / (d.hi - d.lo);
    default:
      return assertNever(d);
  }
}

/** The x range worth drawing: the support, or mean ± 4σ for an untruncated normal, widened by 10% so the edges show. */
export function plotRange(d: TheoryDistribution): [number, number] {
  const [lo, hi] =
    d.kind === 'truncated_normal' ? [-d.cut, d.cut] : d.kind === 'normal' ? [d.mean - 4 * d.std, d.mean + 4 * d.std] : [d.lo, d.hi];
  const pad = (hi - lo) * 0.1;
  return [lo - pad, hi + pad];
}

/**
 * The density as a drawable curve: `n` points over [lo, hi], with vertical edges at the
 * truncation or box ends so a uniform shows as a box rather than a slope.
 */
export function densityCurve(d: TheoryDistribution, lo: number, hi: number, n = 241): { x: number; y: number }[] {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(lo + ((hi - lo) * i) / (n - 1));
  const edges = d.kind === 'truncated_normal' ? [-d.cut, d.cut] : d.kind === 'uniform' ? [d.lo, d.hi] : [];
  const eps = (hi - lo) * 1e-9;
  for (const e of edges) if (e > lo && e < hi) xs.push(e - eps, e + eps);
  xs.sort((a, b) => a - b);
  return xs.map((x) => ({ x, y: densityAt(d, x) }));
}

/** A histogram scaled as a density (bar height = fraction / bin width), so it overlays the theoretical curve. */
export interface DensityHistogram {
  /** bins + 1 edges, increasing. */
  edges: number[];
  /** One height per bin. */
  heights: number[];
}

/**
 * Bins `values` on [lo, hi] (values outside are clamped into the end bins, so none are lost).
 * Example: `histogram([0.1, 0.2, 0.9], 0, 1, 2)` → edges [0, 0.5, 1], heights [4/3, 2/3].
 */
export function histogram(values: readonly number[], lo: number, hi: number, bins: number): DensityHistogram {
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const n = Math.max(1, values.length);
  return {
    edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width),
    heights: counts.map((c) => c / n / width),
  };
}

/** A histogram as the points of a stepped outline (Chart.js `stepped: 'after'`), closed down to 0 at both ends. */
export function histogramOutline(h: DensityHistogram): { x: number; y: number }[] {
  const first = h.edges[0] ?? 0;
  const last = h.edges[h.edges.length - 1] ?? 0;
  const pts = [{ x: first, y: 0 }];
  h.heights.forEach((y, i) => pts.push({ x: h.edges[i] ?? 0, y }));
  pts.push({ x: last, y: h.heights[h.heights.length - 1] ?? 0 }, { x: last, y: 0 });
  return pts;
}
