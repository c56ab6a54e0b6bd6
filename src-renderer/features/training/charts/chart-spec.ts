/**
 * What a dashboard chart is asked to draw, in plain data: lines with a colour role (the
 * theme decides the colour), axes, reference lines. LineChart turns this into Chart.js
 * options; the builders here and in series.ts stay free of Chart.js and the DOM.
 */
import type { Point } from './series.js';

/** Colour roles, each a CSS variable of the theme (light and dark differ in global.css alone). */
export const CHART_COLORS = {
  loss: '--chart-loss',
  acc: '--chart-acc',
  accent: '--accent',
  success: '--success',
  warning: '--warning',
  danger: '--danger',
  muted: '--text-muted',
} as const;
export type ChartColor = keyof typeof CHART_COLORS;

/** One line. `label: ''` keeps it out of the legend and tooltips. */
export interface ChartSeries {
  label: string;
  data: Point[];
  color: ChartColor;
  /** Opacity in [0, 1]; default 1. */
  alpha?: number;
  /** Line width in px; default 2. */
  width?: number;
  dash?: number[];
  /** Point radius in px; default 0 (lines only). */
  points?: number;
  /** Drawn against the chart's second (right-hand) y axis, e.g. the learning rate over the loss; default the left one. */
  axis?: 'y2';
  /** Drawn as steps: `before` takes each point's value over the interval up to it (a per-epoch learning rate holds through its epoch). */
  stepped?: 'before' | 'after';
}

/** An axis: title, scale kind, fixed bounds; `percent` prints fractions as percentages. */
export interface ChartAxis {
  title: string;
  log?: boolean;
  min?: number;
  max?: number;
  beginAtZero?: boolean;
  percent?: boolean;
  /** Whole-number ticks only (epochs, layer positions). */
  integer?: boolean;
}

/** Line width of a depth line in px: the latest drawn thicker than older epochs. Example: `depthWidth(true)` → 2.5. */
export function depthWidth(latest: boolean): number {
  return latest ? 2.5 : 1.25;
}

/**
 * A tick label for a log axis spanning `decades` powers of ten: powers of ten only on a
 * wide axis (`1e-7`, `0.01`, `1`, `100`), also 2× and 5× on one of at most 3 decades, and
 * 2×, 3×, 5× within 1.5 decades, so short and ten-decade axes both stay readable. Other
 * ticks get `''`. Examples: (1e-7, 10) → `'1e-7'`; (0.2, 1) → `'0.2'`; (0.2, 10) → `''`.
 */
export function logTick(value: number, decades = Infinity): string {
  if (!(value > 0)) return '';
  const exp = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = value / 10 ** exp;
  const m = Math.round(mantissa);
  if (Math.abs(mantissa - m) > 1e-6) return '';
  const shown = decades <= 1.5 ? [1, 2, 3, 5] : decades <= 3 ? [1, 2, 5] : [1];
  if (!shown.includes(m)) return '';
  return exp < -2 || exp > 3 ? `${m}e${exp}` : String(Number((m * 10 ** exp).toPrecision(1)));
}

/** A tick label that is empty off whole numbers (epochs and layers padded by half a step). Example: 1.5 → `''`. */
export function integerTick(value: number): string {
  return Number.isInteger(value) ? String(value) : '';
}

/** A y value for tooltips: 3 significant digits, scientific when tiny or huge. Example: 0.000123 → `'1.23e-4'`. */
export function formatValue(y: number): string {
  if (!Number.isFinite(y)) return '—';
  const a = Math.abs(y);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? y.toExponential(2).replace('e+', 'e') : String(Number(y.toPrecision(3)));
}
