import type { FanMode, NamedInitializerId, VsDistribution } from './ids.js';
import { assertNever, type KernelInitializer } from './spec.js';

/** A named initializer as Keras defines it: `VarianceScaling(scale, mode, distribution)`. */
export interface VarianceScalingParams {
  scale: number;
  mode: FanMode;
  distribution: VsDistribution;
}

/** Keras' definitions of the named initializers (the normal ones are truncated, with the std corrected). */
export const NAMED_INITIALIZERS: Record<NamedInitializerId, VarianceScalingParams> = {
  glorot_uniform: { scale: 1, mode: 'fan_avg', distribution: 'uniform' },
  glorot_normal: { scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' },
  he_normal: { scale: 2, mode: 'fan_in', distribution: 'truncated_normal' },
  he_uniform: { scale: 2, mode: 'fan_in', distribution: 'uniform' },
  lecun_normal: { scale: 1, mode: 'fan_in', distribution: 'truncated_normal' },
  lecun_uniform: { scale: 1, mode: 'fan_in', distribution: 'uniform' },
};

/** `'he_normal'` → `'he_normal'`; objects → `'variance_scaling(scale=2, mode=fan_avg, distribution=uniform)'`. */
export function initializerLabel(init: KernelInitializer): string {
  if (typeof init === 'string') return init;
  switch (init.name) {
    case 'random_normal':
      return `random_normal(mean=${init.mean}, stddev=${init.stddev})`;
    case 'random_uniform':
      return `random_uniform(minval=${init.minval}, maxval=${init.maxval})`;
    case 'variance_scaling':
      return `variance_scaling(scale=${init.scale}, mode=${init.mode}, distribution=${init.distribution})`;
    default:
      return assertNever(init);
  }
}

/** The fan a variance-scaling mode divides by; fan_avg = (fan_in + fan_out) / 2. */
export function fanFor(mode: FanMode, fanIn: number, fanOut: number): number {
  switch (mode) {
    case 'fan_in':
      return Math.max(1, fanIn);
    case 'fan_out':
      return Math.max(1, fanOut);
    case 'fan_avg':
      return Math.max(1, (fanIn + fanOut) / 2);
    default:
      return assertNever(mode);
  }
}

/**
 * Theoretical std of a kernel's weights, e.g. he_normal with fan_in 784 → sqrt(2/784) ≈ 0.0505.
 * Every variance-scaling distribution has std sqrt(scale/fan): a uniform's limit r = sqrt(3·scale/fan)
 * gives r/√3, and Keras corrects its truncated normal to the intended std (tfjs does not; the engine must).
 */
export function expectedKernelStd(init: KernelInitializer, fanIn: number, fanOut: number): number {
  if (typeof init === 'string') {
    const p = NAMED_INITIALIZERS[init];
    return Math.sqrt(p.scale / fanFor(p.mode, fanIn, fanOut));
  }
  switch (init.name) {
    case 'random_normal':
      return init.stddev;
    case 'random_uniform':
      return (init.maxval - init.minval) / Math.sqrt(12);
    case 'variance_scaling':
      return Math.sqrt(init.scale / fanFor(init.mode, fanIn, fanOut));
    default:
      return assertNever(init);
  }
}
