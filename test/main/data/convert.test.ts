import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageDataDir, readPackage } from '../../../src-main/data/convert.js';

const scratch = mkdtempSync(join(tmpdir(), 'gl-convert-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels) counts[l]!++;
  return counts;
}

describe('readPackage', () => {
  it('fashion-mnist: 70,000 images, 7,000 per class, integer pixels 0..255 copied exactly', () => {
    const { pixels, labels } = readPackage('fashion-mnist');
    expect(labels.length).toBe(70_000);
    expect(pixels.length).toBe(70_000 * 784);
    expect(classCounts(labels)).toEqual(new Array(10).fill(7000));
    expect(Math.max(...pixels.subarray(0, 784 * 50))).toBe(255);
    // Class 3's first image, straight from the JSON: the two empty entries of 0.json must not shift anything.
    const json = JSON.parse(readFileSync(join(packageDataDir('fashion-mnist'), '3.json'), 'utf8')) as { data: number[][] };
    const first = json.data.find((img) => img.length === 784)!;
    expect(Array.from(pixels.subarray(21_000 * 784, 21_001 * 784))).toEqual(first);
    expect(labels[21_000]).toBe(3);
  });

  it('mnist: 10,000 digits with the package class counts, p/255 floats turned back into exact bytes', () => {
    const { pixels, labels } = readPackage('mnist');
    expect(labels.length).toBe(10_000);
    expect(classCounts(labels)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    const json = JSON.parse(readFileSync(join(packageDataDir('mnist'), '0.json'), 'utf8')) as { data: number[] };
    const fromJson = json.data.slice(0, 784 * 3).map((v) => Math.round(v * 255));
    expect(Array.from(pixels.subarray(0, 784 * 3))).toEqual(fromJson);
    expect(Math.max(...pixels.subarray(0, 784 * 20))).toBe(255);
  });

  /** A fake package folder: class files 0..9 with the given `data` (class 0) and empty others. */
  function fakePackage(name: string, class0: unknown): string {
    const dir = join(scratch, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (let c = 0; c < 10; c++) writeFileSync(join(dir, `${c}.json`), JSON.stringify({ data: c === 0 ? class0 : [] }));
    return dir;
  }

  const broken = [
    { name: 'fashion pixel above 255', id: 'fashion-mnist' as const, data: [Array(783).fill(0).concat([256])], error: /image 0, pixel 783 is 256/ },
    { name: 'fashion fractional pixel', id: 'fashion-mnist' as const, data: [[0.5].concat(Array(783).fill(0))], error: /pixel 0 is 0.5/ },
    { name: 'fashion too few images', id: 'fashion-mnist' as const, data: [Array(784).fill(0)], error: /holds 1 images, expected 70000/ },
    { name: 'mnist value not p/255', id: 'mnist' as const, data: [0.1234].concat(Array(783).fill(0)), error: /value 0 is 0.1234/ },
    { name: 'mnist partial image', id: 'mnist' as const, data: Array(785).fill(0), error: /785 values is not a whole number/ },
    { name: 'mnist too few images', id: 'mnist' as const, data: Array(784).fill(0), error: /holds 1 images, expected 10000/ },
  ];

  it.each(broken)('refuses a package it does not recognise: $name', ({ name, id, data, error }) => {
    expect(() => readPackage(id, fakePackage(name.replace(/\W+/g, '-'), data))).toThrow(error);
  });
});
