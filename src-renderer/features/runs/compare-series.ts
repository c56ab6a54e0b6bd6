/**
 * Comparing 2–6 runs as plain data: one colour per run, overlaid learning curves (train
 * solid, validation dashed), per-layer profiles by depth at a chosen epoch, and the table
 * of final metrics with the best value of each row marked. Free of Chart.js and the DOM.
 */
import type { RunRecord } from '../../../src-shared/training/run.js';
import type { ChartColor, ChartSeries } from '../training/charts/chart-spec.js';
import { depthPoints, epochCurves, type DepthMetric } from '../training/charts/series.js';

/** Most runs compared at once. */
export const MAX_COMPARE = 6;

/** One colour role per compared run, in selection order. */
export const RUN_COLORS: readonly ChartColor[] = ['accent', 'danger', 'success', 'warning', 'acc', 'muted'];

/** A compared run: its record and the label the charts and table show. */
export interface ComparedRun {
  record: RunRecord;
  label: string;
}

/** Loss or accuracy of every run, train solid and validation dashed. */
export function curveSeries(runs: readonly ComparedRun[], metric: 'loss' | 'accuracy', words: { train: string; val: string }): ChartSeries[] {
  return runs.flatMap((r, i) => {
    const c = epochCurves(r.record.epochs);
    const color = RUN_COLORS[i % RUN_COLORS.length] as ChartColor;
    const [train, val] = metric === 'loss' ? [c.loss, c.valLoss] : [c.accuracy, c.valAccuracy];
    return [
      { label: `${r.label} · ${words.train}`, data: train, color, points: 2 },
      { label: `${r.label} · ${words.val}`, data: val, color, dash: [6, 4], points: 2 },
    ];
  });
}

/**
 * Each run's learning rate per epoch (the rate of the epoch's last step), one line per run
 * in its colour, for a log axis; runs recorded before rates were stored give no line.
 * Example: a run with rates [0.01, 0.005] → `{data: [{x: 1, y: 0.01}, {x: 2, y: 0.005}]}`.
 */
export function rateCompareSeries(runs: readonly ComparedRun[]): ChartSeries[] {
  return runs.flatMap((r, i) => {
    const data = r.record.epochs
      .filter((e) => typeof e.learning_rate === 'number' && Number.isFinite(e.learning_rate) && e.learning_rate > 0)
      .map((e) => ({ x: e.epoch, y: e.learning_rate as number }));
    return data.length === 0 ? [] : [{ label: r.label, data, color: RUN_COLORS[i % RUN_COLORS.length] as ChartColor, points: data.length <= 30 ? 2 : 0, stepped: 'before' as const }];
  });
}

/** The epoch whose profile is shown for each run: `epoch` when the run has it, else its last. */
export function epochFor(r: RunRecord, epoch: number | null): number | null {
  if (r.epochs.length === 0) return null;
  if (epoch !== null && r.epochs.some((e) => e.epoch === epoch)) return epoch;
  return r.epochs.at(-1)!.epoch;
}

/** A per-layer metric by depth (x = dense layer 1…n) for every run at `epoch` (each run's last when null). */
export function depthCompareSeries(runs: readonly ComparedRun[], metric: DepthMetric, epoch: number | null, log = false): ChartSeries[] {
  return runs.flatMap((r, i) => {
    const at = epochFor(r.record, epoch);
    const layers = r.record.epochs.find((e) => e.epoch === at)?.layers ?? [];
    if (layers.length === 0) return [];
    return [{ label: `${r.label} (${at})`, data: depthPoints(layers, metric, log), color: RUN_COLORS[i % RUN_COLORS.length] as ChartColor, points: layers.length <= 12 ? 3 : 0 }];
  });
}

/** The largest epoch number any compared run reached (the epoch picker's range). */
export function maxEpoch(runs: readonly ComparedRun[]): number {
  return Math.max(0, ...runs.map((r) => r.record.epochs.at(-1)?.epoch ?? 0));
}

/** Rows of the final-metrics table. `better`: which direction wins. */
export const METRIC_ROWS = [
  { key: 'best_val_accuracy', better: 'higher' },
  { key: 'final_val_accuracy', better: 'higher' },
  { key: 'final_val_loss', better: 'lower' },
  { key: 'final_accuracy', better: 'higher' },
  { key: 'test_accuracy', better: 'higher' },
  { key: 'test_loss', better: 'lower' },
  { key: 'epochs', better: null },
  { key: 'seconds', better: 'lower' },
] as const;
export type MetricRowKey = (typeof METRIC_ROWS)[number]['key'];

/** One run's value for each row (null when it has none). */
export function metricValues(r: RunRecord): Record<MetricRowKey, number | null> {
  const last = r.epochs.at(-1);
  const finite = (x: number | null | undefined) => (x !== null && x !== undefined && Number.isFinite(x) ? x : null);
  const vals = r.epochs.map((e) => e.val_accuracy).filter(Number.isFinite);
  return {
    best_val_accuracy: vals.length ? Math.max(...vals) : null,
    final_val_accuracy: finite(last?.val_accuracy),
    final_val_loss: finite(last?.val_loss),
    final_accuracy: finite(last?.accuracy),
    test_accuracy: finite(r.status.test_accuracy),
    test_loss: finite(r.status.test_loss),
    epochs: r.epochs.length,
    seconds: r.epochs.length ? r.epochs.reduce((a, e) => a + e.seconds, 0) : null,
  };
}

/** Index of the best run in a row (ties: the first), or -1 when the row has no direction or fewer than two values. */
export function bestIndex(values: readonly (number | null)[], better: 'higher' | 'lower' | null): number {
  if (better === null || values.filter((v) => v !== null).length < 2) return -1;
  let best = -1;
  values.forEach((v, i) => {
    if (v === null) return;
    const b = best < 0 ? null : (values[best] as number);
    if (b === null || (better === 'higher' ? v > b : v < b)) best = i;
  });
  return best;
}

/** The table as CSV: a header of run labels, then one line per row (`metric,run1,run2…`). */
export function compareCsv(runs: readonly ComparedRun[]): string {
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const values = runs.map((r) => metricValues(r.record));
  const lines = [['metric', ...runs.map((r) => r.label)].map(esc).join(',')];
  lines.push(['run_id', ...runs.map((r) => r.record.id)].map(esc).join(','));
  for (const row of METRIC_ROWS) lines.push([row.key, ...values.map((v) => (v[row.key] === null ? '' : String(v[row.key])))].join(','));
  return lines.join('\n') + '\n';
}
