/**
 * Cross-validation folds in prepareData: the first `limit` training images cut into
 * contiguous chunks, one held out per fold. Checked on the real MNIST cache by comparing
 * each fold's rows, pixel for pixel, with the plain `limit` subset.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DataSplit } from '../../../src-shared/data/types.js';
import { foldSizes } from '../../../src-shared/wizard/estimate.js';
import { foldRows, prepareData } from '../../../src-main/data/prepare.js';
import { featureRange } from '../../../src-shared/data/features.js';

const cacheDir = join(tmpdir(), 'gradient-lab-test-datasets');
delete process.env.GRADIENT_LAB_DATA_DIR;

const F = 784;

/** Row `r` of a split as a string key (pixels and label), to match rows between splits. */
function rowKey(s: DataSplit, r: number): string {
  const row = featureRange(s, r, r + 1);
  return `${s.y[r]}:${Buffer.from(row.buffer, row.byteOffset, F * 4).toString('base64')}`;
}

describe('prepareData with a fold', () => {
  it.each([
    { limit: 200, folds: 2 },
    { limit: 10, folds: 3 },
    { limit: 301, folds: 4 },
    { limit: 50, folds: 10 },
  ])('limit $limit, $folds folds: disjoint held-out chunks whose union is the subset; labels follow their images', ({ limit, folds }) => {
    const subset = prepareData('mnist', { preprocess: 'scale', cacheDir, limit });
    const all = Array.from({ length: limit }, (_, r) => rowKey(subset.train, r));
    const sizes = foldSizes(limit, folds);
    const heldOut: string[] = [];
    let start = 0;
    for (let index = 1; index <= folds; index++) {
      const d = prepareData('mnist', { preprocess: 'scale', cacheDir, limit, fold: { index, folds } });
      const size = sizes[index - 1]!;
      expect([d.validation.count, d.train.count]).toEqual([size, limit - size]);
      const val = Array.from({ length: size }, (_, r) => rowKey(d.validation, r));
      const train = Array.from({ length: d.train.count }, (_, r) => rowKey(d.train, r));
      // Chunk `index` is the contiguous block [start, start + size) of the subset, in order…
      expect(val).toEqual(all.slice(start, start + size));
      // …and training is everything else, in order.
      expect(train).toEqual([...all.slice(0, start), ...all.slice(start + size)]);
      expect(d.test.count).toBe(subset.test.count);
      heldOut.push(...val);
      start += size;
    }
    expect(heldOut).toEqual(all);
  });

  it('keeps the normalization of the full training split (standardize)', () => {
    const plain = prepareData('mnist', { preprocess: 'standardize', cacheDir });
    const fold = prepareData('mnist', { preprocess: 'standardize', cacheDir, limit: 100, fold: { index: 2, folds: 2 } });
    expect(fold.pixel_transform).toEqual(plain.pixel_transform);
  });
});

describe('foldRows', () => {
  const rows = Uint32Array.from([10, 11, 12, 13, 14]);
  it.each([
    { index: 1, folds: 2, train: [13, 14], validation: [10, 11, 12] },
    { index: 2, folds: 2, train: [10, 11, 12], validation: [13, 14] },
    { index: 2, folds: 3, train: [10, 11, 14], validation: [12, 13] },
    { index: 5, folds: 5, train: [10, 11, 12, 13], validation: [14] },
  ])('fold $index of $folds', ({ index, folds, train, validation }) => {
    const f = foldRows(rows, index, folds);
    expect([[...f.train], [...f.validation]]).toEqual([train, validation]);
  });

  it.each([
    { index: 0, folds: 2, message: 'Received: index=0' },
    { index: 3, folds: 2, message: 'Received: index=3' },
    { index: 1, folds: 1, message: 'Received: folds=1' },
    { index: 1, folds: 6, message: '5 training images cannot be cut into 6 folds' },
  ])('refuses index $index of $folds', ({ index, folds, message }) => {
    expect(() => foldRows(rows, index, folds)).toThrow(message);
  });
});
