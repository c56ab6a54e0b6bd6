/**
 * The update rules of Keras 3's optimizers (keras/src/optimizers/*.py, `update_step`),
 * written in tfjs ops. tfjs has its own versions of most of them, but they differ from
 * Keras where the chapter's numbers depend on it: tfjs' momentum keeps Σ g (Keras keeps
 * the velocity −lr·g, which matters once a schedule changes the rate), its Adam/AdaMax put
 * epsilon elsewhere, its AdaGrad starts the accumulator elsewhere, and it has no Nadam or
 * AdamW. One rule per optimizer, each a direct transcription, so a test can check it
 * against the formula on plain numbers.
 */
import * as tf from '@tensorflow/tfjs';
import {
  adagradDefaults,
  adamDefaults,
  adamFamilyDefaults,
  adamwDefaults,
  rmspropDefaults,
  sgdDefaults,
} from '../../../src-shared/model/defaults.js';
import { assertNever, type OptimizerSpec } from '../../../src-shared/model/spec.js';

/**
 * Updates one variable in place: `w` the variable, `g` its (already clipped) gradient,
 * `slots` its slot variables in the rule's order. Runs inside the step's tf.tidy.
 */
export type VariableUpdate = (w: tf.Variable, g: tf.Tensor, slots: readonly tf.Variable[]) => void;

/** One optimizer's rule: its per-variable slots and its update for step t. */
export interface UpdateRule {
  /** Slot names per variable, in getWeights order (Keras' names: `momentum`, `velocity` …). Empty for plain SGD. */
  readonly slots: readonly string[];
  /** Value every slot starts at (AdaGrad: initial_accumulator_value; the others 0). */
  readonly initialSlotValue: number;
  /**
   * The update of step `t` (1-based: Keras' `iterations + 1`) at rate `lr`. Step constants
   * (bias corrections, Nadam's momentum cache) are computed once here in double precision.
   */
  step(t: number, lr: number): VariableUpdate;
}

/** Nadam's momentum schedule μ_t = β1·(1 − ½·0.96^t) (Keras: `u_t`). */
export function nadamMu(beta1: number, t: number): number {
  return beta1 * (1 - 0.5 * Math.pow(0.96, t));
}

/** Nadam's momentum cache Π_{i=1..t} μ_i (Keras' `_u_product` after step t's update; 1 at t = 0). */
export function nadamMuProduct(beta1: number, t: number): number {
  return nadamMuProducts(beta1)(t);
}

/**
 * The momentum cache as a function of t that extends its last product, so a run's steps
 * cost one multiplication each rather than t (a restart from setWeights recomputes once).
 */
function nadamMuProducts(beta1: number): (t: number) => number {
  let at = 0;
  let product = 1;
  return (t) => {
    if (t < at) {
      at = 0;
      product = 1;
    }
    while (at < t) product *= nadamMu(beta1, ++at);
    return product;
  };
}

function check(ok: boolean, field: string, value: unknown, requirement: string): void {
  if (!ok) throw new Error(`${field} must be ${requirement}. Received: ${field}=${String(value)}`);
}

/** Adam's rule (shared by AdamW after its decay). */
function adamStep(beta1: number, beta2: number, epsilon: number, t: number, lr: number): VariableUpdate {
  const alpha = (lr * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
  return (w, g, slots) => {
    const [m, v] = slots as [tf.Variable, tf.Variable];
    const m1 = m.add(g.sub(m).mul(1 - beta1));
    const v1 = v.add(g.square().sub(v).mul(1 - beta2));
    m.assign(m1);
    v.assign(v1);
    w.assign(w.sub(m1.mul(alpha).div(v1.sqrt().add(epsilon))));
  };
}

/** The rule for `spec`, with Keras' defaults for omitted settings. Throws, naming the field, on a setting Keras rejects. */
export function updateRule(spec: OptimizerSpec): UpdateRule {
  switch (spec.name) {
    case 'sgd': {
      const { momentum, nesterov } = sgdDefaults(spec);
      check(momentum >= 0 && momentum <= 1, 'momentum', momentum, 'a number from 0 to 1');
      if (momentum === 0) {
        return { slots: [], initialSlotValue: 0, step: (_t, lr) => (w, g) => w.assign(w.sub(g.mul(lr))) };
      }
      return {
        slots: ['momentum'],
        initialSlotValue: 0,
        // m ← μ·m − lr·g; w ← w + m (Nesterov: w ← w + μ·m − lr·g with the new m).
        step: (_t, lr) => (w, g, slots) => {
          const m = slots[0] as tf.Variable;
          const step = g.mul(lr);
          const m1 = m.mul(momentum).sub(step);
          m.assign(m1);
          w.assign(nesterov ? w.add(m1.mul(momentum).sub(step)) : w.add(m1));
        },
      };
    }
    case 'adagrad': {
      const { initial_accumulator_value: initial, epsilon } = adagradDefaults(spec);
      check(initial >= 0, 'initial_accumulator_value', initial, 'a number >= 0');
      return {
        slots: ['accumulator'],
        initialSlotValue: initial,
        // a ← a + g²; w ← w − lr·g / √(a + ε).
        step: (_t, lr) => (w, g, slots) => {
          const a = slots[0] as tf.Variable;
          const a1 = a.add(g.square());
          a.assign(a1);
          w.assign(w.sub(g.mul(lr).div(a1.add(epsilon).sqrt())));
        },
      };
    }
    case 'rmsprop': {
      const { rho, momentum, epsilon } = rmspropDefaults(spec);
      check(rho >= 0 && rho <= 1, 'rho', rho, 'a number from 0 to 1');
      check(momentum >= 0 && momentum <= 1, 'momentum', momentum, 'a number from 0 to 1');
      // v ← ρ·v + (1 − ρ)·g²; Δ = lr·g / √(v + ε); with momentum m ← μ·m + Δ, w ← w − m; else w ← w − Δ.
      const increment = (g: tf.Tensor, v: tf.Variable, lr: number): tf.Tensor => {
        const v1 = v.mul(rho).add(g.square().mul(1 - rho));
        v.assign(v1);
        return g.mul(lr).div(v1.add(epsilon).sqrt());
      };
      if (momentum > 0) {
        return {
          slots: ['velocity', 'momentum'],
          initialSlotValue: 0,
          step: (_t, lr) => (w, g, slots) => {
            const [v, m] = slots as [tf.Variable, tf.Variable];
            const m1 = m.mul(momentum).add(increment(g, v, lr));
            m.assign(m1);
            w.assign(w.sub(m1));
          },
        };
      }
      return { slots: ['velocity'], initialSlotValue: 0, step: (_t, lr) => (w, g, slots) => w.assign(w.sub(increment(g, slots[0] as tf.Variable, lr))) };
    }
    case 'adam': {
      const { beta_1, beta_2, epsilon } = adamDefaults(spec);
      checkBetas(beta_1, beta_2);
      // m ← m + (g − m)(1 − β1); v ← v + (g² − v)(1 − β2); w ← w − m·lr·√(1 − β2^t)/(1 − β1^t) / (√v + ε).
      return { slots: ['momentum', 'velocity'], initialSlotValue: 0, step: (t, lr) => adamStep(beta_1, beta_2, epsilon, t, lr) };
    }
    case 'adamax': {
      const { beta_1, beta_2, epsilon } = adamFamilyDefaults(spec);
      checkBetas(beta_1, beta_2);
      return {
        slots: ['momentum', 'norm'],
        initialSlotValue: 0,
        // m ← m + (g − m)(1 − β1); u ← max(β2·u, |g|); w ← w − lr·m / ((1 − β1^t)(u + ε)).
        step: (t, lr) => {
          const correction = 1 - Math.pow(beta_1, t);
          return (w, g, slots) => {
            const [m, u] = slots as [tf.Variable, tf.Variable];
            const m1 = m.add(g.sub(m).mul(1 - beta_1));
            const u1 = tf.maximum(u.mul(beta_2), g.abs());
            m.assign(m1);
            u.assign(u1);
            w.assign(w.sub(m1.mul(lr).div(u1.add(epsilon).mul(correction))));
          };
        },
      };
    }
    case 'nadam': {
      const { beta_1, beta_2, epsilon } = adamFamilyDefaults(spec);
      checkBetas(beta_1, beta_2);
      const muProduct = nadamMuProducts(beta_1);
      return {
        slots: ['momentum', 'velocity'],
        initialSlotValue: 0,
        // μ_t = β1(1 − ½·0.96^t); P_t = Π μ_1..μ_t (the momentum cache);
        // m̂ = μ_{t+1}·m / (1 − P_t·μ_{t+1}) + (1 − μ_t)·g / (1 − P_t); v̂ = v / (1 − β2^t);
        // w ← w − lr·m̂ / (√v̂ + ε).
        step: (t, lr) => {
          const mu = nadamMu(beta_1, t);
          const muNext = nadamMu(beta_1, t + 1);
          const product = muProduct(t);
          const mCoef = muNext / (1 - product * muNext);
          const gCoef = (1 - mu) / (1 - product);
          const vCorrection = 1 - Math.pow(beta_2, t);
          return (w, g, slots) => {
            const [m, v] = slots as [tf.Variable, tf.Variable];
            const m1 = m.add(g.sub(m).mul(1 - beta_1));
            const v1 = v.add(g.square().sub(v).mul(1 - beta_2));
            m.assign(m1);
            v.assign(v1);
            const mHat = m1.mul(mCoef).add(g.mul(gCoef));
            const vHat = v1.div(vCorrection);
            w.assign(w.sub(mHat.mul(lr).div(vHat.sqrt().add(epsilon))));
          };
        },
      };
    }
    case 'adamw': {
      const { weight_decay, beta_1, beta_2, epsilon } = adamwDefaults(spec);
      checkBetas(beta_1, beta_2);
      check(weight_decay >= 0, 'weight_decay', weight_decay, 'a number >= 0');
      return {
        slots: ['momentum', 'velocity'],
        initialSlotValue: 0,
        // Decoupled decay first (Keras' _apply_weight_decay: w ← w − w·wd·lr), then Adam on the decayed w.
        step: (t, lr) => {
          const adam = adamStep(beta_1, beta_2, epsilon, t, lr);
          const decay = weight_decay * lr;
          return (w, g, slots) => {
            w.assign(w.sub(w.mul(decay)));
            adam(w, g, slots);
          };
        },
      };
    }
    default:
      return assertNever(spec);
  }
}

function checkBetas(beta1: number, beta2: number): void {
  check(beta1 >= 0 && beta1 < 1, 'beta_1', beta1, 'a number from 0 to below 1');
  check(beta2 >= 0 && beta2 < 1, 'beta_2', beta2, 'a number from 0 to below 1');
}
