/**
 * Kernel initializers with exactly the variances of the chapter's table (Glorot
 * 1/fan_avg, He 2/fan_in, LeCun 1/fan_in). tfjs' own truncated-normal initializers
 * omit Keras's correction and come out ~0.88× too narrow, so the variance-scaling
 * family is implemented here; random_normal/random_uniform use tfjs' seeded samplers,
 * which are correct.
 */
import * as tf from '@tensorflow/tfjs';
import { FAN_MODES, VS_DISTRIBUTIONS, type FanMode, type NamedInitializerId, type VsDistribution } from '../../src-shared/model/ids.js';
import { assertNever, type KernelInitializer, type VarianceScalingInit } from '../../src-shared/model/spec.js';
import { deriveSeed } from './prng.js';
import { NAMED_INITIALIZERS, fanFor } from '../../src-shared/model/initializers.js';

/** A tfjs-layers initializer instance (the class itself is not exported by tfjs). */
export type Initializer = ReturnType<typeof tf.initializers.zeros>;
type InitializerClass = abstract new () => Initializer;

/**
 * std of N(0, 1) truncated to ±2: Keras divides the wanted std by this so the truncated
 * draws have the wanted std (keras.initializers.VarianceScaling).
 */
export const TRUNCATION_CORRECTION = 0.87962566103423978;

/** Resolves a named initializer to its variance-scaling form; configured objects pass through. */
export function resolveInitializer(init: KernelInitializer): Exclude<KernelInitializer, NamedInitializerId> {
  return typeof init === 'string' ? { name: 'variance_scaling', ...NAMED_INITIALIZERS[init] } : init;
}

// The maths of what an initializer promises lives in src-shared (the editor shows it too);
// the engine only draws the weights.
export { fanFor, initializerLabel, expectedKernelStd as expectedStd } from '../../src-shared/model/initializers.js';

// tfjs-layers checks `instanceof Initializer` but does not export the class; every
// built-in initializer extends it directly, so take it from one of them.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as InitializerClass;

/** tfjs camel-cases every string of a loaded config ('fan_avg' → 'fanAvg'); accept both spellings. */
function oneOf<T extends string>(field: string, allowed: readonly T[], value: string): T {
  const snake = value.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if ((allowed as readonly string[]).includes(snake)) return snake as T;
  throw new Error(`variance_scaling ${field} must be one of ${allowed.join(', ')}. Received: ${field}=${value}`);
}

function camel(value: string): string {
  return value.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

interface VsConfig {
  scale: number;
  mode: FanMode;
  distribution: VsDistribution;
  seed: number;
}

/**
 * Keras-exact VarianceScaling: truncated_normal draws N(0, σ/0.8796) cut at ±2 of that
 * std, so the result has std σ = sqrt(scale / fan). Registered for model (de)serialization.
 */
export class KerasVarianceScaling extends InitializerBase {
  static readonly className = 'KerasVarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: VsDistribution;
  readonly seed: number;

  constructor(config: VsConfig) {
    super();
    if (!(config.scale > 0)) throw new Error(`variance_scaling scale must be positive. Received: scale=${config.scale}`);
    this.scale = config.scale;
    this.mode = oneOf('mode', FAN_MODES, config.mode);
    this.distribution = oneOf('distribution', VS_DISTRIBUTIONS, config.distribution);
    this.seed = config.seed;
  }

  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (dtype !== undefined && dtype !== 'float32') throw new Error(`KerasVarianceScaling supports float32 only. Received: dtype=${dtype}`);
    // Kernels here are 2-D [fan_in, fan_out]; for other ranks follow Keras' receptive-field rule.
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const fanIn = shape.length >= 2 ? (shape[shape.length - 2] ?? 1) * receptive : (shape[0] ?? 1);
    const fanOut = shape.length >= 2 ? (shape[shape.length - 1] ?? 1) * receptive : (shape[0] ?? 1);
    const std = Math.sqrt(this.scale / fanFor(this.mode, fanIn, fanOut));
    switch (this.distribution) {
      case 'truncated_normal':
        return tf.truncatedNormal(shape, 0, std / TRUNCATION_CORRECTION, 'float32', this.seed);
      case 'untruncated_normal':
        return tf.randomNormal(shape, 0, std, 'float32', this.seed);
      case 'uniform': {
        const limit = Math.sqrt(3) * std;
        return tf.randomUniform(shape, -limit, limit, 'float32', this.seed);
      }
      default:
        return assertNever(this.distribution);
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    // camelCase like tfjs' own configs: saving snake-cases string values again.
    return { scale: this.scale, mode: camel(this.mode), distribution: camel(this.distribution), seed: this.seed };
  }
}
tf.serialization.registerClass(KerasVarianceScaling as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

/**
 * A seeded initializer for a Dense kernel of shape [fan_in, fan_out] with the chapter's
 * variances; the same (init, seed) always yields the same weights.
 */
export function makeKernelInitializer(init: KernelInitializer, seed: number): Initializer {
  const r = resolveInitializer(init);
  // Hashed because tfjs' Gaussian samplers treat seed 0 as "unseeded".
  seed = deriveSeed(seed);
  switch (r.name) {
    case 'random_normal':
      return tf.initializers.randomNormal({ mean: r.mean, stddev: r.stddev, seed });
    case 'random_uniform':
      return tf.initializers.randomUniform({ minval: r.minval, maxval: r.maxval, seed });
    case 'variance_scaling':
      return new KerasVarianceScaling({ scale: r.scale, mode: r.mode, distribution: r.distribution, seed });
    default:
      return assertNever(r);
  }
}
