/**
 * SELU's conditions (chapter reference §2) checked on a model document, so the wizard can say,
 * condition by condition, why the open model cannot self-normalize and what Apply would change.
 */
import { denseDefaults } from '../model/defaults.js';
import { formatPath } from '../model/errors.js';
import type { ModelSpec } from '../model/spec.js';
import { SELF_NORMALIZING_CONDITIONS, type SelfNormalizingCheckItem, type SelfNormalizingCondition } from './types.js';

/** Conditions `applyCandidate(model, 'selu')` makes true; the others need the student to change the architecture. */
export const APPLY_FIXES: readonly SelfNormalizingCondition[] = ['standardized_inputs', 'lecun_normal', 'alpha_dropout'];

/** First path that breaks one condition, or null when the model meets it. */
type Check = (model: ModelSpec) => string | null;

const CHECKS: Record<SelfNormalizingCondition, Check> = {
  standardized_inputs: (m) => (m.preprocess === 'standardize' ? null : 'preprocess'),
  lecun_normal: (m) => {
    const last = m.layers.map((l) => l.kind).lastIndexOf('dense');
    // Omitted initializers resolve to glorot_uniform, so they break the condition too.
    const i = m.layers.findIndex((l, k) => k !== last && l.kind === 'dense' && denseDefaults(l).kernel_initializer !== 'lecun_normal');
    return i < 0 ? null : formatPath(['layers', i, 'kernel_initializer']);
  },
  // Batch norm is the format's only layer that is not part of a plain dense stack: activation
  // layers and (alpha) dropout pass a dense layer's output straight on.
  sequential_dense: (m) => {
    const i = m.layers.findIndex((l) => l.kind === 'batch_normalization');
    return i < 0 ? null : formatPath(['layers', i]);
  },
  alpha_dropout: (m) => {
    const i = m.layers.findIndex((l) => l.kind === 'dropout');
    return i < 0 ? null : formatPath(['layers', i, 'kind']);
  },
};

/**
 * One item per condition, in SELF_NORMALIZING_CONDITIONS order. Example: default-dnn →
 * `[{condition: 'standardized_inputs', ok: false, path: 'preprocess'}, {condition: 'lecun_normal',
 * ok: false, path: 'layers[2].kernel_initializer'}, {condition: 'sequential_dense', ok: false,
 * path: 'layers[1]'}, {condition: 'alpha_dropout', ok: true, path: null}]`.
 */
export function selfNormalizingCheck(model: ModelSpec): SelfNormalizingCheckItem[] {
  return SELF_NORMALIZING_CONDITIONS.map((condition) => {
    const path = CHECKS[condition](model);
    return { condition, ok: path === null, path };
  });
}

/** Whether Apply with SELU would leave a self-normalizing network: every condition it cannot fix already holds. */
export function canSelfNormalize(items: readonly SelfNormalizingCheckItem[]): boolean {
  return items.every((item) => item.ok || APPLY_FIXES.includes(item.condition));
}
