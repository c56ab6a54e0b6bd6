/** Synthetic layer diagnostics and stacks for the diagnosis and health tests (shapes of real runs, numbers chosen). */
import { parseModel, type ModelSpec } from '../../../src-shared/model/index.js';
import type { EpochMetrics, InactiveKind, LayerDiagnostics } from '../../../src-shared/training/metrics.js';

const KIND: Record<string, InactiveKind | null> = {
  relu: 'dead', leaky_relu: 'dead', elu: 'dead', selu: 'dead', prelu: 'dead', rrelu: 'dead',
  sigmoid: 'saturated', tanh: 'saturated', linear: null, softmax: null,
};

/** One hidden layer's numbers; the rest default to a healthy He/ELU layer (grad 2, std 1, nothing inactive). */
export interface LayerNumbers {
  grad?: number;
  std?: number;
  inactive?: number | null;
  activation?: string;
}

/**
 * An epoch of `hidden` dense layers at spec indices 1, 2, … (flatten at 0) and a softmax output:
 * `epochOf([{ std: 1.6 }, { std: 16 }])`.
 */
export function epochOf(hidden: LayerNumbers[], over: Partial<EpochMetrics> = {}): EpochMetrics {
  const layers: LayerDiagnostics[] = hidden.map((h, i) => {
    const activation = h.activation ?? 'elu';
    return {
      name: `dense_${i + 1}`,
      spec_index: i + 1,
      activation,
      grad_norm: h.grad ?? 2,
      weight_norm: 10,
      act_mean: 0.2,
      act_std: h.std ?? 1,
      inactive_fraction: KIND[activation] === null ? null : (h.inactive ?? 0.01),
      inactive_kind: KIND[activation] ?? null,
    };
  });
  layers.push({
    name: `dense_${hidden.length + 1}`,
    spec_index: hidden.length + 1,
    activation: 'softmax',
    grad_norm: 2,
    weight_norm: 3,
    act_mean: 0.1,
    act_std: 0.2,
    inactive_fraction: null,
    inactive_kind: null,
  });
  return { epoch: 1, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: 0.5, seconds: 1, layers, ...over };
}

/** `n` copies of one layer's numbers. */
export function times(n: number, l: LayerNumbers): LayerNumbers[] {
  return Array.from({ length: n }, () => ({ ...l }));
}

/**
 * A valid model whose dense layers sit at spec indices 1…n (flatten at 0) like `epochOf`'s:
 * `n` hidden layers of 120 units with `activation` and `init`, a softmax output, SGD at `lr`.
 */
export function stackModel(n: number, activation: string, init: unknown, lr = 0.01): ModelSpec {
  const r = parseModel({
    format: 'gradient-lab/model',
    version: 2,
    name: 'stack',
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers: [
      { kind: 'flatten' },
      ...Array.from({ length: n }, () => ({ kind: 'dense', units: 120, activation, kernel_initializer: init })),
      { kind: 'dense', units: 10, activation: 'softmax' },
    ],
    training: { optimizer: { name: 'sgd', learning_rate: lr }, epochs: 5, batch_size: 32, seed: 42 },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}
