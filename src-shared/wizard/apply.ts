/**
 * "Apply" of the guideline wizard: rewrite a model's hidden activations and initializers to
 * one candidate, as the wizard's button, the cross-validation service and the speed
 * measurement all need the same rewrite (one rule, one function).
 */
import type { DenseLayer, LayerSpec, ModelSpec } from '../model/spec.js';
import { resolveActivation } from '../model/summary.js';
import type { CandidateActivation, CandidateInitializer } from './types.js';

/** The chapter's pairing: LeCun for SELU, He for the ReLU family and ELU, Glorot for tanh/sigmoid. */
export const INITIALIZER_FOR: Record<CandidateActivation, CandidateInitializer> = {
  selu: 'lecun_normal',
  elu: 'he_normal',
  leaky_relu: 'he_normal',
  rrelu: 'he_normal',
  prelu: 'he_normal',
  relu: 'he_normal',
  tanh: 'glorot_uniform',
  sigmoid: 'glorot_uniform',
};

/** Candidates the format can only express as a layer of their own (LeakyReLU has both; its layer carries the slope). */
type LayerCandidate = 'leaky_relu' | 'prelu' | 'rrelu';
/** Candidates a Dense `activation` field (or an `activation` layer) can name. */
type FieldCandidate = Exclude<CandidateActivation, LayerCandidate>;

function isLayerCandidate(a: CandidateActivation): a is LayerCandidate {
  return a === 'leaky_relu' || a === 'prelu' || a === 'rrelu';
}

/** The layer that applies a layer-kind candidate. LeakyReLU's 0.2: the lecture notes find it beats Keras' 0.3 default. */
function candidateLayer(a: LayerCandidate): LayerSpec {
  switch (a) {
    case 'leaky_relu':
      return { kind: 'leaky_relu', alpha: 0.2 };
    case 'prelu':
      return { kind: 'prelu' };
    case 'rrelu':
      return { kind: 'rrelu' };
  }
}

/**
 * Whether `layer` already computes `a`; such a layer is kept, so a slope or range the student
 * chose (leaky_relu alpha 0.1, an elu layer's alpha) survives and applying twice changes nothing.
 */
function alreadyApplies(layer: LayerSpec, a: CandidateActivation): boolean {
  if (layer.kind === 'activation') return layer.activation === a;
  return layer.kind === a;
}

/** The activation layer that replaces `old` in place (its position, e.g. after batch norm, is kept). */
function replacementLayer(old: LayerSpec, a: CandidateActivation): LayerSpec {
  if (alreadyApplies(old, a)) return old;
  return isLayerCandidate(a) ? candidateLayer(a) : { kind: 'activation', activation: a };
}

/** A dense layer with `activation` set (or dropped when undefined = linear) and the candidate's initializer, keys in document order. */
function rewriteDense(d: DenseLayer, activation: FieldCandidate | undefined, init: CandidateInitializer): DenseLayer {
  return {
    kind: 'dense',
    units: d.units,
    ...(activation !== undefined ? { activation } : {}),
    kernel_initializer: init,
    ...(d.use_bias !== undefined ? { use_bias: d.use_bias } : {}),
  };
}

/**
 * The model with every hidden dense layer (all but the last dense, the output) going through
 * `activation` with its initializer ({@link INITIALIZER_FOR}); a new object, `model` untouched.
 * A separate activation layer after a linear dense (possibly behind batch norm) is replaced in
 * place; otherwise Dense `activation` is set, or for leaky_relu/prelu/rrelu the dense becomes
 * linear and the layer is inserted right after it. SELU also standardizes the inputs and turns
 * dropout into alpha dropout; any other candidate turns alpha dropout back into dropout.
 * Idempotent. Example: he-relu's `[flatten, dense(100, relu, he_normal), dense(10, softmax)]`
 * with `'prelu'` → `[flatten, dense(100, he_normal), prelu, dense(10, softmax)]`.
 */
export function applyCandidate(model: ModelSpec, activation: CandidateActivation): ModelSpec {
  const out = JSON.parse(JSON.stringify(model)) as ModelSpec;
  const src = out.layers;
  const init = INITIALIZER_FOR[activation];
  let lastDense = -1;
  src.forEach((l, i) => {
    if (l.kind === 'dense') lastDense = i;
  });

  // Activation layers owned by a hidden dense (summary's activationIndex) are replaced where they stand.
  const replaceAt = new Set<number>();
  const insertAfter = new Set<number>();
  const newDense = new Map<number, DenseLayer>();
  src.forEach((l, i) => {
    if (l.kind !== 'dense' || i === lastDense) return;
    const site = resolveActivation(src, i);
    if (site.activationIndex !== i) {
      replaceAt.add(site.activationIndex);
      newDense.set(i, rewriteDense(l, undefined, init));
    } else if (isLayerCandidate(activation)) {
      insertAfter.add(i);
      newDense.set(i, rewriteDense(l, undefined, init));
    } else {
      newDense.set(i, rewriteDense(l, activation, init));
    }
  });

  const selu = activation === 'selu';
  const layers: LayerSpec[] = [];
  src.forEach((l, i) => {
    const dense = newDense.get(i);
    if (dense) {
      layers.push(dense);
      if (insertAfter.has(i)) layers.push(candidateLayer(activation as LayerCandidate));
    } else if (replaceAt.has(i)) {
      layers.push(replacementLayer(l, activation));
    } else if (selu && l.kind === 'dropout') {
      // Plain dropout would break SELU's self-normalization; alpha dropout keeps mean and variance.
      layers.push({ kind: 'alpha_dropout', rate: l.rate });
    } else if (!selu && l.kind === 'alpha_dropout') {
      // Alpha dropout is tuned to SELU's saturation value; with anything else it is plain dropout's job.
      layers.push({ kind: 'dropout', rate: l.rate });
    } else {
      layers.push(l);
    }
  });

  out.layers = layers;
  if (selu) out.preprocess = 'standardize';
  return out;
}
