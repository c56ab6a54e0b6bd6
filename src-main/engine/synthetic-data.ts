/**
 * Tiny seeded stand-in for Fashion-MNIST: sparse 28×28 images in [0, 1] drawn around ten
 * random class prototypes, so a small network can learn them in a few steps. Used by
 * tests and smoke runs; statistics (mean ≈ 0.23, std ≈ 0.35) are close to the real pixels/255.
 */
import type { DataSplit, PreparedData } from './data-types.js';
import { INPUT_FEATURES, NUM_CLASSES } from '../../src-shared/model/summary.js';
import { deriveSeed, mulberry32 } from './prng.js';

/** Sizes and difficulty of the synthetic set. */
export interface SyntheticOptions {
  train?: number;
  validation?: number;
  test?: number;
  seed?: number;
  /** Fraction of "on" pixels in a prototype (default 0.3). */
  density?: number;
  /** Fraction of pixels re-drawn at random in each image (default 0.3): higher is harder. */
  noise?: number;
}

/** A PreparedData of synthetic images; same options → identical arrays. */
export function makeSyntheticData(options: SyntheticOptions = {}): PreparedData {
  const seed = options.seed ?? 1;
  const density = options.density ?? 0.3;
  const noise = options.noise ?? 0.3;
  const rand = mulberry32(deriveSeed(seed, 0xda7a));
  const pixel = () => (rand() < density ? 0.5 + 0.5 * rand() : 0);
  const prototypes = Array.from({ length: NUM_CLASSES }, () => Float32Array.from({ length: INPUT_FEATURES }, pixel));

  const split = (count: number): DataSplit => {
    const x = new Float32Array(count * INPUT_FEATURES);
    const y = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const label = Math.floor(rand() * NUM_CLASSES);
      y[i] = label;
      const proto = prototypes[label] as Float32Array;
      for (let j = 0; j < INPUT_FEATURES; j++) {
        const on = rand() < noise ? pixel() : (proto[j] as number);
        x[i * INPUT_FEATURES + j] = on === 0 ? 0 : Math.min(1, on * (0.8 + 0.4 * rand()));
      }
    }
    return { x, y, count };
  };
  return {
    features: INPUT_FEATURES,
    classes: NUM_CLASSES,
    train: split(options.train ?? 512),
    validation: split(options.validation ?? 128),
    test: split(options.test ?? 128),
  };
}
