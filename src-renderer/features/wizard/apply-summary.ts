/**
 * What "Apply" changed in the editor's model, counted for the notice the wizard shows
 * ("2 hidden layers rewritten, inputs standardized, 1 dropout layer → alpha dropout").
 */
import { summarizeModel } from '../../../src-shared/model/summary.js';
import type { ModelSpec } from '../../../src-shared/model/spec.js';

/** Counts of one application. */
export interface ApplyChanges {
  /** Hidden dense layers whose activation or initializer changed. */
  layers: number;
  /** Whether the inputs became standardized. */
  preprocess: boolean;
  /** Dropout layers turned into alpha dropout, and the reverse. */
  toAlphaDropout: number;
  toDropout: number;
}

function denseRows(model: ModelSpec) {
  return summarizeModel(model).layers.flatMap((r) => (r.dense ? [r.dense] : [])).slice(0, -1);
}

function countKind(model: ModelSpec, kind: string): number {
  return model.layers.filter((l) => l.kind === kind).length;
}

/**
 * Compares the model before and after. Example: the 300-100 ReLU net after SELU →
 * `{layers: 2, preprocess: true, toAlphaDropout: 0, toDropout: 0}`.
 */
export function applyChanges(before: ModelSpec, after: ModelSpec): ApplyChanges {
  const a = denseRows(before);
  const b = denseRows(after);
  let layers = 0;
  b.forEach((d, i) => {
    const old = a[i];
    if (!old || old.resolvedActivation !== d.resolvedActivation || JSON.stringify(old.kernelInitializer) !== JSON.stringify(d.kernelInitializer)) layers++;
  });
  const dropoutDelta = countKind(after, 'alpha_dropout') - countKind(before, 'alpha_dropout');
  return {
    layers,
    preprocess: before.preprocess !== 'standardize' && after.preprocess === 'standardize',
    toAlphaDropout: Math.max(0, dropoutDelta),
    toDropout: Math.max(0, -dropoutDelta),
  };
}

/** Whether anything changed at all. */
export function changedAnything(c: ApplyChanges): boolean {
  return c.layers > 0 || c.preprocess || c.toAlphaDropout > 0 || c.toDropout > 0;
}
