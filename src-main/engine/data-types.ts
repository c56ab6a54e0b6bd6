/**
 * Local stand-in for `src-shared/data/types.ts` (being written elsewhere); structurally
 * identical so the two can be swapped without touching the engine.
 */

/** One split of a dataset: `count` images of 784 preprocessed features, row-major. */
export interface DataSplit {
  /** count × 784 floats, row-major, already preprocessed (scaled or standardized). */
  x: Float32Array;
  /** count class labels in [0, 10). */
  y: Uint8Array;
  count: number;
}

/** A dataset ready for training: 28×28 = 784 features, 10 classes, three splits. */
export interface PreparedData {
  features: 784;
  classes: 10;
  train: DataSplit;
  validation: DataSplit;
  test: DataSplit;
}
