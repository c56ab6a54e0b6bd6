/**
 * Reading features out of a split, whatever its storage (float features, or raw
 * pixels with the per-feature transform, see DataSplit). The values are the same
 * either way: fround((p − mean[f]) / std[f]), which for `scale` (mean 0, std 255) is
 * exactly fround(p / 255).
 */
import { FEATURES, type DataSplit } from './types.js';

/** Local copy: a loop bound read through an import binding is a getter call under some loaders (tsx, vitest). */
const F: number = FEATURES;

/** Copies the features of `rows` (in that order) into `dest` from float offset `offset`. */
export function copyFeatureRows(split: DataSplit, rows: ArrayLike<number>, dest: Float32Array, offset = 0): void {
  const x = split.x;
  if (x instanceof Float32Array) {
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k] as number;
      dest.set(x.subarray(r * F, (r + 1) * F), offset + k * F);
    }
    return;
  }
  const { pixels, mean, std } = x;
  const index = x.rows;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k] as number;
    const src = (index === undefined ? r : (index[r] as number)) * F;
    const dst = offset + k * F;
    for (let f = 0; f < F; f++) dest[dst + f] = (pixels[src + f]! - mean[f]!) / std[f]!;
  }
}

/** Features of the contiguous rows [start, end) as a new array. */
export function featureRange(split: DataSplit, start: number, end: number): Float32Array {
  const x = split.x;
  if (x instanceof Float32Array) return x.slice(start * F, end * F);
  const out = new Float32Array((end - start) * F);
  const rows = Array.from({ length: end - start }, (_, i) => start + i);
  copyFeatureRows(split, rows, out);
  return out;
}

/** All features of a split as floats (tests, exports: a copy the size of the float dataset). */
export function allFeatures(split: DataSplit): Float32Array {
  return featureRange(split, 0, split.count);
}
