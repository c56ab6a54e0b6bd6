/**
 * The health panel's logic, kept out of the component so it can be tested: which title a
 * finding or a piece of diagnosis evidence gets, and the edited model an "Apply in editor"
 * click hands to the editor.
 */
import { applyLintFix, type ModelSpec } from '../../../src-shared/model/index.js';
import type { DiagnosisEvidence } from '../../../src-shared/training/diagnose.js';
import type { HealthFinding } from '../../../src-shared/training/health.js';
import type { PlainKey } from '../../i18n/index.js';

/** Title of one piece of diagnosis evidence, e.g. the forward-signal rule's → `'health.label.signalExploding'`. */
export function evidenceTitleKey(e: DiagnosisEvidence): PlainKey {
  if (e.measure === 'signal_ratio') return e.kind === 'exploding' ? 'health.label.signalExploding' : 'health.label.signalVanishing';
  return `health.label.${e.kind}`;
}

/** Title of one health finding: divergence and the forward signal have their own, the rest their kind's. */
export function findingTitleKey(f: Pick<HealthFinding, 'kind' | 'rule'>): PlainKey {
  if (f.rule === 'divergence') return 'health.label.diverged';
  if (f.rule === 'forward-signal') return f.kind === 'exploding' ? 'health.label.signalExploding' : 'health.label.signalVanishing';
  return `health.label.${f.kind}`;
}

/**
 * The model with the finding's action applied, or why not: `{ ok: true, doc }`, or
 * `{ ok: false, message }` when there is no model or no action, or the action no longer fits it.
 */
export function fixedModel(model: ModelSpec | null, f: Pick<HealthFinding, 'action'>): { ok: true; doc: ModelSpec } | { ok: false; message: string } {
  if (!model || !f.action) return { ok: false, message: 'no model or no action' };
  try {
    return { ok: true, doc: applyLintFix(model, f.action) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Layer numbers as short ranges, so a 100-layer finding stays one line. Example:
 * `[1, 2, 3, 5, 7, 8]` → `'1–3, 5, 7–8'`; `[]` → `''`.
 */
export function layerRanges(layers: readonly number[]): string {
  const sorted = [...new Set(layers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    let end = start;
    while (sorted[i + 1] === end + 1) end = sorted[++i]!;
    parts.push(end > start ? `${start}–${end}` : String(start));
  }
  return parts.join(', ');
}
