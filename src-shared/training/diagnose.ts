/**
 * Turns layer diagnostics into the chapter's vocabulary. The two sigmoid failures
 * look alike in accuracy but not here: small weights shrink the gradient layer by
 * layer (vanishing), standard-normal weights keep gradient norms flat but pin the
 * units at 0 or 1 (saturated). Calling the second one "vanishing" would teach the
 * wrong lesson, so the verdict follows the measurements, not the activation name.
 *
 * The gradient ratio alone has a blind spot: weights too large for their activation
 * make the signal grow on the way forward while every weight gradient grows alike, so
 * first/last stays near 1. Glorot and He's argument is about exactly that signal (the
 * variance of each layer's outputs should equal that of its inputs), so the forward
 * signal and the gradients' own scale are judged too.
 */
import { healthMessage, type HealthLanguage } from './health-messages.js';
import type { EpochMetrics, LayerDiagnostics } from './metrics.js';

/** Gradient-norm ratio (first hidden / last hidden) below which gradients are called vanishing. */
export const VANISHING_RATIO = 1e-2;
/** Ratio above which gradients are called exploding. */
export const EXPLODING_RATIO = 1e2;
/**
 * Activation-std ratio (last hidden / first hidden) above which the forward signal is called
 * exploding (below its inverse: vanishing). Measured on Fashion-MNIST, first epoch, 8 × 120:
 * ELU + he_normal grows 2.2–2.7×, ReLU with N(0, 0.25) weights (2× He's std) 8–10×, ReLU with
 * N(0, 0.06) (½× He's) shrinks to 0.007×; 5 sits between them on a log scale.
 */
export const SIGNAL_RATIO = 5;
/**
 * Gradient norm (L2, per kernel, averaged over the epoch's measured steps) above which every
 * hidden layer's gradient counts as exploding. Healthy shipped examples measure 1.4–6.5 at
 * their smallest hidden layer (first epoch, batch 32); the N(0, 0.25) ReLU stack ~70–200.
 */
export const GRADIENT_NORM_EXPLODING = 20;
/** Mean saturated fraction (sigmoid/tanh layers) above which units are called saturated. */
export const SATURATED_FRACTION = 0.3;
/** Mean dead-unit fraction (ReLU family) above which units are called dying. */
export const DEAD_FRACTION = 0.3;

/** One problem the diagnostics show. */
export type FindingKind = 'vanishing' | 'exploding' | 'saturated' | 'dead';

/** The Diagnosis field a finding was read from: which of the rules above raised it. */
export type DiagnosisMeasure = 'grad_ratio' | 'signal_ratio' | 'grad_scale' | 'saturated_fraction' | 'dead_fraction';

/** One rule that fired, e.g. `{ kind: 'exploding', measure: 'signal_ratio' }` (the forward signal grows). */
export interface DiagnosisEvidence {
  kind: FindingKind;
  measure: DiagnosisMeasure;
}

/** Summary of one epoch's diagnostics. Ratios and fractions are plain numbers, null when not applicable. */
export interface Diagnosis {
  epoch: number;
  /** grad_norm of the first hidden dense layer / grad_norm of the last hidden dense layer. */
  grad_ratio: number | null;
  /** Mean saturated fraction over sigmoid/tanh hidden layers. */
  saturated_fraction: number | null;
  /** Mean dead-unit fraction over ReLU-family hidden layers. */
  dead_fraction: number | null;
  /** Distinct kinds of `evidence`, in the order vanishing, exploding, saturated, dead; empty = healthy. */
  findings: FindingKind[];
  /*
   * The fields below are always set by diagnoseEpoch; they are optional so that diagnoses
   * built by hand or before the forward-signal rule still read (evidenceOf fills them in).
   */
  /** act_std of the last hidden dense layer / act_std of the first (not the input pixels'); null with < 2 hidden layers. */
  signal_ratio?: number | null;
  /** act_std of the first and the last hidden dense layer, e.g. `[1.61, 13.0]`; null with < 2 hidden layers. */
  signal_std?: [first: number, last: number] | null;
  /** Smallest grad_norm over the hidden dense layers; null without hidden layers. */
  grad_scale?: number | null;
  /** Every rule that fired, in findings order. */
  evidence?: DiagnosisEvidence[];
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** The hidden dense layers: all but the output layer, whose gradient is driven by the loss directly. */
export function hiddenLayers(layers: readonly LayerDiagnostics[]): LayerDiagnostics[] {
  return layers.slice(0, -1);
}

/** a / b when both are usable (b > 0, a not NaN); +Infinity survives so an overflowing signal still counts. */
function ratioOf(a: number, b: number): number | null {
  return Number.isFinite(b) && b > 0 && !Number.isNaN(a) ? a / b : null;
}

/**
 * Diagnoses one epoch. Examples (Fashion-MNIST, 8 × 120, first epoch): sigmoid + uniform ±0.05 →
 * `{ grad_ratio: 4e-8, findings: ['vanishing'] }`; ReLU + N(0, 0.25) → `{ grad_ratio: 1.1,
 * signal_ratio: 8.1, grad_scale: 68, findings: ['exploding'] }`; ELU + he_normal → `findings: []`.
 */
export function diagnoseEpoch(metrics: Pick<EpochMetrics, 'epoch' | 'layers'>): Diagnosis {
  const hidden = hiddenLayers(metrics.layers);
  const first = hidden[0];
  const last = hidden[hidden.length - 1];
  const deep = first !== undefined && last !== undefined && hidden.length >= 2;
  const gradRatio = deep && last.grad_norm > 0 && Number.isFinite(first.grad_norm) ? first.grad_norm / last.grad_norm : null;
  const signalRatio = deep ? ratioOf(last.act_std, first.act_std) : null;
  const norms = hidden.map((l) => l.grad_norm);
  const gradScale = norms.length && !norms.some(Number.isNaN) ? Math.min(...norms) : null;
  const saturated = mean(
    hidden.filter((l) => l.inactive_kind === 'saturated' && l.inactive_fraction !== null).map((l) => l.inactive_fraction as number),
  );
  const dead = mean(
    hidden.filter((l) => l.inactive_kind === 'dead' && l.inactive_fraction !== null).map((l) => l.inactive_fraction as number),
  );

  const evidence: DiagnosisEvidence[] = [];
  if (gradRatio !== null && gradRatio < VANISHING_RATIO) evidence.push({ kind: 'vanishing', measure: 'grad_ratio' });
  if (signalRatio !== null && signalRatio < 1 / SIGNAL_RATIO) evidence.push({ kind: 'vanishing', measure: 'signal_ratio' });
  if (gradRatio !== null && gradRatio > EXPLODING_RATIO) evidence.push({ kind: 'exploding', measure: 'grad_ratio' });
  if (signalRatio !== null && signalRatio > SIGNAL_RATIO) evidence.push({ kind: 'exploding', measure: 'signal_ratio' });
  if (gradScale !== null && gradScale > GRADIENT_NORM_EXPLODING) evidence.push({ kind: 'exploding', measure: 'grad_scale' });
  if (saturated !== null && saturated > SATURATED_FRACTION) evidence.push({ kind: 'saturated', measure: 'saturated_fraction' });
  if (dead !== null && dead > DEAD_FRACTION) evidence.push({ kind: 'dead', measure: 'dead_fraction' });
  return {
    epoch: metrics.epoch,
    grad_ratio: gradRatio,
    saturated_fraction: saturated,
    dead_fraction: dead,
    findings: [...new Set(evidence.map((e) => e.kind))],
    signal_ratio: signalRatio,
    signal_std: deep ? [first.act_std, last.act_std] : null,
    grad_scale: gradScale,
    evidence,
  };
}

/** What each finding kind was read from when a diagnosis carries no `evidence` (the four original rules). */
const LEGACY_MEASURE: Record<FindingKind, DiagnosisMeasure> = {
  vanishing: 'grad_ratio',
  exploding: 'grad_ratio',
  saturated: 'saturated_fraction',
  dead: 'dead_fraction',
};

/** A diagnosis's evidence; for one without (hand-built, older), one entry per finding from its original rule. */
export function evidenceOf(d: Diagnosis): DiagnosisEvidence[] {
  return d.evidence ?? d.findings.map((kind) => ({ kind, measure: LEGACY_MEASURE[kind] }));
}

/**
 * The sentence of one forward-signal or gradient-scale piece of evidence, in `lang`, without a
 * final period; null for the four original rules, whose wording lives with each caller. Example:
 * `'the last hidden layer’s activation std is 8.1 × the first hidden layer’s (1.6 → 13): …'`.
 */
export function signalEvidenceText(d: Diagnosis, e: DiagnosisEvidence, lang: HealthLanguage): string | null {
  const [first, last] = d.signal_std ?? [NaN, NaN];
  switch (e.measure) {
    case 'signal_ratio':
      return healthMessage(lang, e.kind === 'exploding' ? 'diagnosis.signal-exploding' : 'diagnosis.signal-vanishing', {
        ratio: sig(d.signal_ratio ?? NaN),
        first: sig(first),
        last: sig(last),
      }).replace(/[.。]$/, '');
    case 'grad_scale':
      return healthMessage(lang, 'diagnosis.gradient-scale', { limit: GRADIENT_NORM_EXPLODING, smallest: sig(d.grad_scale ?? NaN) }).replace(/[.。]$/, '');
    default:
      return null;
  }
}

/** The short name of one piece of evidence in `lang`, e.g. 'exploding signal' (lower case in English, for running text). */
export function evidenceLabel(e: DiagnosisEvidence, lang: HealthLanguage): string {
  if (e.measure === 'signal_ratio') return healthMessage(lang, e.kind === 'exploding' ? 'label.signal-exploding' : 'label.signal-vanishing');
  return healthMessage(lang, `label.${e.kind}`);
}

/** One-line English explanation, used by the CLI (the renderer translates the same fields through i18n). */
export function describeDiagnosis(d: Diagnosis): string {
  const ratio = d.grad_ratio === null ? 'n/a' : d.grad_ratio.toExponential(1);
  const parts: string[] = [];
  for (const e of evidenceOf(d)) {
    const signal = signalEvidenceText(d, e, 'en');
    if (signal !== null) {
      parts.push(`${evidenceLabel(e, 'en')}: ${signal}`);
      continue;
    }
    switch (e.kind) {
      case 'vanishing':
        parts.push(`vanishing gradients: the first hidden layer's gradient norm is ${ratio} × the last hidden layer's`);
        break;
      case 'exploding':
        parts.push(`exploding gradients: the first hidden layer's gradient norm is ${ratio} × the last hidden layer's`);
        break;
      case 'saturated':
        parts.push(`saturated units: ${pct(d.saturated_fraction)} of sigmoid/tanh outputs sit where the derivative is < 5% of its maximum`);
        break;
      case 'dead':
        parts.push(`dying units: ${pct(d.dead_fraction)} of ReLU-family units output nothing on any example`);
        break;
    }
  }
  if (!parts.length) {
    const signal = d.signal_ratio == null ? '' : `, activation std last/first hidden ${sig(d.signal_ratio)}`;
    return `healthy: gradient ratio first/last hidden ${ratio}${signal}, no saturation or dead units above threshold`;
  }
  return parts.join('; ');
}

/** Two significant digits, e.g. 8.07 → '8.1', 13.04 → '13', 0.0068 → '0.0068'. */
function sig(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : '∞';
  return String(Number(x.toPrecision(2)));
}

function pct(x: number | null): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(0)}%`;
}
