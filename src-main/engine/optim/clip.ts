/**
 * Gradient clipping as the spec documents it (Keras' optimizer arguments): `clipvalue`
 * clips every element to [−clipvalue, clipvalue]; `clipnorm` rescales each variable's
 * gradient on its own to L2 norm ≤ clipnorm (Keras' `_clip_by_norm`, not the global
 * norm). With both, values are clipped first. Keras accepts only one of them; the spec
 * allows both, so the order is fixed here once.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientClipping, OptimizerSpec } from '../../../src-shared/model/spec.js';

/** The clipping settings of an optimizer spec (any spec: every Keras optimizer takes them). */
type Clipping = OptimizerSpec | GradientClipping;

/** True when the spec clips (clipnorm or clipvalue set). */
export function clips(spec: Clipping): boolean {
  return spec.clipnorm !== undefined || spec.clipvalue !== undefined;
}

/** Throws, naming the field and the value, unless clipnorm and clipvalue are positive where given. */
export function checkClipping(spec: Clipping): void {
  for (const field of ['clipnorm', 'clipvalue'] as const) {
    const value = spec[field];
    if (value !== undefined && !(value > 0)) throw new Error(`${field} must be positive. Received: ${field}=${value}`);
  }
}

/**
 * One variable's gradient clipped (a new tensor; `g` itself when the spec does not clip).
 * The norm scale is clipnorm / max(‖g‖, clipnorm) — Keras' g·c / max(‖g‖, c) rearranged so
 * that a gradient under the norm is multiplied by exactly 1 and a zero gradient stays 0.
 */
export function clipOne(spec: Clipping, g: tf.Tensor): tf.Tensor {
  if (!clips(spec)) return g;
  return tf.tidy(() => {
    let out = g;
    if (spec.clipvalue !== undefined) out = tf.clipByValue(out, -spec.clipvalue, spec.clipvalue);
    if (spec.clipnorm !== undefined) {
      const norm = tf.sqrt(tf.sum(tf.square(out)));
      out = out.mul(tf.div(spec.clipnorm, tf.maximum(norm, spec.clipnorm)));
    }
    return out;
  });
}

/**
 * The gradients as the optimizer uses them after clipping. When the spec clips, every
 * entry is a new tensor (the caller disposes them, or calls this inside tf.tidy); when it
 * does not, the entries are the input tensors themselves. Example: clipnorm 1 on
 * `{w: [3, 4]}` → `{w: [0.6, 0.8]}`; on `{w: [0.3, 0.4]}` → `{w: [0.3, 0.4]}`.
 */
export function clipGradients(spec: Clipping, grads: tf.NamedTensorMap): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [name, g] of Object.entries(grads)) out[name] = clipOne(spec, g);
  return out;
}

/** Global L2 norm √(Σ over every tensor of Σ g²) of the map, e.g. `{a: [3], b: [4]}` → 5; an empty map → 0. */
export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    if (squares.length === 0) return tf.scalar(0);
    return tf.sqrt(squares.length === 1 ? (squares[0] as tf.Tensor) : tf.addN(squares)) as tf.Scalar;
  });
}
