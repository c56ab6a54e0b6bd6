/**
 * Kernel regularizers (Keras `l1_l2`) and max-norm constraints (Keras `max_norm`) of a
 * model's Dense layers, resolved once per run to the kernel variables they act on.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../src-shared/model/spec.js';
import { layerNames } from './model-plan.js';

/** Keras' backend epsilon, which max_norm adds to the norm it divides by. */
export const MAX_NORM_EPSILON = 1e-7;

/** One regularized kernel: the penalty l1·Σ|W| + l2·ΣW². */
export interface KernelPenalty {
  kernel: tf.Variable;
  l1: number;
  l2: number;
}

/** One max-norm constrained kernel. */
export interface KernelMaxNorm {
  kernel: tf.Variable;
  maxValue: number;
}

/** The regularizers and constraints of a built model; both lists empty for a plain model. */
export interface WeightRules {
  penalties: KernelPenalty[];
  maxNorms: KernelMaxNorm[];
}

function kernelOf(model: tf.LayersModel, name: string): tf.Variable {
  const kernel = model.getLayer(name).weights[0]?.read();
  if (kernel === undefined) throw new Error(`layer ${name} has no kernel`);
  return kernel as tf.Variable;
}

/** Resolves `spec`'s kernel_regularizer / kernel_constraint entries to `model`'s kernel variables. */
export function weightRules(spec: ModelSpec, model: tf.LayersModel): WeightRules {
  const names = layerNames(spec);
  const rules: WeightRules = { penalties: [], maxNorms: [] };
  spec.layers.forEach((layer, i) => {
    if (layer.kind !== 'dense') return;
    const name = names[i] as string;
    const reg = layer.kernel_regularizer;
    if (reg !== undefined && ((reg.l1 ?? 0) !== 0 || (reg.l2 ?? 0) !== 0)) {
      rules.penalties.push({ kernel: kernelOf(model, name), l1: reg.l1 ?? 0, l2: reg.l2 ?? 0 });
    }
    const c = layer.kernel_constraint;
    if (c !== undefined) {
      if (!(c.max_value > 0)) throw new Error(`layers[${i}].kernel_constraint.max_value must be positive. Received: max_value=${c.max_value}`);
      rules.maxNorms.push({ kernel: kernelOf(model, name), maxValue: c.max_value });
    }
  });
  return rules;
}

/**
 * Σ over the regularized kernels of l1·Σ|W| + l2·ΣW² (a scalar, differentiable), or null
 * when nothing is regularized. Call inside the loss function so that the gradients see it.
 */
export function regularizationPenalty(penalties: readonly KernelPenalty[]): tf.Scalar | null {
  if (penalties.length === 0) return null;
  return tf.tidy(() =>
    tf.addN(
      penalties.map(({ kernel, l1, l2 }) => {
        const terms: tf.Scalar[] = [];
        if (l1 !== 0) terms.push(tf.mul(l1, tf.sum(tf.abs(kernel))));
        if (l2 !== 0) terms.push(tf.mul(l2, tf.sum(tf.square(kernel))));
        return terms.length === 1 ? (terms[0] as tf.Scalar) : tf.addN(terms);
      }),
    ) as tf.Scalar,
  );
}

/**
 * Applies each max-norm constraint in place, as Keras after every optimizer step:
 * W ← W · clip(‖W_:,j‖, 0, max) / (ε + ‖W_:,j‖) per column j (one unit's incoming weights).
 */
export function applyMaxNorms(maxNorms: readonly KernelMaxNorm[]): void {
  for (const { kernel, maxValue } of maxNorms) {
    const next = tf.tidy(() => {
      const norms = tf.sqrt(tf.sum(tf.square(kernel), 0, true));
      return tf.mul(kernel, tf.div(tf.clipByValue(norms, 0, maxValue), tf.add(norms, MAX_NORM_EPSILON)));
    });
    kernel.assign(next);
    next.dispose();
  }
}
