import { CLASSES, FEATURES, IMAGE_COLS, IMAGE_ROWS } from '../data/types.js';
import type { ActivationId, LayerKind } from './ids.js';
import { denseDefaults, isTrainable } from './defaults.js';
import { expectedKernelStd, initializerLabel } from './initializers.js';
import { assertNever, type KernelInitializer, type LayerSpec, type ModelSpec } from './spec.js';

export {
  DEFAULTS,
  adamDefaults,
  batchNormalizationDefaults,
  denseDefaults,
  eluDefaults,
  leakyReluDefaults,
  rreluDefaults,
  sgdDefaults,
} from './defaults.js';
export { expectedKernelStd, initializerLabel } from './initializers.js';

/** Shape of one input example: a 28×28 grey image (both datasets; the data layer's constants). */
export const INPUT_SHAPE = [IMAGE_ROWS, IMAGE_COLS] as const;
/** Features per example once flattened: 28 × 28 = 784. */
export const INPUT_FEATURES = FEATURES;
/** Classes in both datasets; the output layer must have this many units. */
export const NUM_CLASSES = CLASSES;

/** The nonlinearity a dense layer's output really goes through: its own, or the activation layer after it. */
export type ResolvedActivation = ActivationId | 'prelu' | 'rrelu';

/** Where a dense layer's output is activated: `{activation: 'leaky_relu', activationIndex: 2}` for dense at 1, LeakyReLU at 2. */
export interface ActivationSite {
  activation: ResolvedActivation;
  /** Spec index of the layer that applies `activation` (the dense layer itself when it is its own, or nothing follows). */
  activationIndex: number;
}

/** Dense-layer details: fans, activations and the initializer's theoretical std. */
export interface DenseSummary {
  units: number;
  /** Inputs per unit (the last axis of the layer's input). */
  fanIn: number;
  fanOut: number;
  useBias: boolean;
  /** The layer's own activation, default resolved (`'linear'` when omitted). */
  activation: ActivationId;
  /** Own activation, or, when linear, that of the next activation-type layer (skipping batch norm and dropout). */
  resolvedActivation: ResolvedActivation;
  /** Spec index of the layer that applies `resolvedActivation` (this layer's own index when it is its own). */
  activationIndex: number;
  kernelInitializer: KernelInitializer;
  initializerLabel: string;
  /** Theoretical std of the kernel's weights at initialization. */
  expectedKernelStd: number;
}

/** One row of the summary, e.g. `{index: 1, kind: 'dense', inputShape: [784], outputShape: [300], params: 235500}`. */
export interface LayerSummary {
  /** Position in `model.layers`. */
  index: number;
  kind: LayerKind;
  inputShape: readonly number[];
  outputShape: readonly number[];
  /** All parameters, including non-trainable ones (batch norm's moving mean and variance). */
  params: number;
  trainableParams: number;
  /**
   * `params - trainableParams`: batch norm's moving mean and variance (2 per feature), and every
   * parameter of a frozen layer (`trainable: false`), as Keras counts them.
   */
  nonTrainableParams: number;
  /** False for a frozen layer (`trainable: false`); true for every other layer, with weights or without. */
  trainable: boolean;
  dense?: DenseSummary;
}

/** The whole stack: `inputShape` [28, 28] through each layer to `outputShape` [10]. */
export interface ModelSummary {
  inputShape: readonly number[];
  outputShape: readonly number[];
  layers: LayerSummary[];
  params: number;
  trainableParams: number;
  /** `params - trainableParams` (Keras' "Non-trainable params"). */
  nonTrainableParams: number;
}

/** Shapes and parameter counts layer by layer, in Keras' conventions (a dense layer acts on the last axis). */
export function summarizeModel(model: ModelSpec): ModelSummary {
  let shape: readonly number[] = INPUT_SHAPE;
  const layers = model.layers.map((layer, index): LayerSummary => {
    const row = summarizeLayer(model.layers, layer, index, shape);
    shape = row.outputShape;
    return row;
  });
  const params = layers.reduce((sum, l) => sum + l.params, 0);
  const trainableParams = layers.reduce((sum, l) => sum + l.trainableParams, 0);
  return { inputShape: INPUT_SHAPE, outputShape: shape, layers, params, trainableParams, nonTrainableParams: params - trainableParams };
}

/** One row of {@link summaryJson}: `{index: 1, kind: 'dense', output_shape: [300], params: 235500, trainable_params: 235500}`. */
export interface SummaryJsonLayer {
  index: number;
  kind: LayerKind;
  /** Without the batch axis. */
  output_shape: number[];
  params: number;
  trainable_params: number;
}

/** The `summary --json` contract: exactly these keys, snake_case like the model document. */
export interface SummaryJson {
  layers: SummaryJsonLayer[];
  total_params: number;
  trainable_params: number;
  non_trainable_params: number;
}

/**
 * Keras-style `model.summary()` as plain data, every layer in document order (flatten included).
 * Example, the LeakyReLU net: `{layers: [{index: 0, kind: 'flatten', output_shape: [784], params: 0,
 * trainable_params: 0}, …], total_params: 266610, trainable_params: 266610, non_trainable_params: 0}`.
 */
export function summaryJson(model: ModelSpec): SummaryJson {
  const s = summarizeModel(model);
  return {
    layers: s.layers.map((l) => ({
      index: l.index,
      kind: l.kind,
      output_shape: [...l.outputShape],
      params: l.params,
      trainable_params: l.trainableParams,
    })),
    total_params: s.params,
    trainable_params: s.trainableParams,
    non_trainable_params: s.nonTrainableParams,
  };
}

function summarizeLayer(all: readonly LayerSpec[], layer: LayerSpec, index: number, inputShape: readonly number[]): LayerSummary {
  const row = unfrozenRow(all, layer, index, inputShape);
  if (isTrainable(layer)) return row;
  // A frozen layer's weights all count as non-trainable (Keras' `layer.trainable = False`).
  return { ...row, trainable: false, trainableParams: 0, nonTrainableParams: row.params };
}

/** The row as if the layer were trainable. */
function unfrozenRow(all: readonly LayerSpec[], layer: LayerSpec, index: number, inputShape: readonly number[]): LayerSummary {
  const base = { index, kind: layer.kind, inputShape, outputShape: inputShape, params: 0, trainableParams: 0, nonTrainableParams: 0, trainable: true };
  const features = inputShape[inputShape.length - 1] ?? 1;
  switch (layer.kind) {
    case 'flatten':
      return { ...base, outputShape: [product(inputShape)] };
    case 'dense': {
      const d = denseDefaults(layer);
      const params = features * d.units + (d.use_bias ? d.units : 0);
      const { activation, activationIndex } = resolveActivation(all, index);
      return {
        ...base,
        outputShape: [...inputShape.slice(0, -1), d.units],
        params,
        trainableParams: params,
        dense: {
          units: d.units,
          fanIn: features,
          fanOut: d.units,
          useBias: d.use_bias,
          activation: d.activation,
          resolvedActivation: activation,
          activationIndex,
          kernelInitializer: d.kernel_initializer,
          initializerLabel: initializerLabel(d.kernel_initializer),
          expectedKernelStd: expectedKernelStd(d.kernel_initializer, features, d.units),
        },
      };
    }
    case 'prelu': {
      // Keras' PReLU learns one slope per input position (no shared axes).
      const params = product(inputShape);
      return { ...base, params, trainableParams: params };
    }
    case 'batch_normalization':
      // gamma and beta are trained; the moving mean and variance are not.
      return { ...base, params: 4 * features, trainableParams: 2 * features, nonTrainableParams: 2 * features };
    case 'leaky_relu':
    case 'rrelu':
    case 'elu':
    case 'activation':
    case 'dropout':
    case 'alpha_dropout':
      return base;
    default:
      return assertNever(layer);
  }
}

/**
 * The activation applied to the output of the dense layer at `layers[index]`: its own unless
 * linear, else that of the first activation-type layer after it, looking through batch norm
 * and dropout (Keras' `Dense → BatchNormalization → Activation` pattern). The engine's
 * diagnostics measure at the layer this names, so the summary and the run agree.
 * Example: `[flatten, dense(300), batch_normalization, leaky_relu]`, index 1 →
 * `{activation: 'leaky_relu', activationIndex: 3}`. Throws when `layers[index]` is not dense.
 */
export function resolveActivation(layers: readonly LayerSpec[], index: number): ActivationSite {
  const layer = layers[index];
  if (layer?.kind !== 'dense') {
    throw new Error(`resolveActivation: layers[${index}] must be a dense layer. Received: kind=${layer?.kind ?? 'nothing'}`);
  }
  const own = denseDefaults(layer).activation;
  if (own !== 'linear') return { activation: own, activationIndex: index };
  for (let j = index + 1; j < layers.length; j++) {
    const next = layers[j] as LayerSpec;
    const found = activationOf(next);
    if (found === 'transparent') continue;
    if (found !== null) return { activation: found, activationIndex: j };
    break;
  }
  return { activation: 'linear', activationIndex: index };
}

/** What a layer does to the search for a dense layer's activation: applies one, passes values through, or ends it. */
function activationOf(layer: LayerSpec): ResolvedActivation | 'transparent' | null {
  switch (layer.kind) {
    case 'leaky_relu':
    case 'prelu':
    case 'rrelu':
    case 'elu':
      return layer.kind;
    case 'activation':
      return layer.activation;
    case 'batch_normalization':
    case 'dropout':
    case 'alpha_dropout':
      return 'transparent';
    case 'flatten':
    case 'dense':
      return null;
    default:
      return assertNever(layer);
  }
}

function product(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}
