/**
 * Turns layer diagnostics into the chapter's vocabulary. The two sigmoid failures
 * look alike in accuracy but not here: small weights shrink the gradient layer by
 * layer (vanishing), standard-normal weights keep gradient norms flat but pin the
 * units at 0 or 1 (saturated). Calling the second one "vanishing" would teach the
 * wrong lesson, so the verdict follows the measurements, not the activation name.
 */
import type { EpochMetrics, LayerDiagnostics } from './metrics.js';

/** Gradient-norm ratio (first hidden / last hidden) below which gradients are called vanishing. */
export const VANISHING_RATIO = 1e-2;
/** Ratio above which gradients are called exploding. */
export const EXPLODING_RATIO = 1e2;
/** Mean saturated fraction (sigmoid/tanh layers) above which units are called saturated. */
export const SATURATED_FRACTION = 0.3;
/** Mean dead-unit fraction (ReLU family) above which units are called dying. */
export const DEAD_FRACTION = 0.3;

/** One problem the diagnostics show. */
export type FindingKind = 'vanishing' | 'exploding' | 'saturated' | 'dead';

/** Summary of one epoch's diagnostics. Ratios and fractions are plain numbers, null when not applicable. */
export interface Diagnosis {
  epoch: number;
  /** grad_norm of the first hidden dense layer / grad_norm of the last hidden dense layer. */
  grad_ratio: number | null;
  /** Mean saturated fraction over sigmoid/tanh hidden layers. */
  saturated_fraction: number | null;
  /** Mean dead-unit fraction over ReLU-family hidden layers. */
  dead_fraction: number | null;
  findings: FindingKind[];
}

function mean(xs: number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

function hiddenLayers(layers: LayerDiagnostics[]): LayerDiagnostics[] {
  // The output layer's gradient is driven by the loss directly; the chapter's story is about hidden layers.
  return layers.slice(0, -1);
}

/** Diagnoses one epoch. Example: sigmoid + uniform ±0.05 → `{ grad_ratio: 4e-8, findings: ['vanishing'] }`. */
export function diagnoseEpoch(metrics: Pick<EpochMetrics, 'epoch' | 'layers'>): Diagnosis {
  const hidden = hiddenLayers(metrics.layers);
  const first = hidden[0];
  const last = hidden[hidden.length - 1];
  const gradRatio =
    first && last && hidden.length >= 2 && last.grad_norm > 0 && Number.isFinite(first.grad_norm)
      ? first.grad_norm / last.grad_norm
      : null;
  const saturated = mean(
    hidden.filter((l) => l.inactive_kind === 'saturated' && l.inactive_fraction !== null).map((l) => l.inactive_fraction as number),
  );
  const dead = mean(
    hidden.filter((l) => l.inactive_kind === 'dead' && l.inactive_fraction !== null).map((l) => l.inactive_fraction as number),
  );
  const findings: FindingKind[] = [];
  if (gradRatio !== null && gradRatio < VANISHING_RATIO) findings.push('vanishing');
  if (gradRatio !== null && gradRatio > EXPLODING_RATIO) findings.push('exploding');
  if (saturated !== null && saturated > SATURATED_FRACTION) findings.push('saturated');
  if (dead !== null && dead > DEAD_FRACTION) findings.push('dead');
  return { epoch: metrics.epoch, grad_ratio: gradRatio, saturated_fraction: saturated, dead_fraction: dead, findings };
}

/** One-line English explanation, used by the CLI (the renderer translates the same fields through i18n). */
export function describeDiagnosis(d: Diagnosis): string {
  const ratio = d.grad_ratio === null ? 'n/a' : d.grad_ratio.toExponential(1);
  const parts: string[] = [];
  for (const f of d.findings) {
    switch (f) {
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
  if (!parts.length) return `healthy: gradient ratio first/last hidden ${ratio}, no saturation or dead units above threshold`;
  return parts.join('; ');
}

function pct(x: number | null): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(0)}%`;
}
