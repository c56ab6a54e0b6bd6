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

/**
 * One split: `x` holds count×784 row-major features, `y` labels 0..9. Real datasets
 * keep the dataset's raw pixels once (shared by the three splits, which hold row indices)
 * and the per-feature transform ({@link PixelFeatures}), mapped row by row as batches are
 * read (src-shared/data/features.ts): 55 MB for all 70,000 Fashion-MNIST images instead of
 * 219 MB of floats. Synthetic data (tests) holds floats.
 */
export interface DataSplit {
  x: Float32Array | PixelFeatures;
  y: Uint8Array;
  count: number;
}

/**
 * Raw pixels (0..255, 784 per image) and the transform to features: x[f] = (p − mean[f]) / std[f].
 * `rows[r]` is the image of the split's row r in `pixels` (the whole dataset, shared by
 * the three splits); without `rows`, row r is image r.
 */
export interface PixelFeatures {
  pixels: Uint8Array;
  rows?: Uint32Array;
  mean: Float32Array;
  std: Float32Array;
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

/**
 * A dataset split three ways and preprocessed, ready for training. With a class subset
 * (`prepareData`'s `classes`), the splits hold only those classes' images, `y` holds the
 * model's output index (label `class_ids[i]` → i) and `classes` is the subset's size.
 */
export interface PreparedData {
  dataset: DatasetId;
  preprocess: PreprocessId;
  features: typeof FEATURES;
  /** Outputs of the model: 10, or the size of the class subset. */
  classes: number;
  /** The dataset label of each output, e.g. [5, 6] for sandals vs shirts; `prepareData` always sets it (hand-built test data may omit it: all classes). */
  class_ids?: number[];
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
