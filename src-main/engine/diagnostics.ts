/**
 * Per-Dense-layer health measurements on a fixed batch, with the definitions of the
 * chapter reference §1: "dead" units for the ReLU family, "saturated" (unit, example)
 * pairs for sigmoid/tanh.
 */
import * as tf from '@tensorflow/tfjs';
import type { BatchNormDiagnostics, InactiveKind } from '../../src-shared/training/metrics.js';
import { assertNever, type ModelSpec } from '../../src-shared/model/spec.js';
import type { ResolvedActivation } from '../../src-shared/model/summary.js';
import type { DensePlan } from './model-plan.js';

// |z| beyond which sigmoid'/tanh' fall below 5% of their maximum (≈ 4.357 and 2.178): one
// definition, shared with the activation explorer, so "saturated" means the same everywhere.
import { SIGMOID_SATURATION_Z, TANH_SATURATION_Z } from '../../src-shared/model/activations.js';
export { SIGMOID_SATURATION_Z, TANH_SATURATION_Z };

/** How units of an activation can be inactive, or null when the notion does not apply. */
export function inactiveKindOf(activation: ResolvedActivation): InactiveKind | null {
  switch (activation) {
    case 'relu':
    case 'leaky_relu':
    case 'prelu':
    case 'rrelu':
    case 'elu':
    case 'selu':
      return 'dead';
    case 'sigmoid':
    case 'tanh':
      return 'saturated';
    case 'linear':
    case 'softmax':
      return null;
    default:
      return assertNever(activation);
  }
}

/** One Dense layer measured on the diagnostic batch (plain numbers). */
export interface DenseMeasure {
  name: string;
  spec_index: number;
  activation: ResolvedActivation;
  act_mean: number;
  act_std: number;
  /** Dead-unit fraction (ReLU family) or saturated-pair fraction (sigmoid/tanh); null otherwise. */
  inactive_fraction: number | null;
  inactive_kind: InactiveKind | null;
  /** Fraction of (unit, example) pairs with pre-activation ≤ 0 (relu) / < 0: "outputs at zero", not dead units. */
  negative_fraction: number;
  /** L2 norm of the kernel [fan_in, fan_out]. */
  weight_norm: number;
}

/** Inputs and outputs of every layer of a Sequential on `x`, in inference mode (BN uses moving stats, no dropout). */
function forwardByLayer(model: tf.Sequential, x: tf.Tensor): Map<string, { input: tf.Tensor; output: tf.Tensor }> {
  const seen = new Map<string, { input: tf.Tensor; output: tf.Tensor }>();
  let h = x;
  for (const layer of model.layers) {
    const out = layer.apply(h, { training: false }) as tf.Tensor;
    seen.set(layer.name, { input: h, output: out });
    h = out;
  }
  return seen;
}

/** Pre-activation z [batch, units] and activated output a [batch, units] of one Dense layer. */
function preAndPost(
  model: tf.Sequential,
  plan: DensePlan,
  names: readonly string[],
  flow: Map<string, { input: tf.Tensor; output: tf.Tensor }>,
): { z: tf.Tensor; a: tf.Tensor } {
  const dense = flow.get(plan.name);
  if (dense === undefined) throw new Error(`layer ${plan.name} not found in the model`);
  if (plan.activation_index !== plan.spec_index) {
    // The activation is a later layer: z is exactly what that layer receives (after BN, if any).
    const actName = names[plan.activation_index] ?? '';
    const act = flow.get(actName);
    if (act === undefined) throw new Error(`layer ${actName} not found in the model`);
    return { z: act.input, a: act.output };
  }
  if (plan.activation === 'linear') return { z: dense.output, a: dense.output };
  const [kernel, bias] = model.getLayer(plan.name).getWeights();
  if (kernel === undefined) throw new Error(`layer ${plan.name} has no kernel`);
  const zNoBias = tf.matMul(dense.input as tf.Tensor2D, kernel as tf.Tensor2D);
  return { z: bias === undefined ? zNoBias : tf.add(zNoBias, bias), a: dense.output };
}

/**
 * Measures each planned Dense layer on `x` ([n, 28, 28], e.g. the first 256 training
 * images). One device→host read for all layers.
 */
export async function measureDense(
  model: tf.Sequential,
  plans: readonly DensePlan[],
  names: readonly string[],
  x: tf.Tensor,
): Promise<DenseMeasure[]> {
  const PER_LAYER = 5;
  const packed = tf.tidy(() => {
    const flow = forwardByLayer(model, x);
    const rows = plans.map((plan) => {
      const { z, a } = preAndPost(model, plan, names, flow);
      const { mean, variance } = tf.moments(a);
      const kind = inactiveKindOf(plan.activation);
      const negative = plan.activation === 'relu' ? tf.lessEqual(z, 0) : tf.less(z, 0);
      const negativeF = tf.cast(negative, 'float32');
      let inactive: tf.Tensor;
      if (kind === 'dead') {
        // A unit is dead when it is negative on every example: min over the batch axis.
        inactive = tf.mean(tf.min(negativeF, 0));
      } else if (kind === 'saturated') {
        const limit = plan.activation === 'sigmoid' ? SIGMOID_SATURATION_Z : TANH_SATURATION_Z;
        inactive = tf.mean(tf.cast(tf.greater(tf.abs(z), limit), 'float32'));
      } else {
        inactive = tf.scalar(-1);
      }
      const kernel = model.getLayer(plan.name).getWeights()[0] as tf.Tensor;
      return tf.stack([mean, tf.sqrt(variance), inactive, tf.mean(negativeF), tf.norm(kernel)]);
    });
    return rows.length > 0 ? tf.concat(rows) : tf.zeros([0]);
  });
  const values = await packed.data();
  packed.dispose();
  return plans.map((plan, i) => {
    const v = (k: number) => values[i * PER_LAYER + k] as number;
    const kind = inactiveKindOf(plan.activation);
    return {
      name: plan.name,
      spec_index: plan.spec_index,
      activation: plan.activation,
      act_mean: v(0),
      act_std: v(1),
      inactive_fraction: kind === null ? null : v(2),
      inactive_kind: kind,
      negative_fraction: v(3),
      weight_norm: v(4),
    };
  });
}

/** A batch-normalization layer of the model: its tfjs name and index in `spec.layers`. */
export interface BatchNormLayer {
  name: string;
  spec_index: number;
}

/** The batch-normalization layers of `spec`, named as built (`names` = layerNames(spec)). */
export function batchNormLayers(spec: ModelSpec, names: readonly string[]): BatchNormLayer[] {
  return spec.layers.flatMap((layer, i) => (layer.kind === 'batch_normalization' ? [{ name: names[i] as string, spec_index: i }] : []));
}

/**
 * Mean and standard deviation (over every element) of what enters and what leaves each
 * batch-normalization layer on `x`, in inference mode (moving statistics): the layer's
 * input "without" and "with" batch normalization. One device→host read for all layers.
 */
export async function measureBatchNorm(model: tf.Sequential, layers: readonly BatchNormLayer[], x: tf.Tensor): Promise<BatchNormDiagnostics[]> {
  if (layers.length === 0) return [];
  const packed = tf.tidy(() => {
    const flow = forwardByLayer(model, x);
    return tf.concat(
      layers.map(({ name }) => {
        const seen = flow.get(name);
        if (seen === undefined) throw new Error(`layer ${name} not found in the model`);
        const input = tf.moments(seen.input);
        const output = tf.moments(seen.output);
        return tf.stack([input.mean, tf.sqrt(input.variance), output.mean, tf.sqrt(output.variance)]);
      }),
    );
  });
  const values = await packed.data();
  packed.dispose();
  return layers.map(({ name, spec_index }, i) => ({
    name,
    spec_index,
    in_mean: values[4 * i] as number,
    in_std: values[4 * i + 1] as number,
    out_mean: values[4 * i + 2] as number,
    out_std: values[4 * i + 3] as number,
  }));
}
