/**
 * Chart.js scale options from the plain axes of chart-spec.ts: a left y axis, and a second
 * y axis on the right when a chart draws two quantities of different units (the learning
 * rate on a log scale beside the loss). Kept apart from LineChart so what the axes are is
 * testable without a canvas.
 */
import type { ScaleOptions } from 'chart.js';
import { integerTick, logTick, type ChartAxis } from './chart-spec.js';

/** Colours the axes are drawn in (resolved CSS colours). */
export interface AxisColors {
  text: string;
  grid: string;
}

type Scale = ScaleOptions<'linear'> | ScaleOptions<'logarithmic'>;

// Log ticks are labelled by logTick alone: Chart.js' auto-skip would drop labelled ticks among the blank ones.
function decadesOf(ticks: { value: number }[]): number {
  const lo = ticks[0]?.value ?? 1;
  const hi = ticks.at(-1)?.value ?? 1;
  return lo > 0 && hi > 0 ? Math.log10(hi / lo) : Infinity;
}

/** One axis as Chart.js options. `side: 'right'` puts it on the right without grid lines of its own (the left axis' grid stays readable). */
export function axisOptions(a: ChartAxis, colors: AxisColors, side: 'left' | 'right' | null = null): Scale {
  // Whole objects each time, never spreads of Chart.js' option proxies (they threw in Chromium).
  const ticks = {
    color: colors.text,
    ...(a.integer ? { precision: 0, callback: (v: number | string) => integerTick(Number(v)) } : {}),
    ...(a.percent ? { callback: (v: number | string) => `${Math.round(Number(v) * 100)}%` } : {}),
    ...(a.log ? { callback: (v: number | string, _i: number, all: { value: number }[]) => logTick(Number(v), decadesOf(all)), autoSkip: false } : {}),
  };
  return {
    type: a.log ? 'logarithmic' : 'linear',
    min: a.min,
    max: a.max,
    ...(a.log ? {} : { beginAtZero: a.beginAtZero ?? false }),
    ...(side ? { position: side } : {}),
    title: { display: a.title !== '', text: a.title, color: colors.text },
    ticks,
    grid: side === 'right' ? { color: colors.grid, drawOnChartArea: false } : { color: colors.grid },
  } as Scale;
}

/**
 * The scales of a line chart: `x`, `y` and, when `y2` is given, `y2` on the right (series
 * with `axis: 'y2'` are drawn against it). Example: `{x, y: loss, y2: {title: 'Learning rate', log: true}}`
 * → `{x, y, y2: {type: 'logarithmic', position: 'right', …}}`.
 */
export function chartScales(x: ChartAxis, y: ChartAxis, y2: ChartAxis | null, colors: AxisColors): Record<string, Scale> {
  const scales: Record<string, Scale> = { x: axisOptions(x, colors), y: axisOptions(y, colors, y2 ? 'left' : null) };
  if (y2) scales['y2'] = axisOptions(y2, colors, 'right');
  return scales;
}
