/**
 * Activation functions tfjs lacks, registered so that `tf.layers.dense({activation:
 * 'leakyRelu'})` works and round-trips through saving as Keras' 'leaky_relu'.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Slope of the `leaky_relu` activation *string* (Dense or Activation layer). We follow
 * tf.nn.leaky_relu's 0.2 (also the seed's preferred value); Keras 3's string uses 0.3.
 * The LeakyReLU *layer* keeps its own alpha (default 0.3).
 */
export const LEAKY_RELU_ACTIVATION_ALPHA = 0.2;

/** `leaky_relu` as an activation function: max(0.2·z, z). */
export class LeakyReluActivation extends tf.serialization.Serializable {
  // tfjs looks activations up by class name, in camelCase: saving writes it as Keras'
  // 'leaky_relu' and loading camel-cases it back.
  static readonly className = 'leakyRelu';

  apply(x: tf.Tensor): tf.Tensor {
    return tf.leakyRelu(x, LEAKY_RELU_ACTIVATION_ALPHA);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}
tf.serialization.registerClass(LeakyReluActivation);
