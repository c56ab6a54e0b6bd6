/**
 * Starting a model from weights saved by an earlier run (continuing a run). Only the
 * weights are carried over: the model is built from the spec as usual, so the saved
 * topology is never trusted, and every weight must match the built one by name and shape.
 */
import * as tf from '@tensorflow/tfjs';

/** Saved weights as the run store reads them back: the manifest's specs and the concatenated bytes. */
export interface InitialWeights {
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

const shapeText = (shape: readonly (number | null)[]): string => `[${shape.join(', ')}]`;

/** Why the saved entry `s` cannot fill the model weight `w` (missing, another shape or dtype), or null. */
function weightProblem(w: tf.LayerVariable, s: tf.io.WeightsManifestEntry | undefined): string | null {
  if (s === undefined) return `${w.originalName}: not in the saved weights`;
  if (s.shape.length !== w.shape.length || s.shape.some((n, i) => n !== w.shape[i])) {
    return `${w.originalName}: saved with shape ${shapeText(s.shape)}, the model has ${shapeText(w.shape)}`;
  }
  if (s.dtype !== w.dtype) return `${w.originalName}: saved as ${s.dtype}, the model has ${w.dtype}`;
  return null;
}

/**
 * Why `saved` cannot be loaded into `model`, or null when every weight matches: each of
 * the model's weights (trainable or not, e.g. batch-norm moving statistics) must be in
 * the saved specs under its name, with the same shape and dtype, and nothing else may be.
 * Example: `[784, 64]` saved for a Dense(32) →
 * `"dense_1/kernel: saved with shape [784, 64], the model has [784, 32]"`.
 */
export function weightsMismatch(model: tf.LayersModel, specs: readonly tf.io.WeightsManifestEntry[]): string | null {
  const saved = new Map(specs.map((s) => [s.name, s]));
  const problems: string[] = [];
  const wanted = new Set<string>();
  for (const w of model.weights) {
    wanted.add(w.originalName);
    const problem = weightProblem(w, saved.get(w.originalName));
    if (problem !== null) problems.push(problem);
  }
  for (const s of specs) if (!wanted.has(s.name)) problems.push(`${s.name}: saved, but the model has no such weight`);
  return problems.length === 0 ? null : problems.join('; ');
}

/**
 * Overwrites every weight of `model` with the saved values (see {@link weightsMismatch}
 * for what must match). Throws naming every mismatch, before any weight is changed:
 * "the saved weights do not fit this model: dense_1/kernel: saved with shape …".
 */
export function setInitialWeights(model: tf.LayersModel, saved: InitialWeights): void {
  const problem = weightsMismatch(model, saved.weightSpecs);
  if (problem !== null) throw new Error(`the saved weights do not fit this model: ${problem}`);
  const values = tf.io.decodeWeights(saved.weightData, saved.weightSpecs);
  try {
    for (const w of model.weights) w.write(values[w.originalName] as tf.Tensor);
  } finally {
    // write() assigns the variable its own reference: the decoded tensors can go.
    tf.dispose(Object.values(values));
  }
}

/**
 * Transfer learning: overwrites the weights of the layers named `layerNames` (the first
 * layers of the spec, e.g. `['flatten', 'dense_1', 'dense_2']`) with the saved values of
 * the same names; every other layer keeps its initialization and saved weights of other
 * layers are ignored. Each weight of those layers must be saved with the same shape and
 * dtype; otherwise throws naming every mismatch, before any weight is changed:
 * "the saved weights do not fit the transferred layers: dense_2/kernel: saved with shape [300, 100], the model has [300, 50]".
 */
export function setTransferWeights(model: tf.LayersModel, saved: InitialWeights, layerNames: readonly string[]): void {
  const wanted = new Set(layerNames);
  const weights = model.layers.filter((l) => wanted.has(l.name)).flatMap((l) => l.weights);
  const savedByName = new Map(saved.weightSpecs.map((s) => [s.name, s]));
  const problems: string[] = [];
  for (const w of weights) {
    const problem = weightProblem(w, savedByName.get(w.originalName));
    if (problem !== null) problems.push(problem);
  }
  if (problems.length > 0) throw new Error(`the saved weights do not fit the transferred layers: ${problems.join('; ')}`);
  if (weights.length === 0) return;
  // decodeWeights needs the manifest's byte layout whole; only the transferred names are kept.
  const values = tf.io.decodeWeights(saved.weightData, saved.weightSpecs);
  try {
    for (const w of weights) w.write(values[w.originalName] as tf.Tensor);
  } finally {
    tf.dispose(Object.values(values));
  }
}
