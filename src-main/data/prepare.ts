/**
 * Turns a cached dataset into float features for training: the fixed split, an
 * optional limit on training images, and the chosen preprocessing.
 */
import type { DatasetId, PreprocessId } from '../../src-shared/model/ids.js';
import { DATASET_INFO } from '../../src-shared/data/datasets.js';
import {
  FEATURES,
  type DataSplit,
  type DatasetInfo,
  type PixelTransform,
  type PreparedData,
} from '../../src-shared/data/types.js';
import { assertNever } from '../../src-shared/model/spec.js';
import { foldSizes } from '../../src-shared/wizard/estimate.js';
import { ALL_CLASS_IDS, checkClassIds, labelMap, rowsOfClasses } from '../../src-shared/data/subset.js';
import { loadRaw, type CacheOptions } from './cache.js';
import type { RawDataset } from './format.js';
import { computeSplit } from './split.js';

/** Options of `prepareData`. */
export interface PrepareOptions extends CacheOptions {
  preprocess: PreprocessId;
  /**
   * Keep only these classes' images (a model's `classes`, e.g. [5, 6] for sandals vs shirts):
   * the same fixed split with the other classes' images dropped, and labels remapped to
   * 0..k−1 in this order (label `classes[i]` → i). Absent: every class, labels as they are.
   */
  classes?: readonly number[];
  /** Keep only the first N training images (at most all; after the class filter); validation and test stay whole. */
  limit?: number;
  /**
   * A cross-validation fold (1-based `index` of `folds`): the kept training images are cut
   * into contiguous chunks (sizes from foldSizes); chunk `index` becomes the validation set
   * and the other chunks, in order, the training set. The test split stays whole.
   */
  fold?: { index: number; folds: number } | null;
}

/** Training and validation rows of one fold of `rows`, e.g. `foldRows([a,b,c,d,e], 2, 2)` → train [a,b,c], validation [d,e]. */
export function foldRows(rows: Uint32Array, index: number, folds: number): { train: Uint32Array; validation: Uint32Array } {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`fold: expected at least 2 folds. Received: folds=${folds}`);
  if (!Number.isInteger(index) || index < 1 || index > folds) {
    throw new Error(`fold: expected a fold index from 1 to ${folds}. Received: index=${index}`);
  }
  if (rows.length < folds) throw new Error(`fold: ${rows.length} training images cannot be cut into ${folds} folds`);
  const sizes = foldSizes(rows.length, folds);
  let start = 0;
  for (let i = 1; i < index; i++) start += sizes[i - 1] as number;
  const end = start + (sizes[index - 1] as number);
  const train = new Uint32Array(rows.length - (end - start));
  train.set(rows.subarray(0, start), 0);
  train.set(rows.subarray(end), start);
  return { train, validation: rows.slice(start, end) };
}

/** Display information of a dataset (counts of the full split, class names); loads nothing. */
export function datasetInfo(id: DatasetId): DatasetInfo {
  return DATASET_INFO[id];
}

/**
 * Loads, splits and preprocesses a dataset, e.g.
 * `prepareData('fashion-mnist', { preprocess: 'scale', limit: 1000 }).train.count` → 1000, and
 * the book's "200 images of sandals and shirts": `{ classes: [5, 6], limit: 200 }` → 200
 * training images labelled 0 (sandal) and 1 (shirt), 1,000 validation and 2,000 test images.
 */
export function prepareData(id: DatasetId, opts: PrepareOptions): PreparedData {
  if (opts.limit !== undefined && !(Number.isInteger(opts.limit) && opts.limit >= 1)) {
    throw new Error(`limit: expected a whole number of training images ≥ 1. Received: limit=${opts.limit}`);
  }
  const classIds = opts.classes === undefined ? [...ALL_CLASS_IDS] : checkClassIds(opts.classes);
  const raw = loadRaw(id, opts);
  const split = computeSplit(id, raw.labels);
  // Statistics of the FULL training split, all classes: a subset changes which images the
  // model sees, not how pixels are normalized, so a model trained on 8 classes and one
  // trained on the other 2 (the book's transfer-learning pair) read identical features.
  const transform = pixelTransform(raw, split.train, opts.preprocess);
  const map = labelMap(classIds);
  const subsetTrain = rowsOfClasses(split.train, raw.labels, map);
  const kept = opts.limit === undefined ? subsetTrain : subsetTrain.subarray(0, opts.limit);
  // A fold's statistics stay those of the full training split (the transform above), not of its
  // training chunks: the same reason as for `limit`, and every fold and candidate of a study
  // then sees identically normalized pixels, so their accuracies differ only by the data held out.
  const { train, validation } = opts.fold
    ? foldRows(kept, opts.fold.index, opts.fold.folds)
    : { train: kept, validation: rowsOfClasses(split.validation, raw.labels, map) };
  return {
    dataset: id,
    preprocess: opts.preprocess,
    features: FEATURES,
    classes: classIds.length,
    class_ids: classIds,
    train: gather(raw, train, transform, map),
    validation: gather(raw, validation, transform, map),
    test: gather(raw, rowsOfClasses(split.test, raw.labels, map), transform, map),
    pixel_transform: transform,
  };
}

/**
 * The per-feature transform x = (p − mean) / std. `scale`: mean 0, std 255.
 * `standardize`: population mean and std of the FULL training split, so that a
 * `limit` changes how much the model sees, not how inputs are normalized.
 */
export function pixelTransform(raw: RawDataset, trainIndices: Uint32Array, preprocess: PreprocessId): PixelTransform {
  switch (preprocess) {
    case 'scale':
      return { mean: new Float32Array(FEATURES), std: new Float32Array(FEATURES).fill(255) };
    case 'standardize':
      return standardization(raw, trainIndices);
    default:
      return assertNever(preprocess);
  }
}

/** Local copy: a loop bound read through an import binding is a getter call under some loaders (tsx, vitest). */
const F: number = FEATURES;

/** Statistics are memoized per dataset content: 55,000×784 sums are worth doing once. */
const statsMemo = new Map<string, PixelTransform>();

function standardization(raw: RawDataset, trainIndices: Uint32Array): PixelTransform {
  const key = `${raw.dataset}:${raw.checksum}:${trainIndices.length}`;
  const hit = statsMemo.get(key);
  if (hit) return hit;
  // Pixels are integers ≤ 255, so these float64 sums are exact: no cancellation in E[p²] − E[p]².
  const sum = new Float64Array(F);
  const sq = new Float64Array(F);
  const pixels = raw.pixels;
  const n = trainIndices.length;
  for (let r = 0; r < n; r++) {
    const src = trainIndices[r]! * F;
    for (let f = 0; f < F; f++) {
      const p = pixels[src + f]!;
      sum[f]! += p;
      sq[f]! += p * p;
    }
  }
  const mean = new Float32Array(F);
  const std = new Float32Array(F);
  for (let f = 0; f < F; f++) {
    const m = sum[f]! / n;
    const sd = Math.sqrt(Math.max(0, sq[f]! / n - m * m));
    mean[f] = m;
    // A pixel that never changes in training (MNIST's blank corners) has std 0;
    // dividing by 1 instead keeps it at exactly 0 after centring rather than NaN,
    // and a new image that does light it up stays finite (sklearn's StandardScaler does the same).
    std[f] = sd > 0 ? sd : 1;
  }
  const transform = { mean, std };
  statsMemo.set(key, transform);
  return transform;
}

/**
 * A split of the chosen images: their labels as output indices (`map`: dataset label →
 * output, see labelMap), the pixels shared.
 */
function gather(raw: RawDataset, indices: Uint32Array, t: PixelTransform, map: Int16Array): DataSplit {
  const count = indices.length;
  // The dataset's raw pixels, shared by the splits (each holds its row indices): features
  // are computed per batch (src-shared/data/features.ts), so the training process holds
  // the images once, one byte per pixel.
  const y = new Uint8Array(count);
  const { labels } = raw;
  for (let r = 0; r < count; r++) y[r] = map[labels[indices[r]!]!]!;
  return { x: { pixels: raw.pixels, rows: indices, mean: t.mean, std: t.std }, y, count };
}
