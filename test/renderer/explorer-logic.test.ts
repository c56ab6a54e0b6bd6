/** The explorers' pure parts: form checks and the theoretical distributions. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIVATION_PARAMS } from '../../src-shared/model/activations.js';
import { checkActivationForm, defaultActivationForm, paramFieldsFor } from '../../src-renderer/features/explorers/activation-form.js';
import { checkInitializerForm, defaultInitializerForm, INITIALIZER_CHOICES, type InitializerForm } from '../../src-renderer/features/explorers/initializer-form.js';
import { formatValue } from '../../src-renderer/features/explorers/form-problems.js';
import {
  TRUNCATION_CORRECTION,
  densityAt,
  densityCurve,
  histogram,
  histogramOutline,
  plotRange,
  theoryFor,
} from '../../src-renderer/features/explorers/initializer-theory.js';

describe('activation form', () => {
  it('starts valid with the model format’s defaults', () => {
    const r = checkActivationForm(defaultActivationForm());
    expect(r).toEqual({ ok: true, params: DEFAULT_ACTIVATION_PARAMS, xMin: -8, xMax: 8 });
  });

  it.each([
    [{ x_min: 3, x_max: 1 }, [{ field: 'x_max', kind: 'order' }]],
    [{ x_min: null }, [{ field: 'x_min', kind: 'required' }]],
    [{ x_max: 500 }, [{ field: 'x_max', kind: 'range', min: -100, max: 100, value: 500 }]],
    [{ id: 'leaky_relu', leaky_alpha: -0.1 }, [{ field: 'leaky_alpha', kind: 'range', min: 0, max: 1, value: -0.1 }]],
    [{ id: 'rrelu', rrelu_lower: 0.5, rrelu_upper: 0.2 }, [{ field: 'rrelu_upper', kind: 'order' }]],
    // A hidden field is not checked: a bad ELU α does not block the ReLU curve.
    [{ id: 'relu', elu_alpha: -3 }, []],
  ] as const)('%o → %o', (change, problems) => {
    const r = checkActivationForm({ ...defaultActivationForm(), ...change });
    expect(r.ok ? [] : r.problems).toEqual(problems);
  });

  it('shows only the parameters of the chosen function', () => {
    expect(paramFieldsFor('rrelu')).toEqual(['rrelu_lower', 'rrelu_upper']);
    expect(paramFieldsFor('leaky_relu')).toEqual(['leaky_alpha']);
    expect(paramFieldsFor('sigmoid')).toEqual([]);
  });
});

describe('initializer form', () => {
  const form = (change: Partial<InitializerForm>): InitializerForm => ({ ...defaultInitializerForm(), ...change });

  it('offers every named initializer and the three configurable ones', () => {
    expect(INITIALIZER_CHOICES).toEqual([
      'glorot_uniform', 'glorot_normal', 'he_normal', 'he_uniform', 'lecun_normal', 'lecun_uniform',
      'random_normal', 'random_uniform', 'variance_scaling',
    ]);
  });

  it.each([
    [{}, { initializer: 'he_normal', fan_in: 784, fan_out: 300, seed: 42 }],
    [{ choice: 'random_normal', mean: 0, stddev: 1 }, { initializer: { name: 'random_normal', mean: 0, stddev: 1 }, fan_in: 784, fan_out: 300, seed: 42 }],
    [{ choice: 'random_uniform' }, { initializer: { name: 'random_uniform', minval: -0.05, maxval: 0.05 }, fan_in: 784, fan_out: 300, seed: 42 }],
    [{ choice: 'variance_scaling' }, { initializer: { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' }, fan_in: 784, fan_out: 300, seed: 42 }],
  ] as const)('%o → request %o', (change, req) => {
    expect(checkInitializerForm(form(change))).toEqual({ ok: true, req });
  });

  it.each([
    [{ fan_in: 4000, fan_out: 2000 }, [{ field: 'fan_out', kind: 'too_many', weights: 8_000_000, max: 4_000_000 }]],
    [{ fan_in: 0 }, [{ field: 'fan_in', kind: 'range', min: 1, max: 100_000, value: 0 }]],
    [{ fan_out: 2.5 }, [{ field: 'fan_out', kind: 'integer', value: 2.5 }]],
    [{ seed: null }, [{ field: 'seed', kind: 'required' }]],
    [{ choice: 'random_normal', stddev: 0 }, [{ field: 'stddev', kind: 'positive', value: 0 }]],
    [{ choice: 'random_uniform', minval: 0.1, maxval: 0.1 }, [{ field: 'maxval', kind: 'order' }]],
    [{ choice: 'variance_scaling', scale: -1 }, [{ field: 'scale', kind: 'positive', value: -1 }]],
  ] as const)('%o → %o', (change, problems) => {
    const r = checkInitializerForm(form(change));
    expect(r.ok ? [] : r.problems).toEqual(problems);
  });
});

describe('initializer theory', () => {
  const integrate = (f: (x: number) => number, lo: number, hi: number, n = 20000) => {
    let s = 0;
    const h = (hi - lo) / n;
    for (let i = 0; i < n; i++) s += f(lo + (i + 0.5) * h) * h;
    return s;
  };

  it('he_normal: Keras’ truncated normal, drawn at σ/0.8796 and cut at 2 of those; density integrates to 1 with std σ', () => {
    const sigma = Math.sqrt(2 / 784);
    const d = theoryFor('he_normal', 784, 300);
    expect(d).toEqual({ kind: 'truncated_normal', std: sigma, draw_std: sigma / TRUNCATION_CORRECTION, cut: (2 * sigma) / TRUNCATION_CORRECTION });
    expect(TRUNCATION_CORRECTION).toBeCloseTo(0.87962566103423978, 14);
    if (d.kind !== 'truncated_normal') throw new Error('kind');
    expect(integrate((x) => densityAt(d, x), -d.cut, d.cut)).toBeCloseTo(1, 6);
    expect(Math.sqrt(integrate((x) => x * x * densityAt(d, x), -d.cut, d.cut))).toBeCloseTo(sigma, 6);
    expect(densityAt(d, d.cut * 1.01)).toBe(0);
  });

  it.each([
    ['glorot_uniform', 300, 100, { kind: 'uniform', lo: -Math.sqrt(3 / 200), hi: Math.sqrt(3 / 200), std: Math.sqrt(1 / 200) }],
    [{ name: 'variance_scaling', scale: 1, mode: 'fan_out', distribution: 'untruncated_normal' }, 500, 200, { kind: 'normal', mean: 0, std: Math.sqrt(1 / 200) }],
    [{ name: 'random_normal', mean: 0.5, stddev: 2 }, 10, 10, { kind: 'normal', mean: 0.5, std: 2 }],
    [{ name: 'random_uniform', minval: -0.05, maxval: 0.15 }, 10, 10, { kind: 'uniform', lo: -0.05, hi: 0.15, std: 0.2 / Math.sqrt(12) }],
  ] as const)('%o %d×%d → %o', (init, fi, fo, expected) => {
    const d = theoryFor(init, fi, fo);
    expect(d.kind).toBe(expected.kind);
    for (const [k, v] of Object.entries(expected)) if (typeof v === 'number') expect((d as unknown as Record<string, number>)[k]).toBeCloseTo(v, 12);
  });

  it('draws a uniform as a box (vertical edges) and histograms on the density scale', () => {
    const d = theoryFor({ name: 'random_uniform', minval: -1, maxval: 1 }, 1, 1);
    const [lo, hi] = plotRange(d);
    expect([lo, hi]).toEqual([-1.2, 1.2]);
    const curve = densityCurve(d, lo, hi, 5);
    expect(curve.filter((p) => p.y === 0.5).length).toBeGreaterThan(0);
    expect(curve.some((p) => p.x < -1 && p.x > -1.0001 && p.y === 0)).toBe(true);
    const h = histogram([0.1, 0.2, 0.9, 5], 0, 1, 2);
    expect(h.edges).toEqual([0, 0.5, 1]);
    expect(h.heights).toEqual([1, 1]);
    expect(histogramOutline(h)).toEqual([{ x: 0, y: 0 }, { x: 0, y: 1 }, { x: 0.5, y: 1 }, { x: 1, y: 1 }, { x: 1, y: 0 }]);
  });

  it('formats numbers short', () => {
    expect(formatValue(Math.sqrt(2 / 784))).toBe('0.05051');
    expect(formatValue(4.3567, 3)).toBe('4.36');
    expect(formatValue(1.2e-7)).toBe('1.2e-7');
    expect(formatValue(0)).toBe('0');
  });
});
