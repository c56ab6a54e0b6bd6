/**
 * ELU with any alpha: ELU_α(z) = α(exp(z) − 1) for z < 0, z otherwise. tfjs' ELU layer
 * rejects alpha ≠ 1, so this one is used when the spec sets another alpha.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULTS } from '../../../src-shared/model/defaults.js';
import { type BaseLayerArgs, type CallKwargs, onlyInput } from './common.js';

/** ELU settings: alpha > 0 (default 1). */
export interface EluAlphaArgs extends BaseLayerArgs {
  alpha?: number;
}

/** ELU layer with configurable alpha; output shape = input shape, no weights. */
export class EluAlpha extends tf.layers.Layer {
  static readonly className = 'EluAlpha';
  readonly alpha: number;

  constructor(args: EluAlphaArgs = {}) {
    super(args);
    this.alpha = args.alpha ?? DEFAULTS.elu.alpha;
    if (!(this.alpha > 0)) throw new Error(`elu alpha must be positive. Received: alpha=${this.alpha}`);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: CallKwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = onlyInput(inputs);
      // relu(z) + α·min(elu(z), 0): no where() over exp(z), whose overflow for large z
      // would turn the masked-out gradient into 0·∞ = NaN.
      return tf.add(tf.relu(x), tf.mul(this.alpha, tf.minimum(tf.elu(x), 0)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
tf.serialization.registerClass(EluAlpha);
