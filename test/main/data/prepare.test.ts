import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetId } from '../../../src-shared/model/ids.js';
import type { DataSplit } from '../../../src-shared/data/types.js';
import { loadRaw } from '../../../src-main/data/cache.js';
import { computeSplit } from '../../../src-main/data/split.js';
import { datasetInfo, prepareData } from '../../../src-main/data/prepare.js';
import { allFeatures } from '../../../src-shared/data/features.js';

const cacheDir = join(tmpdir(), 'gradient-lab-test-datasets');
delete process.env.GRADIENT_LAB_DATA_DIR;

/** Population mean and std of every feature over a split, in one pass. */
function featureStats(split: DataSplit): { mean: Float64Array; std: Float64Array } {
  const sum = new Float64Array(784);
  const sq = new Float64Array(784);
  const x = allFeatures(split);
  for (let r = 0; r < split.count; r++) {
    for (let f = 0; f < 784; f++) {
      const v = x[r * 784 + f]!;
      sum[f]! += v;
      sq[f]! += v * v;
    }
  }
  const mean = sum.map((s) => s / split.count);
  const std = sq.map((q, f) => Math.sqrt(Math.max(0, q / split.count - mean[f]! ** 2)));
  return { mean, std };
}

/** Byte-wise equality: vitest's deep equality is far too slow for 43 M floats. */
const same = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const datasets: { id: DatasetId; counts: [number, number, number] }[] = [
  { id: 'fashion-mnist', counts: [55_000, 5_000, 10_000] },
  { id: 'mnist', counts: [7_000, 1_000, 2_000] },
];

describe.each(datasets)('prepareData($id)', ({ id, counts }) => {
  const raw = loadRaw(id, { cacheDir });
  const split = computeSplit(id, raw.labels);

  it('scale: exactly pixel / 255, within [0, 1], with the split labels', () => {
    const d = prepareData(id, { preprocess: 'scale', cacheDir });
    expect([d.train.count, d.validation.count, d.test.count]).toEqual(counts);
    expect([d.features, d.classes, d.dataset, d.preprocess]).toEqual([784, 10, id, 'scale']);
    for (const s of [d.train, d.validation, d.test]) {
      expect(allFeatures(s).length).toBe(s.count * 784);
      expect(s.y.length).toBe(s.count);
      let min = Infinity;
      let max = -Infinity;
      for (const v of allFeatures(s)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect([min, max]).toEqual([0, 1]);
    }
    // Row 7 of the test split is image split.test[7] of the package, pixel for pixel.
    const idx = split.test[7]!;
    expect(d.test.y[7]).toBe(raw.labels[idx]);
    for (let f = 0; f < 784; f += 37) {
      expect(allFeatures(d.test)[7 * 784 + f]).toBe(Math.fround(raw.pixels[idx * 784 + f]! / 255));
    }
  });

  it('standardize: training features have mean ≈ 0 and std ≈ 1; constant ones stay exactly 0', () => {
    const d = prepareData(id, { preprocess: 'standardize', cacheDir });
    const { mean, std } = featureStats(d.train);
    let constant = 0;
    for (let f = 0; f < 784; f++) {
      expect(Math.abs(mean[f]!)).toBeLessThan(1e-4);
      if (std[f] === 0) {
        constant++;
        expect(mean[f]).toBe(0);
        expect(d.pixel_transform!.std[f]).toBe(1);
      } else {
        expect(Math.abs(std[f]! - 1)).toBeLessThan(1e-3);
      }
    }
    expect(allFeatures(d.test).every(Number.isFinite) && allFeatures(d.validation).every(Number.isFinite)).toBe(true);
    // MNIST's corners are blank in every training digit; Fashion-MNIST has no such pixel.
    if (id === 'mnist') expect(constant).toBeGreaterThan(10);
  });

  it('limit keeps the first N training images and changes neither the other splits nor the normalization', () => {
    const full = prepareData(id, { preprocess: 'standardize', cacheDir });
    const small = prepareData(id, { preprocess: 'standardize', cacheDir, limit: 300 });
    expect([small.train.count, small.validation.count, small.test.count]).toEqual([300, counts[1], counts[2]]);
    expect(same(allFeatures(small.train), allFeatures(full.train).subarray(0, 300 * 784))).toBe(true);
    expect(same(small.train.y, full.train.y.subarray(0, 300))).toBe(true);
    expect(same(allFeatures(small.validation), allFeatures(full.validation))).toBe(true);
    expect(same(small.test.y, full.test.y)).toBe(true);
    expect(small.pixel_transform).toEqual(full.pixel_transform);
  });

  it('is deterministic', () => {
    const a = prepareData(id, { preprocess: 'scale', cacheDir, limit: 2000 });
    const b = prepareData(id, { preprocess: 'scale', cacheDir, limit: 2000 });
    expect(same(allFeatures(a.train), allFeatures(b.train))).toBe(true);
    expect(same(allFeatures(a.test), allFeatures(b.test)) && same(a.test.y, b.test.y)).toBe(true);
  });
});

describe('prepareData options', () => {
  it('a limit above the training split keeps all of it', () => {
    expect(prepareData('mnist', { preprocess: 'scale', cacheDir, limit: 1_000_000 }).train.count).toBe(7000);
  });

  it.each([0, -5, 2.5, Number.NaN])('refuses limit=%s, naming it', (limit) => {
    expect(() => prepareData('mnist', { preprocess: 'scale', cacheDir, limit })).toThrow(`Received: limit=${limit}`);
  });
});

describe('datasetInfo', () => {
  it.each([
    { id: 'fashion-mnist' as const, counts: [55_000, 5_000, 10_000], en9: 'Ankle boot', ko9: '앵클 부츠', ko0: '티셔츠/탑' },
    { id: 'mnist' as const, counts: [7_000, 1_000, 2_000], en9: '9', ko9: '숫자 9', ko0: '숫자 0' },
  ])('$id', ({ id, counts, en9, ko9, ko0 }) => {
    const info = datasetInfo(id);
    expect(info.id).toBe(id);
    expect([info.train, info.validation, info.test]).toEqual(counts);
    expect(info.class_names_en).toHaveLength(10);
    expect(info.class_names_ko).toHaveLength(10);
    expect([info.class_names_en[9], info.class_names_ko[9], info.class_names_ko[0]]).toEqual([en9, ko9, ko0]);
    expect(info.title_en.length * info.title_ko.length).toBeGreaterThan(0);
  });
});
