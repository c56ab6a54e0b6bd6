/**
 * prepareData with a class subset (a model's `classes`): the fixed split filtered to those
 * classes, labels remapped in the subset's order, `limit` after the filter, pixels shared.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRaw } from '../../../src-main/data/cache.js';
import { computeSplit } from '../../../src-main/data/split.js';
import { prepareData } from '../../../src-main/data/prepare.js';
import { allFeatures } from '../../../src-shared/data/features.js';
import { checkClassIds, labelMap, rowsOfClasses } from '../../../src-shared/data/subset.js';
import type { DataSplit, PixelFeatures } from '../../../src-shared/data/types.js';

const cacheDir = join(tmpdir(), 'gradient-lab-test-datasets');
delete process.env.GRADIENT_LAB_DATA_DIR;

/** Images per label of `rows`. */
function countsOf(rows: Uint32Array, labels: Uint8Array): number[] {
  const c = new Array<number>(10).fill(0);
  for (const r of rows) c[labels[r]!]!++;
  return c;
}

const histogram = (y: Uint8Array, k: number): number[] => {
  const c = new Array<number>(k).fill(0);
  for (const v of y) c[v]!++;
  return c;
};

/** Byte-wise equality: vitest's deep equality is slow on 50,000-element arrays. */
const same = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const rowsOf = (s: DataSplit): Uint32Array => (s.x as PixelFeatures).rows!;

describe.each([
  { id: 'fashion-mnist' as const, classes: [0, 1, 2, 3, 4, 7, 8, 9] },
  { id: 'fashion-mnist' as const, classes: [6, 5] },
  { id: 'mnist' as const, classes: [3, 8, 1] },
])('prepareData($id, classes $classes)', ({ id, classes }) => {
  const raw = loadRaw(id, { cacheDir });
  const split = computeSplit(id, raw.labels);
  const d = prepareData(id, { preprocess: 'standardize', cacheDir, classes });

  it('keeps each chosen class’s images of every split, as many as the full split has', () => {
    expect(d.classes).toBe(classes.length);
    expect(d.class_ids).toEqual(classes);
    for (const [name, rows] of [['train', split.train], ['validation', split.validation], ['test', split.test]] as const) {
      const full = countsOf(rows, raw.labels);
      expect(histogram(d[name].y, classes.length), name).toEqual(classes.map((c) => full[c]));
      expect(d[name].count).toBe(classes.reduce((a, c) => a + full[c]!, 0));
    }
  });

  it('label classes[i] becomes i; rows keep the split’s order and share the dataset’s pixels', () => {
    for (const name of ['train', 'validation', 'test'] as const) {
      const s = d[name];
      const rows = rowsOf(s);
      // One copy of the dataset's pixels for all three splits (boolean checks: a failing
      // comparison of 55 MB arrays would make vitest print a diff of them).
      expect((s.x as PixelFeatures).pixels === (d.train.x as PixelFeatures).pixels).toBe(true);
      expect(same((s.x as PixelFeatures).pixels, raw.pixels)).toBe(true);
      let wrongLabels = 0;
      for (let r = 0; r < s.count; r++) if (classes[s.y[r]!] !== raw.labels[rows[r]!]) wrongLabels++;
      expect(wrongLabels).toBe(0);
      // The same images, in the same order, as the full split with the other classes removed.
      const expected = Uint32Array.from({ train: split.train, validation: split.validation, test: split.test }[name]).filter((row) => classes.includes(raw.labels[row]!));
      expect(same(rows, expected)).toBe(true);
    }
  });

  it('normalizes with the full training split’s statistics (identical features to the full dataset’s)', () => {
    const full = prepareData(id, { preprocess: 'standardize', cacheDir });
    expect(d.pixel_transform).toEqual(full.pixel_transform);
    const a = allFeatures(d.test).subarray(0, 784);
    const row0 = rowsOf(d.test)[0]!;
    const at = Array.from(rowsOf(full.test)).indexOf(row0);
    expect(same(a, allFeatures(full.test).subarray(at * 784, at * 784 + 784))).toBe(true);
  });
});

describe('prepareData classes + limit', () => {
  it('the book’s 200 images of sandals and shirts: the limit applies after the filter', () => {
    const raw = loadRaw('fashion-mnist', { cacheDir });
    const split = computeSplit('fashion-mnist', raw.labels);
    const d = prepareData('fashion-mnist', { preprocess: 'scale', cacheDir, classes: [5, 6], limit: 200 });
    expect([d.train.count, d.validation.count, d.test.count]).toEqual([200, 1000, 2000]);
    const firstSandalsAndShirts = Array.from(split.train).filter((r) => raw.labels[r] === 5 || raw.labels[r] === 6).slice(0, 200);
    expect(Array.from(rowsOf(d.train))).toEqual(firstSandalsAndShirts);
    expect(Array.from(d.train.y)).toEqual(firstSandalsAndShirts.map((r) => raw.labels[r]! - 5));
    const h = histogram(d.train.y, 2);
    expect(h[0]! + h[1]!).toBe(200);
    expect(Math.min(...h)).toBeGreaterThan(70); // both classes present, roughly balanced
  });

  it('folds cut the subset’s kept training images', () => {
    const d = prepareData('mnist', { preprocess: 'scale', cacheDir, classes: [0, 1], limit: 100, fold: { index: 2, folds: 4 } });
    expect([d.train.count, d.validation.count]).toEqual([75, 25]);
    expect(new Set(d.validation.y)).toEqual(new Set([0, 1]));
  });

  it('all ten classes in order give exactly the usual data', () => {
    const a = prepareData('mnist', { preprocess: 'scale', cacheDir, limit: 500 });
    const b = prepareData('mnist', { preprocess: 'scale', cacheDir, limit: 500, classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(a.class_ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(b.classes).toBe(10);
    expect(same(b.train.y, a.train.y) && same(rowsOf(b.test), rowsOf(a.test)) && same(b.validation.y, a.validation.y)).toBe(true);
  });

  it.each([
    { classes: [0, 12], message: 'classes: expected class ids from 0 to 9. Received: classes[1]=12' },
    { classes: [-1, 2], message: 'classes: expected class ids from 0 to 9. Received: classes[0]=-1' },
    { classes: [1, 2.5], message: 'classes: expected class ids from 0 to 9. Received: classes[1]=2.5' },
    { classes: [3, 4, 3], message: 'classes: expected distinct class ids. Received: classes[2]=3, as classes[0]' },
    { classes: [4], message: 'classes: expected at least 2 class ids. Received: classes=[4]' },
  ])('refuses $classes, naming the entry', ({ classes, message }) => {
    expect(() => prepareData('mnist', { preprocess: 'scale', cacheDir, classes })).toThrow(message);
  });
});

describe('subset helpers', () => {
  it('labelMap and rowsOfClasses', () => {
    expect(Array.from(labelMap([5, 6]))).toEqual([-1, -1, -1, -1, -1, 0, 1, -1, -1, -1]);
    const labels = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 5, 0, 6]);
    expect(Array.from(rowsOfClasses(Uint32Array.from([7, 3, 9]), labels, labelMap([5, 6])))).toEqual([7, 9]);
    expect(checkClassIds([9, 0])).toEqual([9, 0]);
  });
});
