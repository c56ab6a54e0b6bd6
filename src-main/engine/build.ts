/**
 * Builds a tfjs Sequential model from a model spec. Every identifier goes through an
 * exhaustive table or switch so a new spec identifier without a mapping fails to compile.
 */
import * as tf from '@tensorflow/tfjs';
import {
  batchNormalizationDefaults,
  denseDefaults,
  eluDefaults,
  isTrainable,
  leakyReluDefaults,
  rreluDefaults,
} from '../../src-shared/model/defaults.js';
import type { ActivationId } from '../../src-shared/model/ids.js';
import { assertNever, type LayerSpec, type ModelSpec } from '../../src-shared/model/spec.js';
import { INPUT_SHAPE } from '../../src-shared/model/summary.js';
import { expectedStd, initializerLabel, makeKernelInitializer } from './initializers.js';
import { EluAlpha, RReLU, SeededAlphaDropout, SeededDropout } from './layers/index.js';
import { layerNames, planDense } from './model-plan.js';
import { deriveSeed } from './prng.js';

/** tfjs activation identifier per spec activation ('leakyRelu' is registered by layers/activations.ts). */
const TFJS_ACTIVATION: Record<ActivationId, string> = {
  linear: 'linear',
  relu: 'relu',
  leaky_relu: 'leakyRelu',
  elu: 'elu',
  selu: 'selu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
};

type TfjsActivation = NonNullable<Parameters<typeof tf.layers.dense>[0]['activation']>;

function activation(id: ActivationId): TfjsActivation {
  return TFJS_ACTIVATION[id] as TfjsActivation;
}

function checkRate(i: number, rate: number): void {
  if (!(rate >= 0 && rate < 1)) throw new Error(`layers[${i}].rate must be in [0, 1). Received: rate=${rate}`);
}

/**
 * Keras runs a batch-normalization layer whose `trainable` is false in inference mode
 * (moving statistics, no updates of them) even while the model trains; tfjs ignores the
 * flag there. The layer's `call` is wrapped to read the flag at every call, so that
 * unfreezing (`layer.trainable = true`) switches it back to batch statistics.
 */
function inferenceWhileFrozen(layer: tf.layers.Layer): tf.layers.Layer {
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, layer.trainable ? kwargs : { ...kwargs, training: false });
  return layer;
}

/** One tfjs layer for one spec layer; `first` carries the model's input shape. */
function makeLayer(layer: LayerSpec, i: number, name: string, seed: number, first: boolean): tf.layers.Layer {
  const base = first ? { name, inputShape: [...INPUT_SHAPE] } : { name };
  const layerSeed = deriveSeed(seed, i);
  switch (layer.kind) {
    case 'flatten':
      return tf.layers.flatten(base);
    case 'dense': {
      const d = denseDefaults(layer);
      return tf.layers.dense({
        ...base,
        units: d.units,
        activation: activation(d.activation),
        useBias: d.use_bias,
        kernelInitializer: makeKernelInitializer(d.kernel_initializer, layerSeed),
        biasInitializer: 'zeros',
      });
    }
    case 'leaky_relu':
      return tf.layers.leakyReLU({ ...base, alpha: leakyReluDefaults(layer).alpha });
    case 'prelu':
      // Keras and tfjs both start the learned slope at 0 (a plain ReLU).
      return tf.layers.prelu({ ...base, alphaInitializer: 'zeros' });
    case 'rrelu': {
      const { lower, upper } = rreluDefaults(layer);
      return new RReLU({ ...base, lower, upper, seed: layerSeed });
    }
    case 'elu': {
      const { alpha } = eluDefaults(layer);
      // tfjs' ELU layer only supports alpha = 1.
      return alpha === 1 ? tf.layers.elu(base) : new EluAlpha({ ...base, alpha });
    }
    case 'activation':
      return tf.layers.activation({ ...base, activation: activation(layer.activation) });
    case 'batch_normalization': {
      const { momentum, epsilon } = batchNormalizationDefaults(layer);
      return inferenceWhileFrozen(tf.layers.batchNormalization({ ...base, momentum, epsilon }));
    }
    case 'dropout':
      checkRate(i, layer.rate);
      return new SeededDropout({ ...base, rate: layer.rate, seed: layerSeed });
    case 'alpha_dropout':
      checkRate(i, layer.rate);
      return new SeededAlphaDropout({ ...base, rate: layer.rate, seed: layerSeed });
    default:
      return assertNever(layer);
  }
}

/**
 * Builds the model for input [batch, 28, 28] → output [batch, units of the last layer].
 * Layers are named after the spec (dense_1, dense_2, …); a Flatten named `flatten_input`
 * is prepended when the spec does not start with one. Same (spec, seed) → same weights.
 * Layers with `trainable: false` are built frozen (see {@link inferenceWhileFrozen} for BN).
 */
export function buildModel(spec: ModelSpec, seed: number): tf.Sequential {
  planDense(spec); // validates units before any tfjs object exists
  const names = layerNames(spec);
  const model = tf.sequential({ name: 'gradient_lab' });
  const startsFlat = spec.layers[0]?.kind === 'flatten';
  if (!startsFlat) model.add(tf.layers.flatten({ name: 'flatten_input', inputShape: [...INPUT_SHAPE] }));
  spec.layers.forEach((layer, i) => {
    const built = makeLayer(layer, i, names[i] as string, seed, startsFlat && i === 0);
    // A frozen layer (Keras `trainable = False`): its weights leave model.trainableWeights,
    // the set the optimizer updates; they stay in model.weights (saved, restored).
    if (!isTrainable(layer)) built.trainable = false;
    model.add(built);
  });
  return model;
}

/** Initialization check of one Dense kernel: the promised std against the drawn one. */
export interface InitStat {
  name: string;
  spec_index: number;
  fan_in: number;
  fan_out: number;
  /** e.g. `he_normal`, `random_uniform(-0.05, 0.05)`. */
  initializer: string;
  expected_std: number;
  measured_std: number;
}

/** Standard deviation of all elements of `t` (population std). */
export function tensorStd(t: tf.Tensor): number {
  return tf.tidy(() => Math.sqrt(tf.moments(t).variance.dataSync()[0] as number));
}

/** Per Dense layer of a freshly built model (same seed as training): expected vs measured kernel std. */
export function initStats(spec: ModelSpec, seed: number): InitStat[] {
  const plans = planDense(spec);
  const model = buildModel(spec, seed);
  try {
    return plans.map((p) => {
      const kernel = model.getLayer(p.name).getWeights()[0];
      if (kernel === undefined) throw new Error(`layer ${p.name} has no kernel`);
      return {
        name: p.name,
        spec_index: p.spec_index,
        fan_in: p.fan_in,
        fan_out: p.fan_out,
        initializer: initializerLabel(p.kernel_initializer),
        expected_std: expectedStd(p.kernel_initializer, p.fan_in, p.fan_out),
        measured_std: tensorStd(kernel),
      };
    });
  } finally {
    model.dispose();
  }
}
