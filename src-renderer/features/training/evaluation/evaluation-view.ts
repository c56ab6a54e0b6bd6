/**
 * Pure helpers of the evaluation components: which runs can be evaluated, how dark a
 * confusion cell is, and a 28×28 test image as canvas pixels. No DOM, no Svelte.
 */
import { CLASS_NAMES } from '../../../../src-shared/data/classes.js';
import type { DatasetId } from '../../../../src-shared/model/ids.js';
import { IMAGE_COLS, IMAGE_ROWS } from '../../../../src-shared/data/types.js';
import { EVALUATE_LIMITS } from '../../../../src-shared/training/evaluation.js';

/** What the panel does for a run status: evaluate it, explain why not, or wait for it to end. */
export type EvaluationGate = 'evaluate' | 'diverged' | 'failed' | 'waiting';

/**
 * Runs that ended with saved weights (completed or stopped) are evaluated; a diverged or
 * failed run has none. Example: `evaluationGate('stopped')` → `'evaluate'`.
 */
export function evaluationGate(status: string): EvaluationGate {
  if (status === 'completed' || status === 'stopped') return 'evaluate';
  if (status === 'diverged') return 'diverged';
  if (status === 'failed') return 'failed';
  return 'waiting';
}

/** Class names of a dataset in the UI language, indexed by label. */
export function classNamesFor(dataset: DatasetId, lang: 'en' | 'ko'): readonly string[] {
  return CLASS_NAMES[dataset][lang];
}

/**
 * Names of a model's outputs in the UI language: output i is dataset class `classIds[i]`
 * (an evaluation answer's `class_ids`). Example: `outputNamesFor('fashion-mnist', 'en', [5, 6])`
 * → ['Sandal', 'Shirt'].
 */
export function outputNamesFor(dataset: DatasetId, lang: 'en' | 'ko', classIds: readonly number[]): string[] {
  const names = CLASS_NAMES[dataset][lang];
  return classIds.map((id) => names[id] ?? String(id));
}

/** A typed-in number of passes, or null when it is not a whole number from 1 to the limit. */
export function parseMcSamples(raw: string | number): number | null {
  const n = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= EVALUATE_LIMITS.max_mc_samples ? n : null;
}

/** An uncertainty (std of a probability, 0..0.5) as a bar width, 0..1: 0.5, the most two passes can disagree on average, fills it. */
export function uncertaintyBar(std: number): number {
  return Math.max(0, Math.min(1, std / 0.5));
}

/**
 * A confusion cell's shade, 0..1: its count over the largest count of the matrix, on a
 * square-root scale so that the few-image mistakes stay visible beside a diagonal of 900.
 * Example: `cellShade(225, 900)` → 0.5; `cellShade(0, 900)` → 0.
 */
export function cellShade(count: number, max: number): number {
  if (max <= 0 || count <= 0) return 0;
  return Math.min(1, Math.sqrt(count / max));
}

/** Shades past this get light text (the accent background is dark in both themes' terms). */
export const LIGHT_TEXT_FROM = 0.6;

/** Largest count of a matrix (0 when empty). */
export function maxCount(confusion: readonly (readonly number[])[]): number {
  let m = 0;
  for (const row of confusion) for (const c of row) if (c > m) m = c;
  return m;
}

/**
 * A raw test image (784 values 0..255, row-major) as RGBA bytes for `ImageData`: the
 * dataset's own look, a white garment or digit on black. Example: `[255, …]` → `[255, 255, 255, 255, …]`.
 */
export function imageRgba(pixels: readonly number[]): Uint8ClampedArray<ArrayBuffer> {
  const n = IMAGE_ROWS * IMAGE_COLS;
  const out = new Uint8ClampedArray(new ArrayBuffer(n * 4));
  for (let i = 0; i < n; i++) {
    const v = pixels[i] ?? 0;
    out[i * 4] = v;
    out[i * 4 + 1] = v;
    out[i * 4 + 2] = v;
    out[i * 4 + 3] = 255;
  }
  return out;
}
