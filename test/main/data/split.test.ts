import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DatasetId } from '../../../src-shared/model/ids.js';
import { loadRaw } from '../../../src-main/data/cache.js';
import { computeSplit, proportionalQuotas, SPLIT_SEED, SPLIT_SIZES, type SplitIndices } from '../../../src-main/data/split.js';

// Read-only use of the caches: one shared folder, so each dataset converts once per machine.
const cacheDir = join(tmpdir(), 'gradient-lab-test-datasets');
delete process.env.GRADIENT_LAB_DATA_DIR;

function perClass(labels: Uint8Array, indices: Uint32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const i of indices) counts[labels[i]!]!++;
  return counts;
}

const fingerprint = (a: Uint32Array): string =>
  crc32(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).toString(16).padStart(8, '0');

interface Case {
  id: DatasetId;
  sizes: [number, number, number];
  /** Per-class counts the split guarantees (train, validation, test). */
  perClass: [number[], number[], number[]];
  /** CRC-32 of the package content and of each index array: the split is FIXED. */
  content: string;
  fingerprints: [string, string, string];
}

const cases: Case[] = [
  {
    id: 'fashion-mnist',
    sizes: [55_000, 5_000, 10_000],
    perClass: [new Array(10).fill(5500), new Array(10).fill(500), new Array(10).fill(1000)],
    content: 'dcde1a1d',
    fingerprints: ['56bf9c94', 'ad98f553', '1277f0ab'],
  },
  {
    id: 'mnist',
    sizes: [7_000, 1_000, 2_000],
    perClass: [
      [701, 789, 694, 723, 686, 604, 709, 749, 661, 684],
      [100, 113, 99, 103, 98, 86, 102, 107, 94, 98],
      [200, 225, 198, 206, 196, 173, 203, 214, 189, 196],
    ],
    content: 'd3113228',
    fingerprints: ['f51885b7', 'ee273bcb', '63a9c89f'],
  },
];

describe.each(cases)('split of $id', (c) => {
  const raw = loadRaw(c.id, { cacheDir });
  const split = computeSplit(c.id, raw.labels);
  const parts = (s: SplitIndices): Uint32Array[] => [s.train, s.validation, s.test];

  it('has the documented sizes', () => {
    expect(parts(split).map((p) => p.length)).toEqual(c.sizes);
    const s = SPLIT_SIZES[c.id];
    expect([s.train, s.validation, s.test]).toEqual(c.sizes);
    expect(s.total).toBe(raw.count);
  });

  it('is stratified per class as guaranteed', () => {
    expect(parts(split).map((p) => perClass(raw.labels, p))).toEqual(c.perClass);
  });

  it('keeps every class within one image of its proportional share', () => {
    const total = perClass(raw.labels, Uint32Array.from({ length: raw.count }, (_, i) => i));
    for (const p of parts(split)) {
      perClass(raw.labels, p).forEach((count, label) => {
        expect(Math.abs(count - (total[label]! * p.length) / raw.count)).toBeLessThan(1);
      });
    }
  });

  it('is disjoint and covers every image exactly once', () => {
    const seen = new Uint8Array(raw.count);
    for (const p of parts(split)) for (const i of p) seen[i]!++;
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('is deterministic and pinned (changing it would change every benchmark)', () => {
    const again = computeSplit(c.id, loadRaw(c.id, { cacheDir }).labels);
    expect(parts(again)).toEqual(parts(split));
    expect(SPLIT_SEED).toBe(20191);
    expect(raw.checksum.toString(16).padStart(8, '0')).toBe(c.content);
    expect(parts(split).map(fingerprint)).toEqual(c.fingerprints);
  });

  it('shuffles each split rather than keeping the package class order', () => {
    for (const p of parts(split)) {
      const firstLabels = new Set(Array.from(p.subarray(0, 50), (i) => raw.labels[i]));
      expect(firstLabels.size).toBeGreaterThan(5);
    }
  });
});

describe('computeSplit', () => {
  it('refuses labels of the wrong length, naming the value', () => {
    expect(() => computeSplit('mnist', new Uint8Array(10))).toThrow(/Received: labels.length=10/);
  });
});

describe('proportionalQuotas', () => {
  it.each([
    { counts: [7000, 7000], k: 2000, expected: [1000, 1000] },
    { counts: [3, 1], k: 2, expected: [2, 0] },
    { counts: [1, 1, 1], k: 2, expected: [1, 1, 0] },
    { counts: [5, 0, 5], k: 5, expected: [3, 0, 2] },
    { counts: [10, 20], k: 0, expected: [0, 0] },
    { counts: [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], k: 2000, expected: [200, 225, 198, 206, 196, 173, 203, 214, 189, 196] },
  ])('$counts, k=$k → $expected', ({ counts, k, expected }) => {
    const q = proportionalQuotas(counts, k);
    expect(q).toEqual(expected);
    expect(q.reduce((a, b) => a + b, 0)).toBe(k);
  });

  it('refuses to take more than there is', () => {
    expect(() => proportionalQuotas([1, 2], 4)).toThrow(/cannot take 4 of 3/);
  });
});
