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

/** Inverted dropout (Keras semantics: kept units scaled by 1/(1−rate) while training); shape unchanged. */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args);
    this.rate = checkRate('dropout', args.rate);
    this.seed = args.seed ?? randomSeed();
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallKwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = onlyInput(inputs);
      if (kwargs['training'] !== true || this.rate === 0) return tf.clone(x);
      return tf.dropout(x, this.rate, undefined, callSeed(this.seed, this.calls++));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
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
export class SeededAlphaDropout extends tf.layers.Layer {
  static readonly className = 'SeededAlphaDropout';
  readonly rate: number;
  readonly seed: number;
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args);
    this.rate = checkRate('alpha_dropout', args.rate);
    this.seed = args.seed ?? randomSeed();
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallKwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = onlyInput(inputs);
      if (kwargs['training'] !== true || this.rate === 0) return tf.clone(x);
      const p = this.rate;
      const alphaP = -SELU_ALPHA * SELU_SCALE;
      const uniform = tf.randomUniform(x.shape, 0, 1, 'float32', callSeed(this.seed, this.calls++));
      const kept = tf.cast(tf.greaterEqual(uniform, p), 'float32');
      const a = ((1 - p) * (1 + p * alphaP * alphaP)) ** -0.5;
      const b = -a * alphaP * p;
      const dropped = tf.add(tf.mul(x, kept), tf.mul(tf.sub(1, kept), alphaP));
      return tf.add(tf.mul(dropped, a), b);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededAlphaDropout);
