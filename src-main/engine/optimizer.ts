/** Maps the spec's optimizer to a tfjs optimizer with Keras defaults. */
import * as tf from '@tensorflow/tfjs';
import { assertNever, type OptimizerSpec } from '../../src-shared/model/spec.js';

/** Keras defaults for fields the spec may omit. */
export const OPTIMIZER_DEFAULTS = { momentum: 0, nesterov: false, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } as const;

/** A fresh tfjs optimizer for `spec` (learning rate per step, no schedule). */
export function makeOptimizer(spec: OptimizerSpec): tf.Optimizer {
  if (!(spec.learning_rate > 0)) throw new Error(`learning_rate must be positive. Received: learning_rate=${spec.learning_rate}`);
  switch (spec.name) {
    case 'sgd': {
      const momentum = spec.momentum ?? OPTIMIZER_DEFAULTS.momentum;
      if (!(momentum >= 0)) throw new Error(`momentum must be >= 0. Received: momentum=${momentum}`);
      // tfjs' momentum optimizer with momentum 0 still keeps accumulators: use plain SGD then.
      return momentum === 0
        ? tf.train.sgd(spec.learning_rate)
        : tf.train.momentum(spec.learning_rate, momentum, spec.nesterov ?? OPTIMIZER_DEFAULTS.nesterov);
    }
    case 'adam':
      return tf.train.adam(
        spec.learning_rate,
        spec.beta_1 ?? OPTIMIZER_DEFAULTS.beta_1,
        spec.beta_2 ?? OPTIMIZER_DEFAULTS.beta_2,
        spec.epsilon ?? OPTIMIZER_DEFAULTS.epsilon,
      );
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
