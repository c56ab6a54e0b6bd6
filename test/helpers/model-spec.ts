import type { LayerSpec, ModelSpec, OptimizerSpec } from '../../src-shared/model/spec.js';

/** A Fashion-MNIST model document of `layers`, scaled inputs, one epoch of batch 32 (engine tests set their own options). */
export function specOf(layers: LayerSpec[], optimizer: OptimizerSpec = { name: 'sgd', learning_rate: 0.05 }, name = 'test'): ModelSpec {
  return {
    format: 'gradient-lab/model',
    version: 2,
    name,
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers,
    training: { optimizer, epochs: 1, batch_size: 32, seed: 1 },
  };
}
