/**
 * Shapes of the datasets the app trains on. Plain data with typed arrays, so the
 * training process can hand them to tfjs without copying pixel by pixel.
 */
import type { DatasetId, PreprocessId } from '../model/ids.js';

/** Pixels per image (28×28) and classes per dataset: fixed for both datasets. */
export const IMAGE_ROWS = 28;
export const IMAGE_COLS = 28;
export const FEATURES = 784;
export const CLASSES = 10;

/** One split: `x` is count×784 row-major and preprocessed, `y` holds labels 0..9. */
export interface DataSplit {
  x: Float32Array;
  y: Uint8Array;
  count: number;
}

/**
 * How a raw pixel p (0..255) became a feature: x[f] = (p − mean[f]) / std[f].
 * `scale` is mean 0, std 255; `standardize` uses the training split's statistics.
 * Kept so that new images (a drawing, an exported model) get the same transform.
 */
export interface PixelTransform {
  mean: Float32Array;
  std: Float32Array;
}

/** A dataset split three ways and preprocessed, ready for training. */
export interface PreparedData {
  dataset: DatasetId;
  preprocess: PreprocessId;
  features: typeof FEATURES;
  classes: typeof CLASSES;
  train: DataSplit;
  validation: DataSplit;
  test: DataSplit;
  /** Present when produced by `prepareData`; hand-built test data may omit it. */
  pixel_transform?: PixelTransform;
}

/** Sizes of the fixed split of one dataset (images). */
export interface SplitSizes {
  total: number;
  train: number;
  validation: number;
  test: number;
}

/** What the UI shows about a dataset, known without loading it. */
export interface DatasetInfo {
  id: DatasetId;
  title_en: string;
  title_ko: string;
  /** Images in the full training split (before any `limit`), validation and test. */
  train: number;
  validation: number;
  test: number;
  /** Class names indexed by label 0..9. */
  class_names_en: readonly string[];
  class_names_ko: readonly string[];
}
