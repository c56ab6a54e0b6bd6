/**
 * Dropout layers with reproducible noise. tfjs' Dropout with a seed draws the same mask
 * on every step, and without one it cannot be reproduced; its AlphaDropout also sets
 * dropped units to +alpha' instead of Keras' −alpha' (so the output mean drifts).
 */
import * as tf from '@tensorflow/tfjs';
import { type BaseLayerArgs, type CallKwargs, callSeed, onlyInput, randomSeed } from './common.js';

/** Settings of both dropout layers: drop rate in [0, 1) and noise seed. */
export interface SeededDropoutArgs extends BaseLayerArgs {
  rate: number;
  seed?: number;
}

function checkRate(layer: string, rate: number): number {
  if (!(rate >= 0 && rate < 1)) throw new Error(`${layer} rate must be in [0, 1). Received: rate=${rate}`);
  return rate;
}

/**
 * What both dropout layers share: rate and seed, identity at inference, a fresh
 * seeded draw on every training call, and the config for serialization.
 */
abstract class SeededNoiseLayer extends tf.layers.Layer {
  readonly rate: number;
  readonly seed: number;
  private calls = 0;

  constructor(args: SeededDropoutArgs, kind: string) {
    super(args);
    this.rate = checkRate(kind, args.rate);
    this.seed = args.seed ?? randomSeed();
    this.supportsMasking = true;
  }

  /** The training-time transformation of `x` with this call's seed. */
  protected abstract noisy(x: tf.Tensor, seed: string): tf.Tensor;

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallKwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = onlyInput(inputs);
      if (kwargs['training'] !== true || this.rate === 0) return tf.clone(x);
      return this.noisy(x, callSeed(this.seed, this.calls++));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

/** Inverted dropout (Keras semantics: kept units scaled by 1/(1−rate) while training); shape unchanged. */
export class SeededDropout extends SeededNoiseLayer {
  static readonly className = 'SeededDropout';

  constructor(args: SeededDropoutArgs) {
    super(args, 'dropout');
  }

  protected noisy(x: tf.Tensor, seed: string): tf.Tensor {
    return tf.dropout(x, this.rate, undefined, seed);
  }
}
tf.serialization.registerClass(SeededDropout);

// SELU's fixed point (Klambauer et al. 2017).
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * Alpha dropout as in Keras: dropped units take SELU's saturation value −alpha·scale, then
 * an affine correction keeps mean 0 and variance 1 for standardized inputs; shape unchanged.
 */
export class SeededAlphaDropout extends SeededNoiseLayer {
  static readonly className = 'SeededAlphaDropout';

  constructor(args: SeededDropoutArgs) {
    super(args, 'alpha_dropout');
  }

  protected noisy(x: tf.Tensor, seed: string): tf.Tensor {
    const p = this.rate;
    const alphaP = -SELU_ALPHA * SELU_SCALE;
    const uniform = tf.randomUniform(x.shape, 0, 1, 'float32', seed);
    const kept = tf.cast(tf.greaterEqual(uniform, p), 'float32');
    const a = ((1 - p) * (1 + p * alphaP * alphaP)) ** -0.5;
    const b = -a * alphaP * p;
    const dropped = tf.add(tf.mul(x, kept), tf.mul(tf.sub(1, kept), alphaP));
    return tf.add(tf.mul(dropped, a), b);
  }
}
tf.serialization.registerClass(SeededAlphaDropout);
