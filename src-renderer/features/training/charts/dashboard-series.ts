/**
 * The dashboard's charts as plain data: the series of series.ts with colours, widths and
 * labels. Labels come in as functions so this stays free of the i18n layer (and testable
 * with any wording).
 */
import type { BatchSample, EpochMetrics, LayerDiagnostics } from '../../../../src-shared/training/metrics.js';
import { depthWidth, type ChartColor, type ChartSeries } from './chart-spec.js';
import { batchLossSeries, depthLines, epochCurves, type DepthLine, type DepthMetric, type DepthSnapshot } from './series.js';

/** Point markers are drawn on depth lines of at most this many layers (single values stay visible). */
const MARKED_DEPTH = 12;

/** Wording of the dashboard's lines. */
export interface SeriesLabels {
  trainLoss: string;
  valLoss: string;
  trainAccuracy: string;
  valAccuracy: string;
  rawBatch: string;
  smoothBatch: string;
  /** A depth line's legend entry: `Epoch 3`, or a live sample's `Epoch 3, step 120 (live)`. */
  line: (l: DepthLine) => string;
  mean: (l: DepthLine) => string;
  std: (l: DepthLine) => string;
}

/** Train (solid) and validation (dashed) loss per epoch, and the same for accuracy. */
export function epochSeries(
  epochs: readonly EpochMetrics[],
  labels: Pick<SeriesLabels, 'trainLoss' | 'valLoss' | 'trainAccuracy' | 'valAccuracy'>,
): { loss: ChartSeries[]; accuracy: ChartSeries[] } {
  const c = epochCurves(epochs);
  const points = epochs.length <= 30 ? 3 : 0;
  return {
    loss: [
      { label: labels.trainLoss, data: c.loss, color: 'loss', points },
      { label: labels.valLoss, data: c.valLoss, color: 'acc', points, dash: [6, 3] },
    ],
    accuracy: [
      { label: labels.trainAccuracy, data: c.accuracy, color: 'loss', points },
      { label: labels.valAccuracy, data: c.valAccuracy, color: 'acc', points, dash: [6, 3] },
    ],
  };
}

/** The raw batch loss drawn faint and thin under its EMA. */
export function batchSeries(samples: readonly BatchSample[], totalEpochs: number, labels: Pick<SeriesLabels, 'rawBatch' | 'smoothBatch'>): ChartSeries[] {
  const b = batchLossSeries(samples, totalEpochs);
  return [
    { label: labels.rawBatch, data: b.raw, color: 'loss', alpha: 0.25, width: 1 },
    { label: labels.smoothBatch, data: b.smooth, color: 'loss', width: 2 },
  ];
}

/** One depth metric, one line per shown epoch (older fainter), all in one colour. */
export function depthSeries(
  epochs: readonly DepthSnapshot[],
  metric: DepthMetric,
  color: ChartColor,
  labels: SeriesLabels,
  options: { log?: boolean; live?: DepthSnapshot | null } = {},
): ChartSeries[] {
  return depthLines(epochs, metric, options).map((l) => line(l, color, labels.line(l)));
}

/** Activation mean (loss colour) and standard deviation (accuracy colour) over depth, up to 3 epochs each. */
export function activationSeries(epochs: readonly DepthSnapshot[], labels: SeriesLabels, live: DepthSnapshot | null = null): ChartSeries[] {
  const opts = { live, maxLines: 3 };
  return [
    ...depthLines(epochs, 'act_mean', opts).map((l) => line(l, 'loss', labels.mean(l))),
    ...depthLines(epochs, 'act_std', opts).map((l) => line(l, 'acc', labels.std(l))),
  ];
}

function line(l: DepthLine, color: ChartColor, label: string): ChartSeries {
  const marked = l.latest && l.points.length <= MARKED_DEPTH;
  return { label, data: l.points, color, alpha: l.emphasis, width: depthWidth(l.latest), points: marked ? 3 : 0 };
}

/** Tooltip heading of a depth position: `3 · dense_2 (relu)`; the bare position when the layer is unknown. */
export function layerTitle(layers: readonly Pick<LayerDiagnostics, 'name' | 'activation'>[], x: number): string {
  const l = layers[Math.round(x) - 1];
  return l ? `${Math.round(x)} · ${l.name} (${l.activation})` : String(Math.round(x));
}

/**
 * Where a diverged run's loss became NaN, as a marker on the batch-loss chart: just after
 * the last finite batch loss (in the chart's epoch units), or at the start of the epoch it
 * happened in when no batch loss was drawn. Empty for a run that did not diverge.
 */
export function divergedMarker(
  divergedAt: { epoch: number; step: number } | null | undefined,
  batch: readonly ChartSeries[],
  label: (at: { epoch: number; step: number }) => string,
): { x: number; label: string }[] {
  if (!divergedAt) return [];
  const last = batch[0]?.data.at(-1);
  return [{ x: last ? last.x : Math.max(0, divergedAt.epoch - 1), label: label(divergedAt) }];
}
