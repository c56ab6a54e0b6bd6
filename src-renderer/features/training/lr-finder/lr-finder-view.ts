/**
 * The learning-rate finder panel's logic, kept out of the components so it can be tested:
 * the request from the run form's options, the chart's lines and marker, the rate as the
 * form's text, and the error sentence in the user's language.
 */
import { LR_FIND_LIMITS, type LrFindRequest, type LrFindResult } from '../../../../src-shared/training/lr-finder.js';
import { lrFindMessage, parseLrFindMessage } from '../../../../src-shared/i18n/lr-find-messages.js';
import type { UiLanguage } from '../../../../src-shared/i18n/template.js';
import { toApiError } from '../../../lib/api-error.js';
import type { ChartSeries } from '../charts/chart-spec.js';
import type { Marker } from '../charts/chart-decor.js';
import type { Point } from '../charts/series.js';
import type { RunFormOptions } from '../run-form.js';

/** The sweep the panel asks for: the contract's lowest default rate up to 10, where every model of the chapter blows up. */
export const PANEL_SWEEP = { min_rate: LR_FIND_LIMITS.default_min_rate, max_rate: 10, steps: LR_FIND_LIMITS.default_steps } as const;

/**
 * The `lr:find` request for the model and the run form's options: batch size, image limit,
 * seed, dataset, optimizer and backend as the run would use them (epochs and the learning
 * rate do not change a sweep). Example: `{ epochs: 10, batch_size: 32, limit: 5000, learning_rate: 0.01 }`
 * → `{ model, options: { batch_size: 32, limit: 5000 }, min_rate: 1e-5, max_rate: 10, steps: 200 }`.
 */
export function lrFindRequest(model: unknown, form: RunFormOptions): LrFindRequest {
  const options: LrFindRequest['options'] = { batch_size: form.batch_size, limit: form.limit };
  for (const k of ['seed', 'dataset', 'optimizer', 'backend'] as const) {
    if (form[k] !== undefined) (options as Record<string, unknown>)[k] = form[k];
  }
  return { model, options, ...PANEL_SWEEP };
}

/** A measured value, or null for a gap (NaN and ±Infinity over IPC, null over JSON). */
const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The chart's two lines: the raw loss (faint) and the smoothed loss, x = learning rate. */
export function lrFinderSeries(result: LrFindResult, labels: { raw: string; smoothed: string }): ChartSeries[] {
  const raw: Point[] = [];
  const smoothed: Point[] = [];
  for (const p of result.points) {
    if (finite(p.loss)) raw.push({ x: p.learning_rate, y: p.loss });
    if (finite(p.smoothed_loss)) smoothed.push({ x: p.learning_rate, y: p.smoothed_loss });
  }
  return [
    { label: labels.raw, data: raw, color: 'loss', alpha: 0.3, width: 1 },
    { label: labels.smoothed, data: smoothed, color: 'loss', width: 2.5 },
  ];
}

/**
 * The loss axis' top: 20% above the highest smoothed loss (rounded up) before the step that stopped the
 * sweep, so the blow-up (a smoothed loss 4× the minimum, a raw loss of 800) leaves the chart
 * at the top instead of squashing the curve to a flat line. Null when there is nothing to plot.
 */
export function lossAxisMax(result: LrFindResult): number | null {
  const kept = result.stopped_early ? result.points.slice(0, -1) : result.points;
  const values = kept.map((p) => p.smoothed_loss).filter(finite);
  if (values.length === 0) return null;
  const top = Math.max(...values) * 1.2;
  // Up to a round value (a multiple of half a power of ten: 3.9 → 4, 0.33 → 0.35), which the axis then labels.
  const step = Math.pow(10, Math.floor(Math.log10(top))) / 2;
  return Math.ceil(top / step - 1e-9) * step;
}

/** The vertical line at the suggested rate, or none. */
export function suggestionMarkers(result: LrFindResult, label: (rate: string) => string): Marker[] {
  return result.suggested_rate === null ? [] : [{ x: result.suggested_rate, label: label(rateText(result.suggested_rate)), color: 'success' }];
}

/**
 * A rate as the form's learning-rate field takes it: plain decimals down to 1e-4, exponent
 * form below (the field accepts both). Example: 0.035 → '0.035', 0.0000035 → '3.5e-6'.
 */
export function rateText(rate: number): string {
  const rounded = Number(rate.toPrecision(3));
  return rounded >= 1e-4 ? String(rounded) : rounded.toExponential();
}

/**
 * What to say about a failed `lr:find`, in `lang`: the finder's own sentences (recognised
 * from main's English, which every transport carries) in that language, else what the
 * API error says. `disconnected` is the view's own sentence.
 */
export function lrFinderErrorText(err: unknown, lang: UiLanguage, disconnected: string): string {
  const e = toApiError(err);
  if (e.code === 'disconnected') return disconnected;
  const own = parseLrFindMessage(e.message);
  return own ? lrFindMessage(lang, own.code, own.params) : e.text(lang);
}
