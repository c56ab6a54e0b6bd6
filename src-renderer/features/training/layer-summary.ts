/**
 * One row per layer for the compact layer-stack table: kind, units, activation
 * and initializer, in Keras spellings (the course's shared vocabulary, so they are
 * not translated).
 */
import {
  denseDefaults,
  eluDefaults,
  leakyReluDefaults,
  rreluDefaults,
} from '../../../src-shared/model/defaults.js';
import { initializerLabel } from '../../../src-shared/model/initializers.js';
import { assertNever, type LayerSpec } from '../../../src-shared/model/spec.js';

/** A layer as the table shows it; `null` cells are drawn as a dash. */
export interface LayerRow {
  kind: LayerSpec['kind'];
  units: number | null;
  activation: string | null;
  initializer: string | null;
}

/**
 * Summarizes one layer. Examples: `{ kind: 'dense', units: 300, activation: 'relu', kernel_initializer: 'he_normal' }`
 * → `{ kind: 'dense', units: 300, activation: 'relu', initializer: 'he_normal' }`;
 * `{ kind: 'leaky_relu', alpha: 0.2 }` → activation `'leaky_relu(alpha=0.2)'`.
 */
export function summarizeLayer(layer: LayerSpec): LayerRow {
  const row = (activation: string | null): LayerRow => ({ kind: layer.kind, units: null, activation, initializer: null });
  switch (layer.kind) {
    case 'dense': {
      const d = denseDefaults(layer);
      return { kind: 'dense', units: d.units, activation: d.activation, initializer: initializerLabel(d.kernel_initializer) };
    }
    case 'flatten':
      return row(null);
    case 'leaky_relu':
      return row(`leaky_relu(alpha=${leakyReluDefaults(layer).alpha})`);
    case 'prelu':
      return row('prelu');
    case 'rrelu': {
      const { lower, upper } = rreluDefaults(layer);
      return row(`rrelu(lower=${fmt(lower)}, upper=${fmt(upper)})`);
    }
    case 'elu':
      return row(`elu(alpha=${eluDefaults(layer).alpha})`);
    case 'activation':
      return row(layer.activation);
    case 'batch_normalization':
      return row(null);
    case 'dropout':
    case 'alpha_dropout':
      return { ...row(null), activation: `rate=${layer.rate}` };
    default:
      return assertNever(layer);
  }
}

function fmt(x: number): string {
  return String(Number(x.toFixed(3)));
}
