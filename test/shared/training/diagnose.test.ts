import { describe, expect, it } from 'vitest';
import {
  DEAD_FRACTION,
  describeDiagnosis,
  diagnoseEpoch,
  evidenceOf,
  EXPLODING_RATIO,
  GRADIENT_NORM_EXPLODING,
  SATURATED_FRACTION,
  SIGNAL_RATIO,
  VANISHING_RATIO,
  type Diagnosis,
  type DiagnosisEvidence,
  type FindingKind,
} from '../../../src-shared/training/diagnose.js';
import { epochOf, times, type LayerNumbers } from './fixtures.js';

/** Activation std growing geometrically from `first` by `ratio` overall across `n` layers. */
function growing(n: number, first: number, ratio: number, l: LayerNumbers = {}): LayerNumbers[] {
  return Array.from({ length: n }, (_, i) => ({ ...l, std: first * ratio ** (i / (n - 1)) }));
}

describe('diagnoseEpoch: every rule, at and around its threshold', () => {
  it.each<[string, LayerNumbers[], FindingKind[], DiagnosisEvidence['measure'][]]>([
    // The measured cases of the issue (Fashion-MNIST, first epoch, 8 × 120).
    ['He/ELU stack: signal grows 1.8×, gradients ~2.5', growing(8, 0.55, 1.8, { grad: 2.5 }), [], []],
    ['ReLU N(0, 0.25): signal 1.6 → 16.7, every gradient ~100', growing(8, 1.6, 16.7 / 1.6, { grad: 100, activation: 'relu' }), ['exploding'], ['signal_ratio', 'grad_scale']],
    ['ReLU N(0, 0.06): the symmetric case, signal 0.46 → 0.0032', growing(8, 0.46, 0.0032 / 0.46, { grad: 0.012, activation: 'relu' }), ['vanishing'], ['signal_ratio']],
    // Forward signal, either side of SIGNAL_RATIO.
    ['signal just above the ratio', growing(4, 1, SIGNAL_RATIO * 1.01), ['exploding'], ['signal_ratio']],
    ['signal at the ratio', growing(4, 1, SIGNAL_RATIO), [], []],
    ['signal just below 1 / ratio', growing(4, 1, 1 / (SIGNAL_RATIO * 1.01)), ['vanishing'], ['signal_ratio']],
    ['signal at 1 / ratio', growing(4, 1, 1 / SIGNAL_RATIO), [], []],
    ['signal overflows to Infinity', [{ std: 1 }, { std: Infinity }], ['exploding'], ['signal_ratio']],
    // Gradient scale: all hidden norms must be above the limit.
    ['every gradient above the limit', times(3, { grad: GRADIENT_NORM_EXPLODING * 1.5 }), ['exploding'], ['grad_scale']],
    ['one gradient at the limit', [{ grad: 50 }, { grad: GRADIENT_NORM_EXPLODING }, { grad: 50 }], [], []],
    ['one hidden layer, huge gradient', [{ grad: 300 }], ['exploding'], ['grad_scale']],
    // The original rules still hold.
    ['gradient ratio below VANISHING_RATIO', [{ grad: 1e-5 }, { grad: 1e-3 }, { grad: 1 }], ['vanishing'], ['grad_ratio']],
    ['gradient ratio above EXPLODING_RATIO', [{ grad: 19 }, { grad: 1 }, { grad: 0.1 }], ['exploding'], ['grad_ratio']],
    ['saturated sigmoid stack', times(3, { activation: 'sigmoid', inactive: SATURATED_FRACTION + 0.2, std: 0.45 }), ['saturated'], ['saturated_fraction']],
    ['dying ReLUs', times(3, { activation: 'relu', inactive: DEAD_FRACTION + 0.1 }), ['dead'], ['dead_fraction']],
    ['vanishing and exploding signal together', [{ grad: 1e-4, std: 1 }, { grad: 1, std: 10 }], ['vanishing', 'exploding'], ['grad_ratio', 'signal_ratio']],
  ])('%s', (_label, hidden, findings, measures) => {
    const d = diagnoseEpoch(epochOf(hidden));
    expect(d.findings).toEqual(findings);
    expect(d.evidence?.map((e) => e.measure)).toEqual(measures);
  });

  it('compares the last hidden layer with the first hidden layer, not with the input pixels or the output', () => {
    const d = diagnoseEpoch(epochOf([{ std: 0.5 }, { std: 0.9 }, { std: 1.1 }]));
    expect(d.signal_ratio).toBeCloseTo(2.2);
    expect(d.signal_std).toEqual([0.5, 1.1]);
    expect(d.grad_scale).toBe(2);
  });

  it('has no signal ratio with one hidden layer, and no gradient scale without hidden layers', () => {
    expect(diagnoseEpoch(epochOf([{ std: 3 }]))).toMatchObject({ signal_ratio: null, signal_std: null, grad_ratio: null, grad_scale: 2 });
    expect(diagnoseEpoch(epochOf([]))).toMatchObject({ signal_ratio: null, grad_scale: null, findings: [] });
  });

  it('ignores a first layer with zero or NaN spread instead of calling it exploding', () => {
    expect(diagnoseEpoch(epochOf([{ std: 0 }, { std: 1 }])).signal_ratio).toBeNull();
    expect(diagnoseEpoch(epochOf([{ std: 1 }, { std: NaN }])).signal_ratio).toBeNull();
    expect(diagnoseEpoch(epochOf([{ grad: NaN }, { grad: 1 }])).grad_scale).toBeNull();
  });

  it('exports thresholds that order sensibly', () => {
    expect(VANISHING_RATIO).toBeLessThan(1);
    expect(EXPLODING_RATIO).toBeGreaterThan(1);
    expect(SIGNAL_RATIO).toBeGreaterThan(2.7); // the ELU/He stack's largest measured growth
    expect(SIGNAL_RATIO).toBeLessThan(8); // the N(0, 0.25) ReLU stack's smallest
  });
});

describe('describeDiagnosis and evidenceOf', () => {
  it('names the exploding signal in the chapter’s words with its numbers', () => {
    const d = diagnoseEpoch(epochOf(growing(8, 1.6, 16.7 / 1.6, { grad: 100, activation: 'relu' })));
    const text = describeDiagnosis(d);
    expect(text).toContain("exploding signal: the last hidden layer's activation std is 10 × the first hidden layer's (1.6 → 17)");
    expect(text).toContain(`exploding gradients: every hidden layer's gradient norm is above ${GRADIENT_NORM_EXPLODING} (the smallest is 100)`);
  });

  it('names the vanishing signal', () => {
    const d = diagnoseEpoch(epochOf(growing(8, 0.46, 0.0032 / 0.46, { grad: 0.012, activation: 'relu' })));
    expect(describeDiagnosis(d)).toMatch(/^vanishing signal: the last hidden layer's activation std is only 0\.007 × /);
  });

  it('says healthy with both ratios', () => {
    expect(describeDiagnosis(diagnoseEpoch(epochOf(growing(8, 0.55, 1.8))))).toBe(
      'healthy: gradient ratio first/last hidden 1.0e+0, activation std last/first hidden 1.8, no saturation or dead units above threshold',
    );
  });

  it('reads a hand-built diagnosis without evidence by its original rules', () => {
    const d: Diagnosis = { epoch: 1, grad_ratio: 340, saturated_fraction: 0.5, dead_fraction: null, findings: ['exploding', 'saturated'] };
    expect(evidenceOf(d)).toEqual([
      { kind: 'exploding', measure: 'grad_ratio' },
      { kind: 'saturated', measure: 'saturated_fraction' },
    ]);
    expect(describeDiagnosis(d)).toBe(
      "exploding gradients: the first hidden layer's gradient norm is 3.4e+2 × the last hidden layer's; saturated units: 50% of sigmoid/tanh outputs sit where the derivative is < 5% of its maximum",
    );
  });
});
