/**
 * The FIXED train / validation / test split of each dataset. Changing anything
 * here changes which images every saved run was trained and tested on, so the
 * split is pinned by a fingerprint test (test/main/data/split.test.ts).
 *
 * Procedure, over the images in package order (class 0 first, then class 1, …):
 * 1. rng = seedrandom("20191") (ARC4, identical on every platform).
 * 2. Quotas per class by largest remainder, so the classes keep their proportions
 *    and the totals are exact: test quota of `test` images, then a validation quota
 *    of `validation` images from what remains.
 * 3. For class 0..9 in order: Fisher–Yates shuffle the class's indices; the first
 *    test-quota go to test, the next validation-quota to validation, the rest to train.
 * 4. Shuffle train, then validation, then test (Fisher–Yates, same rng).
 * The training sequence of the book is train ++ validation: its LAST images are the
 * validation set (Fashion-MNIST: 55,000 + 5,000 = 60,000; MNIST: 7,000 + 1,000).
 *
 * Guarantees: Fashion-MNIST (7,000 per class) → exactly 5,500 / 500 / 1,000 per
 * class. MNIST (unequal classes) → each class's share within one image of its
 * proportional share in every split.
 */
import seedrandom from 'seedrandom';
import type { DatasetId } from '../../src-shared/model/ids.js';
import { SPLIT_SIZES } from '../../src-shared/data/datasets.js';
import { CLASSES } from '../../src-shared/data/types.js';

export { SPLIT_SIZES } from '../../src-shared/data/datasets.js';

/** Seed of the split. Fixed forever: a new seed would be a new, incomparable benchmark. */
export const SPLIT_SEED = 20191;

/** Image indices (into the package-order arrays) of each split, in training order. */
export interface SplitIndices {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
}

/**
 * Splits `k` items over groups of sizes `counts` proportionally (largest remainder,
 * ties to the lower index), e.g. `proportionalQuotas([3, 1], 2)` → [2, 0].
 */
export function proportionalQuotas(counts: readonly number[], k: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (k > total) throw new Error(`proportionalQuotas: cannot take ${k} of ${total}`);
  const exact = counts.map((c) => (total === 0 ? 0 : (c * k) / total));
  const quotas = exact.map(Math.floor);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  let left = k - quotas.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (left-- <= 0) break;
    quotas[i] = (quotas[i] ?? 0) + 1;
  }
  return quotas;
}

/** The fixed split of a dataset, from its labels in package order (~10 ms for 70,000). */
export function computeSplit(id: DatasetId, labels: Uint8Array): SplitIndices {
  const sizes = SPLIT_SIZES[id];
  if (labels.length !== sizes.total) {
    throw new Error(`computeSplit: ${id} has ${sizes.total} images. Received: labels.length=${labels.length}`);
  }
  const byClass: number[][] = Array.from({ length: CLASSES }, () => []);
  labels.forEach((label, i) => byClass[label]?.push(i));
  const counts = byClass.map((c) => c.length);
  const testQuota = proportionalQuotas(counts, sizes.test);
  const valQuota = proportionalQuotas(
    counts.map((c, i) => c - (testQuota[i] ?? 0)),
    sizes.validation,
  );

  const rng = seedrandom(String(SPLIT_SEED));
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  byClass.forEach((indices, c) => {
    shuffle(indices, rng);
    const t = testQuota[c] ?? 0;
    const v = valQuota[c] ?? 0;
    test.push(...indices.slice(0, t));
    validation.push(...indices.slice(t, t + v));
    train.push(...indices.slice(t + v));
  });
  shuffle(train, rng);
  shuffle(validation, rng);
  shuffle(test, rng);
  return { train: Uint32Array.from(train), validation: Uint32Array.from(validation), test: Uint32Array.from(test) };
}

/** In-place Fisher–Yates; spelled out because the split depends on its exact rng use. */
function shuffle(a: number[], rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  }
}
