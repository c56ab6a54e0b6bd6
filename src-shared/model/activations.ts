/**
 * The activation functions of the chapter as plain math: value f(z) and derivative f'(z)
 * for every activation a model document can name, plus the layer activations PReLU and
 * RReLU. No tfjs: the explorer draws these, tests check them against finite differences.
 *
 * At the kink (z = 0) the derivative takes TensorFlow's one-sided choice (ReLU 0, Leaky
 * ReLU/PReLU/RReLU α, ELU 1, SELU λ), so a curve drawn here matches what backprop uses.
 */
import { DEFAULTS } from './defaults.js';
import type { ActivationId } from './ids.js';
import { assertNever } from './spec.js';

/** SELU's λ (Klambauer et al. 2017; Keras `selu`). */
export const SELU_SCALE = 1.0507009873554805;
/** SELU's α (Klambauer et al. 2017; Keras `selu`). */
export const SELU_ALPHA = 1.6732632423543772;

/**
 * "Saturated" means the derivative is below this fraction of its maximum (chapter
 * reference §1): the same definition the training diagnostics count.
 */
export const SATURATION_FRACTION = 0.05;
/** |z| beyond which sigmoid'(z) < 5% of its maximum 0.25: sech²(z/2) = 0.05 → z ≈ 4.357. */
export const SIGMOID_SATURATION_Z = 2 * Math.acosh(Math.sqrt(1 / SATURATION_FRACTION));
/** |z| beyond which tanh'(z) < 5% of its maximum 1: sech²(z) = 0.05 → z ≈ 2.178. */
export const TANH_SATURATION_Z = Math.acosh(Math.sqrt(1 / SATURATION_FRACTION));

/**
 * What the explorer can draw: every `ActivationId` plus the layer activations whose
 * slope is a parameter (PReLU: learned, RReLU: random in a range).
 */
export const EXPLORER_ACTIVATIONS = ['linear', 'relu', 'leaky_relu', 'prelu', 'rrelu', 'elu', 'selu', 'sigmoid', 'tanh', 'softmax'] as const;
export type ExplorerActivation = (typeof EXPLORER_ACTIVATIONS)[number];

// Every activation of the model format must be drawable.
const coversFormat: [Exclude<ActivationId, ExplorerActivation>] extends [never] ? true : false = true;
void coversFormat;

/** The adjustable parameters, one per slope; unused ones are ignored. */
export interface ActivationParams {
  /** Leaky ReLU's negative slope α (default 0.3, Keras'). */
  leaky_alpha: number;
  /** PReLU's slope a, learned per unit during training; here a value to try (tfjs starts it at 0). */
  prelu_alpha: number;
  /** ELU's α: the negative-side limit is −α (default 1). */
  elu_alpha: number;
  /** RReLU's slope range while training, lower ≤ upper (defaults 1/8 and 1/3). */
  rrelu_lower: number;
  rrelu_upper: number;
}

/** The parameters' defaults, from the model format's resolvers (PReLU: 0.25, He et al.'s and PyTorch's start value). */
export const DEFAULT_ACTIVATION_PARAMS: ActivationParams = {
  leaky_alpha: DEFAULTS.leaky_relu.alpha,
  prelu_alpha: 0.25,
  elu_alpha: DEFAULTS.elu.alpha,
  rrelu_lower: DEFAULTS.rrelu.lower,
  rrelu_upper: DEFAULTS.rrelu.upper,
};

/** The logistic function 1 / (1 + e^−z), written so that neither side overflows. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The slope an RReLU uses at inference: the mean of its range, (lower + upper) / 2. */
export function rreluMeanSlope(p: Pick<ActivationParams, 'rrelu_lower' | 'rrelu_upper'>): number {
  return (p.rrelu_lower + p.rrelu_upper) / 2;
}

/** Negative-side slope of the piecewise-linear activations, or null for the others. */
export function negativeSlope(id: ExplorerActivation, p: ActivationParams): number | null {
  switch (id) {
    case 'relu':
      return 0;
    case 'leaky_relu':
      return p.leaky_alpha;
    case 'prelu':
      return p.prelu_alpha;
    case 'rrelu':
      return rreluMeanSlope(p);
    case 'linear':
      return 1;
    case 'elu':
    case 'selu':
    case 'sigmoid':
    case 'tanh':
    case 'softmax':
      return null;
    default:
      return assertNever(id);
  }
}

/**
 * f(z). Example: `activation('elu', -1, DEFAULT_ACTIVATION_PARAMS)` → e^−1 − 1 ≈ −0.632.
 * RReLU is drawn at inference (mean slope); `softmax` is the 2-class case softmax([z, 0])₀,
 * which is exactly the logistic function — softmax has no single-input curve.
 */
export function activation(id: ExplorerActivation, z: number, p: ActivationParams): number {
  switch (id) {
    case 'linear':
      return z;
    case 'relu':
    case 'leaky_relu':
    case 'prelu':
    case 'rrelu':
      // `+ 0` turns −0 (0 · negative z) into 0, so a flat ReLU side reads as plain zeros.
      return z > 0 ? z : (negativeSlope(id, p) ?? 0) * z + 0;
    case 'elu':
      return z > 0 ? z : p.elu_alpha * Math.expm1(z);
    case 'selu':
      return SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z));
    case 'sigmoid':
    case 'softmax':
      return sigmoid(z);
    case 'tanh':
      return Math.tanh(z);
    default:
      return assertNever(id);
  }
}

/** f'(z). Example: `activationDerivative('sigmoid', 0, …)` → 0.25; `('relu', -1, …)` → 0. */
export function activationDerivative(id: ExplorerActivation, z: number, p: ActivationParams): number {
  switch (id) {
    case 'linear':
      return 1;
    case 'relu':
    case 'leaky_relu':
    case 'prelu':
    case 'rrelu':
      return z > 0 ? 1 : (negativeSlope(id, p) ?? 0);
    case 'elu':
      return z >= 0 ? 1 : p.elu_alpha * Math.exp(z);
    case 'selu':
      return z >= 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(z);
    case 'sigmoid':
    case 'softmax': {
      const s = sigmoid(z);
      return s * (1 - s);
    }
    case 'tanh': {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    default:
      return assertNever(id);
  }
}

/**
 * The saturating activations with their largest derivative and the |z| past which the
 * derivative is below 5% of it: `{ max: 0.25, threshold: 4.357 }` for sigmoid, else null.
 */
export function saturation(id: ExplorerActivation): { max: number; threshold: number } | null {
  switch (id) {
    case 'sigmoid':
    case 'softmax':
      return { max: 0.25, threshold: SIGMOID_SATURATION_Z };
    case 'tanh':
      return { max: 1, threshold: TANH_SATURATION_Z };
    default:
      return null;
  }
}

/** A stretch of the z axis to mark: saturated (f' < 5% of max) or dead (f' = 0 for every z < 0). */
export interface ActivationRegion {
  kind: 'saturated' | 'dead';
  from: number;
  to: number;
}

/**
 * The regions to mark within [xMin, xMax]. Example: sigmoid on [−8, 8] →
 * `[{saturated, −8, −4.357}, {saturated, 4.357, 8}]`; ReLU on [−3, 3] → `[{dead, −3, 0}]`.
 * A leaky variant whose slope is set to 0 is ReLU again, so it gets the dead region too.
 */
export function activationRegions(id: ExplorerActivation, p: ActivationParams, xMin: number, xMax: number): ActivationRegion[] {
  const out: ActivationRegion[] = [];
  const push = (kind: ActivationRegion['kind'], from: number, to: number): void => {
    const a = Math.max(from, xMin);
    const b = Math.min(to, xMax);
    if (a < b) out.push({ kind, from: a, to: b });
  };
  const sat = saturation(id);
  if (sat) {
    push('saturated', -Infinity, -sat.threshold);
    push('saturated', sat.threshold, Infinity);
  } else if (id === 'rrelu' ? p.rrelu_upper === 0 : negativeSlope(id, p) === 0) {
    push('dead', -Infinity, 0);
  }
  return out;
}

/** One point of a drawn curve. */
export interface CurvePoint {
  x: number;
  y: number;
}

/**
 * `n` evenly spaced points of f and f' over [xMin, xMax] (0 is always included, so a kink
 * is drawn sharp). Example: `activationCurves('relu', p, -1, 1, 3)` →
 * `{ f: [{-1,0},{0,0},{1,1}], df: [{-1,0},{0,0},{1,1}] }`.
 */
export function activationCurves(
  id: ExplorerActivation,
  p: ActivationParams,
  xMin: number,
  xMax: number,
  n = 401,
): { f: CurvePoint[]; df: CurvePoint[] } {
  const xs: number[] = [];
  const count = Math.max(2, Math.floor(n));
  for (let i = 0; i < count; i++) xs.push(xMin + ((xMax - xMin) * i) / (count - 1));
  if (xMin < 0 && xMax > 0 && !xs.includes(0)) {
    xs.push(0);
    xs.sort((a, b) => a - b);
  }
  return {
    f: xs.map((x) => ({ x, y: activation(id, x, p) })),
    df: xs.map((x) => ({ x, y: activationDerivative(id, x, p) })),
  };
}

/**
 * RReLU's training-time spread: while training each unit's negative slope is drawn from
 * U(lower, upper), so f(z) lies between lower·z and upper·z for z < 0 (and is z for z ≥ 0),
 * and f'(z) between lower and upper. Each edge is given over the same xs as the curves.
 * Example: lower 0.1, upper 0.3 at z = −2 → f edges −0.2 and −0.6, f' edges 0.1 and 0.3.
 */
export function rreluBand(
  p: Pick<ActivationParams, 'rrelu_lower' | 'rrelu_upper'>,
  xs: readonly number[],
): { fLower: CurvePoint[]; fUpper: CurvePoint[]; dfLower: CurvePoint[]; dfUpper: CurvePoint[] } {
  const edge = (slope: number, x: number): number => (x > 0 ? x : slope * x + 0);
  const dEdge = (slope: number, x: number): number => (x > 0 ? 1 : slope);
  return {
    fLower: xs.map((x) => ({ x, y: edge(p.rrelu_lower, x) })),
    fUpper: xs.map((x) => ({ x, y: edge(p.rrelu_upper, x) })),
    dfLower: xs.map((x) => ({ x, y: dEdge(p.rrelu_lower, x) })),
    dfUpper: xs.map((x) => ({ x, y: dEdge(p.rrelu_upper, x) })),
  };
}
