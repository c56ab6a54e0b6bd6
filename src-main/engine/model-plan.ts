/**
 * Static bookkeeping over a model spec, done without tfjs: layer names, feature counts
 * (fan_in/fan_out of each Dense) and which activation each Dense layer feeds.
 */
import type { LayerKind } from '../../src-shared/model/ids.js';
import { denseDefaults } from '../../src-shared/model/defaults.js';
import type { KernelInitializer, ModelSpec } from '../../src-shared/model/spec.js';
import { INPUT_FEATURES, resolveActivation, type ResolvedActivation } from '../../src-shared/model/summary.js';

/** Everything the engine needs to know about one Dense layer before building it. */
export interface DensePlan {
  /** tfjs layer name: dense_1, dense_2, … in spec order. */
  name: string;
  /** Index of the layer in `spec.layers`. */
  spec_index: number;
  fan_in: number;
  fan_out: number;
  kernel_initializer: KernelInitializer;
  /** Its own activation, or (if linear) the activation layer that follows it ({@link resolveActivation}). */
  activation: ResolvedActivation;
  /** `spec.layers` index of the layer that applies `activation` (the Dense itself when it is its own or linear). */
  activation_index: number;
}

/** Name prefix per layer kind (Keras-style snake_case). */
const NAME_PREFIX: Record<LayerKind, string> = {
  flatten: 'flatten',
  dense: 'dense',
  leaky_relu: 'leaky_relu',
  prelu: 'prelu',
  rrelu: 'rrelu',
  elu: 'elu',
  activation: 'activation',
  batch_normalization: 'batch_normalization',
  dropout: 'dropout',
  alpha_dropout: 'alpha_dropout',
};

/** Deterministic, readable layer names, one per spec layer: `dense_1`, `leaky_relu_1`, `dense_2`, … */
export function layerNames(spec: ModelSpec): string[] {
  const counts = new Map<LayerKind, number>();
  return spec.layers.map((layer) => {
    const n = (counts.get(layer.kind) ?? 0) + 1;
    counts.set(layer.kind, n);
    return `${NAME_PREFIX[layer.kind]}_${n}`;
  });
}

function checkPositiveInt(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer. Received: ${what}=${value}`);
}

/** The Dense layers of `spec` in order, with fans and effective activations. Throws on malformed units. */
export function planDense(spec: ModelSpec): DensePlan[] {
  const names = layerNames(spec);
  const plans: DensePlan[] = [];
  let features = INPUT_FEATURES;
  spec.layers.forEach((layer, i) => {
    if (layer.kind !== 'dense') return;
    checkPositiveInt(`layers[${i}].units`, layer.units);
    const { activation, activationIndex } = resolveActivation(spec.layers, i);
    plans.push({
      name: names[i] as string,
      spec_index: i,
      fan_in: features,
      fan_out: layer.units,
      kernel_initializer: denseDefaults(layer).kernel_initializer,
      activation,
      activation_index: activationIndex,
    });
    features = layer.units;
  });
  return plans;
}
