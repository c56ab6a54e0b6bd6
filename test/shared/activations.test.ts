/** The explorer's activation math: values, derivatives against finite differences, the 5% saturation thresholds. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ACTIVATION_PARAMS,
  EXPLORER_ACTIVATIONS,
  SELU_ALPHA,
  SELU_SCALE,
  SIGMOID_SATURATION_Z,
  TANH_SATURATION_Z,
  activation,
  activationCurves,
  activationDerivative,
  activationRegions,
  rreluBand,
  rreluMeanSlope,
  saturation,
  sigmoid,
  type ActivationParams,
  type ExplorerActivation,
} from '../../src-shared/model/activations.js';
import { ACTIVATION_IDS } from '../../src-shared/model/ids.js';
import { DEFAULTS } from '../../src-shared/model/defaults.js';
import * as engine from '../../src-main/engine/diagnostics.js';

const P = DEFAULT_ACTIVATION_PARAMS;
const custom: ActivationParams = { leaky_alpha: 0.2, prelu_alpha: 0.1, elu_alpha: 0.5, rrelu_lower: 0.1, rrelu_upper: 0.3 };

describe('defaults', () => {
  it('come from the model format’s one copy (Keras’ values, RReLU 1/8..1/3)', () => {
    expect(P.leaky_alpha).toBe(DEFAULTS.leaky_relu.alpha);
    expect(P.elu_alpha).toBe(DEFAULTS.elu.alpha);
    expect(P.rrelu_lower).toBe(1 / 8);
    expect(P.rrelu_upper).toBe(1 / 3);
    expect(rreluMeanSlope(P)).toBeCloseTo((1 / 8 + 1 / 3) / 2, 15);
  });

  it('cover every activation of the model format', () => {
    for (const id of ACTIVATION_IDS) expect(EXPLORER_ACTIVATIONS).toContain(id);
  });
});

// [id, params, z, f(z), f'(z)]
const VALUES: [ExplorerActivation, ActivationParams, number, number, number][] = [
  ['linear', P, -2.5, -2.5, 1],
  ['relu', P, -2, 0, 0],
  ['relu', P, 0, 0, 0],
  ['relu', P, 3, 3, 1],
  ['leaky_relu', P, -2, -0.6, 0.3],
  ['leaky_relu', P, 0, 0, 0.3],
  ['leaky_relu', custom, -2, -0.4, 0.2],
  ['leaky_relu', P, 2, 2, 1],
  ['prelu', custom, -3, -0.3, 0.1],
  ['prelu', P, -4, -1, 0.25],
  ['rrelu', custom, -2, -0.4, 0.2],
  ['rrelu', P, 1.5, 1.5, 1],
  ['elu', P, -1, Math.exp(-1) - 1, Math.exp(-1)],
  ['elu', P, 0, 0, 1],
  ['elu', custom, -2, 0.5 * (Math.exp(-2) - 1), 0.5 * Math.exp(-2)],
  ['elu', P, 2, 2, 1],
  ['selu', P, 1, SELU_SCALE, SELU_SCALE],
  ['selu', P, 0, 0, SELU_SCALE],
  ['selu', P, -1, SELU_SCALE * SELU_ALPHA * (Math.exp(-1) - 1), SELU_SCALE * SELU_ALPHA * Math.exp(-1)],
  ['sigmoid', P, 0, 0.5, 0.25],
  ['sigmoid', P, 2, 1 / (1 + Math.exp(-2)), Math.exp(-2) / (1 + Math.exp(-2)) ** 2],
  ['sigmoid', P, -800, 0, 0],
  ['sigmoid', P, 800, 1, 0],
  ['softmax', P, 1.3, 1 / (1 + Math.exp(-1.3)), sigmoid(1.3) * (1 - sigmoid(1.3))],
  ['tanh', P, 0, 0, 1],
  ['tanh', P, 1, Math.tanh(1), 1 - Math.tanh(1) ** 2],
  ['tanh', P, -20, -1, 0],
];

describe('values', () => {
  it.each(VALUES)('%s(z = %d) with %o', (id, p, z, f, df) => {
    expect(activation(id, z, p)).toBeCloseTo(f, 12);
    expect(activationDerivative(id, z, p)).toBeCloseTo(df, 12);
  });

  it('uses SELU’s published constants', () => {
    expect(SELU_SCALE).toBe(1.0507009873554805);
    expect(SELU_ALPHA).toBe(1.6732632423543772);
    // SELU tends to −λα as z → −∞.
    expect(activation('selu', -50, P)).toBeCloseTo(-SELU_SCALE * SELU_ALPHA, 12);
  });

  it('softmax over [z, 0] is the logistic function (what the explorer draws for softmax)', () => {
    for (const z of [-5, -0.5, 0, 0.7, 4]) {
      const softmax0 = Math.exp(z) / (Math.exp(z) + Math.exp(0));
      expect(activation('softmax', z, P)).toBeCloseTo(softmax0, 14);
    }
  });
});

describe('derivatives match central finite differences', () => {
  // Away from the kink at 0, where one-sided conventions apply.
  const zs = [-6, -3.3, -1.2, -0.4, 0.35, 0.9, 2.2, 5.1];
  const h = 1e-6;
  const cases = EXPLORER_ACTIVATIONS.flatMap((id) => [P, custom].map((p) => [id, p] as const));
  it.each(cases)('%s with %o', (id, p) => {
    for (const z of zs) {
      const numeric = (activation(id, z + h, p) - activation(id, z - h, p)) / (2 * h);
      expect(activationDerivative(id, z, p)).toBeCloseTo(numeric, 6);
    }
  });
});

describe('saturation thresholds (derivative below 5% of its maximum)', () => {
  it.each([
    ['sigmoid', 0.25, 4.357, SIGMOID_SATURATION_Z],
    ['tanh', 1, 2.178, TANH_SATURATION_Z],
  ] as const)('%s: max %d, |z| > %d', (id, max, approx, threshold) => {
    expect(saturation(id)).toEqual({ max, threshold });
    expect(threshold).toBeCloseTo(approx, 3);
    expect(activationDerivative(id, 0, P)).toBeCloseTo(max, 14);
    // Exactly 5% at the threshold, above it just inside, below it just outside (both sides).
    for (const sign of [1, -1]) {
      expect(activationDerivative(id, sign * threshold, P) / max).toBeCloseTo(0.05, 12);
      expect(activationDerivative(id, sign * (threshold - 1e-3), P) / max).toBeGreaterThan(0.05);
      expect(activationDerivative(id, sign * (threshold + 1e-3), P) / max).toBeLessThan(0.05);
    }
  });

  it('are the ones the training diagnostics count with', () => {
    expect(SIGMOID_SATURATION_Z).toBe(engine.SIGMOID_SATURATION_Z);
    expect(TANH_SATURATION_Z).toBe(engine.TANH_SATURATION_Z);
  });

  it('softmax (as the 2-class logistic) saturates like sigmoid; the others do not saturate', () => {
    expect(saturation('softmax')).toEqual(saturation('sigmoid'));
    for (const id of ['linear', 'relu', 'leaky_relu', 'prelu', 'rrelu', 'elu', 'selu'] as const) expect(saturation(id)).toBeNull();
  });
});

describe('regions', () => {
  it.each([
    ['sigmoid', P, -8, 8, [
      { kind: 'saturated', from: -8, to: -SIGMOID_SATURATION_Z },
      { kind: 'saturated', from: SIGMOID_SATURATION_Z, to: 8 },
    ]],
    ['tanh', P, -1, 5, [{ kind: 'saturated', from: TANH_SATURATION_Z, to: 5 }]],
    ['tanh', P, -2, 2, []],
    ['relu', P, -3, 3, [{ kind: 'dead', from: -3, to: 0 }]],
    ['relu', P, 1, 3, []],
    ['leaky_relu', P, -3, 3, []],
    ['leaky_relu', { ...P, leaky_alpha: 0 }, -3, 3, [{ kind: 'dead', from: -3, to: 0 }]],
    ['prelu', { ...P, prelu_alpha: 0 }, -3, 3, [{ kind: 'dead', from: -3, to: 0 }]],
    ['rrelu', { ...P, rrelu_lower: 0, rrelu_upper: 0.2 }, -3, 3, []],
    ['rrelu', { ...P, rrelu_lower: 0, rrelu_upper: 0 }, -3, 3, [{ kind: 'dead', from: -3, to: 0 }]],
    ['elu', P, -10, 3, []],
    ['linear', P, -3, 3, []],
  ] as const)('%s %o on [%d, %d]', (id, p, lo, hi, expected) => {
    expect(activationRegions(id, p, lo, hi)).toEqual(expected);
  });
});

describe('curves and the RReLU band', () => {
  it('sample evenly, include 0 for a sharp kink, and pair f with f’', () => {
    const { f, df } = activationCurves('relu', P, -1, 1, 3);
    expect(f).toEqual([{ x: -1, y: 0 }, { x: 0, y: 0 }, { x: 1, y: 1 }]);
    expect(df.map((p) => p.y)).toEqual([0, 0, 1]);
    const odd = activationCurves('tanh', P, -1, 2, 4);
    expect(odd.f.map((p) => p.x)).toEqual([-1, 0, 1, 2]);
    const noZero = activationCurves('tanh', P, -1, 1.5, 3);
    expect(noZero.f.map((p) => p.x)).toEqual([-1, 0, 0.25, 1.5]);
  });

  it('RReLU lies between lower·z and upper·z while training; the drawn curve is the mean slope', () => {
    const xs = [-2, 0, 2];
    const band = rreluBand(custom, xs);
    expect(band.fLower.map((p) => p.y)).toEqual([-0.2, 0, 2]);
    expect(band.fUpper.map((p) => p.y)).toEqual([-0.6, 0, 2]);
    expect(band.dfLower.map((p) => p.y)).toEqual([0.1, 0.1, 1]);
    expect(band.dfUpper.map((p) => p.y)).toEqual([0.3, 0.3, 1]);
    expect(activation('rrelu', -2, custom)).toBeCloseTo(-0.4, 14);
  });
});

describe('the initializer explorer’s theory agrees with the engine', () => {
  it('derives Keras’ truncation correction 0.8796… from the normal distribution, equal to the engine’s constant', async () => {
    const theory = await import('../../src-renderer/features/explorers/initializer-theory.js');
    const engineInit = await import('../../src-main/engine/initializers.js');
    expect(theory.TRUNCATION_CORRECTION).toBeCloseTo(engineInit.TRUNCATION_CORRECTION, 14);
    expect(theory.TRUNCATED_MASS).toBeCloseTo(0.9544997361036416, 14);
  });
});
