/**
 * Randomized leaky ReLU (Xu et al. 2015), which Keras lacks: each negative input gets a
 * slope drawn from U(lower, upper) while training, and the mean slope at inference.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULTS } from '../../../src-shared/model/defaults.js';
import { type BaseLayerArgs, type CallKwargs, callSeed, onlyInput, randomSeed } from './common.js';

/** RReLU settings: slope range (defaults 1/8 and 1/3, as in the paper and PyTorch) and noise seed. */
export interface RReLUArgs extends BaseLayerArgs {
  lower?: number;
  upper?: number;
  seed?: number;
}

/** Randomized leaky ReLU layer; output shape = input shape, no weights. */
export class RReLU extends tf.layers.Layer {
  static readonly className = 'RReLU';
  readonly lower: number;
  readonly upper: number;
  readonly seed: number;
  private calls = 0;

  constructor(args: RReLUArgs = {}) {
    super(args);
    this.lower = args.lower ?? DEFAULTS.rrelu.lower;
    this.upper = args.upper ?? DEFAULTS.rrelu.upper;
    if (!(this.lower >= 0 && this.lower <= this.upper)) {
      throw new Error(`RReLU needs 0 <= lower <= upper. Received: lower=${this.lower}, upper=${this.upper}`);
    }
    this.seed = args.seed ?? randomSeed();
    this.supportsMasking = true;
  }

  /** Slope used at inference: (lower + upper) / 2. */
  get meanSlope(): number {
    return (this.lower + this.upper) / 2;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallKwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = onlyInput(inputs);
      if (kwargs['training'] !== true) return tf.leakyRelu(x, this.meanSlope);
      const slopes = tf.randomUniform(x.shape, this.lower, this.upper, 'float32', callSeed(this.seed, this.calls++));
      // Slope 1 where x ≥ 0: the product's gradient is then the slope itself.
      return tf.mul(x, tf.where(tf.greaterEqual(x, 0), tf.onesLike(x), slopes));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), lower: this.lower, upper: this.upper, seed: this.seed };
  }
}
tf.serialization.registerClass(RReLU);
