import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EluAlpha,
  LEAKY_RELU_ACTIVATION_ALPHA,
  RReLU,
  SeededAlphaDropout,
  SeededDropout,
  selectBackend,
} from '../../../src-main/engine/index.js';
import { mulberry32 } from '../../../src-main/engine/prng.js';

const values = (t: tf.Tensor) => Array.from(t.dataSync());

function normalInput(n: number, seed: number): tf.Tensor2D {
  return tf.randomNormal([n, 100], 0, 1, 'float32', seed) as tf.Tensor2D;
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('RReLU', () => {
  const lower = 0.1;
  const upper = 0.4;

  it('inference equals a leaky ReLU with the mean slope, exactly', () => {
    const layer = new RReLU({ lower, upper, seed: 1 });
    const leaky = tf.layers.leakyReLU({ alpha: (lower + upper) / 2 });
    const x = normalInput(64, 2);
    expect(values(layer.apply(x, { training: false }) as tf.Tensor)).toEqual(values(leaky.apply(x) as tf.Tensor));
    expect(values(layer.apply(x) as tf.Tensor)).toEqual(values(leaky.apply(x) as tf.Tensor));
  });

  it('training: negative inputs get a random slope in [lower, upper]; positives pass; draws vary per call', () => {
    const layer = new RReLU({ lower, upper, seed: 1 });
    const x = normalInput(200, 3);
    const xs = values(x);
    const first = values(layer.apply(x, { training: true }) as tf.Tensor);
    const second = values(layer.apply(x, { training: true }) as tf.Tensor);
    const slopes: number[] = [];
    xs.forEach((z, i) => {
      const out = first[i] as number;
      if (z >= 0) expect(out).toBe(z);
      else {
        const slope = out / z;
        expect(slope).toBeGreaterThanOrEqual(lower - 1e-6);
        expect(slope).toBeLessThanOrEqual(upper + 1e-6);
        slopes.push(slope);
      }
    });
    const mean = slopes.reduce((a, b) => a + b, 0) / slopes.length;
    const std = Math.sqrt(slopes.reduce((a, b) => a + (b - mean) ** 2, 0) / slopes.length);
    expect(mean).toBeCloseTo((lower + upper) / 2, 2);
    expect(std).toBeCloseTo((upper - lower) / Math.sqrt(12), 2); // uniform, not a constant
    expect(second).not.toEqual(first);
  });

  it('is reproducible from its seed', () => {
    const x = normalInput(20, 4);
    const run = (seed: number) => {
      const layer = new RReLU({ lower, upper, seed });
      return [values(layer.apply(x, { training: true }) as tf.Tensor), values(layer.apply(x, { training: true }) as tf.Tensor)];
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });

  it('passes gradients: 1 for positive inputs, the drawn slope for negative ones', () => {
    const layer = new RReLU({ lower, upper, seed: 5 });
    const x = normalInput(50, 6);
    const g = values(tf.grad((t: tf.Tensor) => tf.sum(layer.apply(t, { training: true }) as tf.Tensor))(x));
    values(x).forEach((z, i) => {
      const gi = g[i] as number;
      if (z > 0) expect(gi).toBe(1);
      else {
        expect(gi).toBeGreaterThanOrEqual(lower - 1e-6);
        expect(gi).toBeLessThanOrEqual(upper + 1e-6);
      }
    });
  });

  it('config carries lower/upper and rejects a reversed range', () => {
    expect(new RReLU({ lower, upper, seed: 1 }).getConfig()).toMatchObject({ lower, upper, seed: 1 });
    expect(() => new RReLU({ lower: 0.5, upper: 0.1 })).toThrow('Received: lower=0.5, upper=0.1');
  });
});

describe('SeededDropout', () => {
  it('drops ≈ rate of the units and scales the rest by 1/(1 − rate) while training; identity at inference', () => {
    const rate = 0.3;
    const layer = new SeededDropout({ rate, seed: 1 });
    const x = tf.ones([100, 100]);
    const out = values(layer.apply(x, { training: true }) as tf.Tensor);
    const zeros = out.filter((v) => v === 0).length / out.length;
    expect(zeros).toBeGreaterThan(rate - 0.03);
    expect(zeros).toBeLessThan(rate + 0.03);
    for (const v of out) if (v !== 0) expect(v).toBeCloseTo(1 / (1 - rate), 5);
    expect(values(layer.apply(x, { training: true }) as tf.Tensor)).not.toEqual(out);
    expect(values(layer.apply(x, { training: false }) as tf.Tensor)).toEqual(values(x));
  });
});

describe('SeededAlphaDropout', () => {
  it('keeps mean 0 and std 1 of standardized inputs while training (Keras formula); identity at inference', () => {
    const layer = new SeededAlphaDropout({ rate: 0.2, seed: 1 });
    const x = normalInput(1000, 7);
    const { mean, variance } = tf.moments(layer.apply(x, { training: true }) as tf.Tensor);
    expect(Math.abs(mean.dataSync()[0] as number)).toBeLessThan(0.02);
    expect(Math.sqrt(variance.dataSync()[0] as number)).toBeCloseTo(1, 1);
    expect(values(layer.apply(x, { training: false }) as tf.Tensor)).toEqual(values(x));
  });

  it("(why it exists) tfjs' AlphaDropout shifts the mean of the same input", () => {
    const x = normalInput(1000, 7);
    const out = tf.layers.alphaDropout({ rate: 0.2 }).apply(x, { training: true }) as tf.Tensor;
    expect(Math.abs(tf.mean(out).dataSync()[0] as number)).toBeGreaterThan(0.2);
  });
});

describe('activations tfjs lacks', () => {
  it('EluAlpha: α(exp(z) − 1) below 0, z above, finite gradient for large z', () => {
    const layer = new EluAlpha({ alpha: 0.5 });
    const zs = [-3, -1, -0.1, 0, 0.5, 100];
    const out = values(layer.apply(tf.tensor1d(zs)) as tf.Tensor);
    zs.forEach((z, i) => expect(out[i]).toBeCloseTo(z < 0 ? 0.5 * Math.expm1(z) : z, 5));
    const g = values(tf.grad((t: tf.Tensor) => tf.sum(layer.apply(t) as tf.Tensor))(tf.tensor1d([-2, 100])));
    expect(g[0]).toBeCloseTo(0.5 * Math.exp(-2), 5);
    expect(g[1]).toBe(1);
  });

  it(`'leaky_relu' as a Dense activation uses slope ${LEAKY_RELU_ACTIVATION_ALPHA}`, () => {
    const r = mulberry32(1);
    const dense = tf.layers.dense({ units: 5, activation: 'leakyRelu' as 'relu', inputShape: [4] });
    const x = tf.tensor2d(Array.from({ length: 12 }, () => r() * 2 - 1), [3, 4]);
    dense.apply(x); // builds the weights
    const [kernel, bias] = dense.getWeights();
    const z = tf.add(tf.matMul(x, kernel as tf.Tensor2D), bias as tf.Tensor);
    const expected = values(tf.leakyRelu(z, LEAKY_RELU_ACTIVATION_ALPHA));
    const actual = values(dense.apply(x) as tf.Tensor);
    actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 6));
    expect(actual.some((v) => v < 0)).toBe(true);
  });
});
