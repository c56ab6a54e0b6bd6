/** Maps the spec's optimizer to a tfjs optimizer with Keras defaults. */
import * as tf from '@tensorflow/tfjs';
import { adamDefaults, sgdDefaults } from '../../src-shared/model/defaults.js';
import { assertNever, type OptimizerSpec } from '../../src-shared/model/spec.js';

/** A fresh tfjs optimizer for `spec` (learning rate per step, no schedule). */
export function makeOptimizer(spec: OptimizerSpec): tf.Optimizer {
  if (!(spec.learning_rate > 0)) throw new Error(`learning_rate must be positive. Received: learning_rate=${spec.learning_rate}`);
  switch (spec.name) {
    case 'sgd': {
      const { learning_rate, momentum, nesterov } = sgdDefaults(spec);
      if (!(momentum >= 0)) throw new Error(`momentum must be >= 0. Received: momentum=${momentum}`);
      // tfjs' momentum optimizer with momentum 0 still keeps accumulators: use plain SGD then.
      return momentum === 0 ? tf.train.sgd(learning_rate) : tf.train.momentum(learning_rate, momentum, nesterov);
    }
    case 'adam': {
      const { learning_rate, beta_1, beta_2, epsilon } = adamDefaults(spec);
      return tf.train.adam(learning_rate, beta_1, beta_2, epsilon);
    }
    default:
      return assertNever(spec);
  }
}

/**
 * Disposes an optimizer completely. tfjs' MomentumOptimizer.dispose forgets the
 * learning-rate scalar it inherits from SGD, leaking one tensor per run.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const c = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (c !== undefined && !c.isDisposed) c.dispose();
}
