/**
 * The run's per-epoch metrics with per-layer diagnostics as CSV (RFC 4180 quoting,
 * `\r\n` line ends, a header row). Column names are the metrics' own JSON keys, the same
 * in every UI language, so a notebook that reads one export reads them all.
 */
import type { EpochMetrics } from '../../../../src-shared/training/metrics.js';

/**
 * Header of `epochsToCsv`: epoch columns, then the layer's position (1-based, input → output)
 * and diagnostics, then the epoch's learning rate and global gradient norms (empty for runs
 * recorded before them, and grad_norm_clipped for an optimizer that does not clip).
 */
export const CSV_COLUMNS = [
  'epoch',
  'loss',
  'accuracy',
  'val_loss',
  'val_accuracy',
  'seconds',
  'layer',
  'name',
  'spec_index',
  'activation',
  'grad_norm',
  'weight_norm',
  'act_mean',
  'act_std',
  'inactive_fraction',
  'inactive_kind',
  'learning_rate',
  'grad_norm_raw',
  'grad_norm_clipped',
] as const;

function cell(v: string | number | null): string {
  if (v === null) return '';
  // Full precision (the export is for analysis); NaN and ±Infinity spelled as numpy/pandas read them.
  const s = typeof v === 'number' ? (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v)) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One row per epoch × dense layer (an epoch without layers gives one row with empty layer
 * cells). Example: 2 epochs of a 3-dense-layer net → header + 6 rows, starting
 * `1,0.83,0.71,0.61,0.78,4.2,1,dense,1,relu,0.02,…`.
 */
export function epochsToCsv(epochs: readonly EpochMetrics[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const m of epochs) {
    const head = [m.epoch, m.loss, m.accuracy, m.val_loss, m.val_accuracy, m.seconds];
    const tail = [m.learning_rate ?? null, m.grad_norm_raw ?? null, m.grad_norm_clipped ?? null];
    if (m.layers.length === 0) lines.push([...head, ...Array<null>(CSV_COLUMNS.length - head.length - tail.length).fill(null), ...tail].map(cell).join(','));
    m.layers.forEach((l, i) => {
      const row = [...head, i + 1, l.name, l.spec_index, l.activation, l.grad_norm, l.weight_norm, l.act_mean, l.act_std, l.inactive_fraction, l.inactive_kind, ...tail];
      lines.push(row.map(cell).join(','));
    });
  }
  return lines.join('\r\n') + '\r\n';
}

/** A file name for a run's export: `run id` + suffix, or `gradient-lab` + suffix without a run. Example: (`'2026…-relu-100-ab12'`, `'metrics.csv'`) → `'2026…-relu-100-ab12-metrics.csv'`. */
export function exportFileName(runId: string | null, suffix: string): string {
  const base = (runId ?? 'gradient-lab').replace(/[^\w.-]+/g, '_');
  return `${base}-${suffix}`;
}
