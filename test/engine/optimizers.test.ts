// The optimizers against Keras 3's formulas (keras/src/optimizers/*.py) on plain numbers:
// one variable w = [1, −2], three fixed gradients, and a scalar re-implementation of each
// update rule here in the test. Step 1 is also pinned as literal numbers worked out by hand.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src-shared/model/defaults.js';
import type { OptimizerSpec } from '../../src-shared/model/spec.js';
import { selectBackend } from '../../src-main/engine/index.js';
import { clipGradients, clips, globalNorm, makeOptimizer, SpecOptimizer } from '../../src-main/engine/optimizer.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const W0 = [1.0, -2.0];
const GRADS = [
  [0.5, -1.0],
  [-0.3, 2.0],
  [0.0, 0.4],
];
const LR = 0.1;

let owned: tf.Variable[] = [];
afterEach(() => {
  tf.dispose(owned);
  owned = [];
});

function variable(values: number[], shape: number[] = [values.length]): tf.Variable {
  const v = tf.variable(tf.tensor(values, shape), true);
  owned.push(v);
  return v;
}

/** w after each step of `spec` from W0 with GRADS (rates[i] set before step i when given). */
function trajectory(spec: OptimizerSpec, grads: number[][] = GRADS, rates?: number[]): number[][] {
  const w = variable(W0);
  const opt = makeOptimizer(spec);
  try {
    return grads.map((g, i) => {
      if (rates !== undefined) opt.learningRate = rates[i] as number;
      const gt = tf.tensor(g);
      opt.applyGradients({ [w.name]: gt });
      gt.dispose();
      return Array.from(w.dataSync());
    });
  } finally {
    opt.dispose();
  }
}

/** Keras' rules on plain numbers, one element at a time (the test's independent copy of each formula). */
type Scalar = (w: number, g: number, s: number[], t: number, lr: number) => number;
const reference: Record<string, { spec: OptimizerSpec; slots: number[]; update: Scalar }> = {
  sgd: { spec: { name: 'sgd', learning_rate: LR }, slots: [], update: (w, g, _s, _t, lr) => w - lr * g },
  momentum: {
    spec: { name: 'sgd', learning_rate: LR, momentum: 0.9 },
    slots: [0],
    update: (w, g, s, _t, lr) => {
      s[0] = 0.9 * s[0]! - lr * g;
      return w + s[0];
    },
  },
  nesterov: {
    spec: { name: 'sgd', learning_rate: LR, momentum: 0.9, nesterov: true },
    slots: [0],
    update: (w, g, s, _t, lr) => {
      s[0] = 0.9 * s[0]! - lr * g;
      return w + 0.9 * s[0] - lr * g;
    },
  },
  adagrad: {
    spec: { name: 'adagrad', learning_rate: LR },
    slots: [0.1],
    update: (w, g, s, _t, lr) => {
      s[0] = s[0]! + g * g;
      return w - (lr * g) / Math.sqrt(s[0] + 1e-7);
    },
  },
  rmsprop: {
    spec: { name: 'rmsprop', learning_rate: LR },
    slots: [0],
    update: (w, g, s, _t, lr) => {
      s[0] = 0.9 * s[0]! + 0.1 * g * g;
      return w - (lr * g) / Math.sqrt(s[0] + 1e-7);
    },
  },
  'rmsprop momentum 0.5': {
    spec: { name: 'rmsprop', learning_rate: LR, momentum: 0.5 },
    slots: [0, 0],
    update: (w, g, s, _t, lr) => {
      s[0] = 0.9 * s[0]! + 0.1 * g * g;
      s[1] = 0.5 * s[1]! + (lr * g) / Math.sqrt(s[0] + 1e-7);
      return w - s[1];
    },
  },
  adam: { spec: { name: 'adam', learning_rate: LR }, slots: [0, 0], update: adamScalar },
  adamax: {
    spec: { name: 'adamax', learning_rate: LR },
    slots: [0, 0],
    update: (w, g, s, t, lr) => {
      s[0] = s[0]! + (g - s[0]!) * 0.1;
      s[1] = Math.max(0.999 * s[1]!, Math.abs(g)); // the infinity norm
      return w - (lr * s[0]) / ((1 - 0.9 ** t) * (s[1] + 1e-7));
    },
  },
  nadam: {
    spec: { name: 'nadam', learning_rate: LR },
    slots: [0, 0],
    update: (w, g, s, t, lr) => {
      const mu = (i: number) => 0.9 * (1 - 0.5 * 0.96 ** i);
      let cache = 1; // Π μ_1..μ_t, the momentum cache
      for (let i = 1; i <= t; i++) cache *= mu(i);
      s[0] = s[0]! + (g - s[0]!) * 0.1;
      s[1] = s[1]! + (g * g - s[1]!) * 0.001;
      const mHat = (mu(t + 1) * s[0]) / (1 - cache * mu(t + 1)) + ((1 - mu(t)) * g) / (1 - cache);
      const vHat = s[1] / (1 - 0.999 ** t);
      return w - (lr * mHat) / (Math.sqrt(vHat) + 1e-7);
    },
  },
  adamw: {
    spec: { name: 'adamw', learning_rate: LR },
    slots: [0, 0],
    update: (w, g, s, t, lr) => adamScalar(w - w * 0.004 * lr, g, s, t, lr),
  },
};

function adamScalar(w: number, g: number, s: number[], t: number, lr: number): number {
  s[0] = s[0]! + (g - s[0]!) * 0.1;
  s[1] = s[1]! + (g * g - s[1]!) * 0.001;
  const alpha = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
  return w - (s[0] * alpha) / (Math.sqrt(s[1]) + 1e-7);
}

function expected(name: string, grads: number[][] = GRADS, rates?: number[]): number[][] {
  const r = reference[name]!;
  const slots = W0.map(() => [...r.slots]);
  let w = [...W0];
  return grads.map((g, i) => {
    const lr = rates?.[i] ?? LR;
    w = w.map((x, j) => r.update(x, g[j]!, slots[j]!, i + 1, lr));
    return w;
  });
}

function expectClose(actual: number[][], want: number[][], tol = 2e-6): void {
  expect(actual.length).toBe(want.length);
  actual.forEach((row, i) => row.forEach((x, j) => expect(Math.abs(x - want[i]![j]!), `step ${i + 1} w[${j}]: ${x} vs ${want[i]![j]}`).toBeLessThan(tol)));
}

describe('each optimizer follows Keras on three steps', () => {
  it.each(Object.keys(reference))('%s', (name) => {
    expectClose(trajectory(reference[name]!.spec), expected(name));
  });

  // Step 1 from w = [1, −2] with g = [0.5, −1], lr 0.1, worked out by hand.
  it.each<[string, number[]]>([
    ['sgd', [0.95, -1.9]], // w − 0.1·g
    ['momentum', [0.95, -1.9]], // m = −0.1·g = [−0.05, 0.1]; w + m
    ['nesterov', [0.905, -1.81]], // w + 0.9·m − 0.1·g = 1 − 0.045 − 0.05
    ['adagrad', [0.9154846, -1.9046537]], // a = 0.1 + g² = [0.35, 1.1]; 1 − 0.05/√0.35
    ['rmsprop', [0.6837729, -1.6837724]], // v = 0.1·g²; step 0.1·g/(√0.1·|g|) = ±0.316228
    ['adam', [0.9, -1.9]], // the bias-corrected first step moves each weight by −lr·sign(g)
    ['adamax', [0.9, -1.9]], // m = 0.1·g, u = |g|: −lr·m/((1 − 0.9)·|g|) = −lr·sign(g)
    ['nadam', [0.8937212, -1.8937212]], // μ1 = 0.468, μ2 = 0.48528: m̂ = g·(0.048528/(1 − 0.468·0.48528) + 1) = 1.062788·g, v̂ = g²
    ['adamw', [0.8996006, -1.8992003]], // decay first: w·(1 − 0.004·0.1) = [0.9996, −1.9992], then Adam's −lr·sign(g)
  ])('%s step 1 by hand → %j', (name, w1) => {
    expectClose([trajectory(reference[name]!.spec).at(0)!], [w1], 1e-6);
  });

  it('momentum step 2 by hand: m = 0.9·[−0.05, 0.1] − 0.1·[−0.3, 2] = [−0.015, −0.11]', () => {
    expectClose([trajectory(reference.momentum!.spec)[1]!], [[0.935, -2.01]], 1e-6);
  });

  it('AdaGrad accumulates every squared gradient: its steps shrink though the gradient repeats', () => {
    const w = trajectory({ name: 'adagrad', learning_rate: LR }, [[1, 1], [1, 1], [1, 1]]);
    const steps = [W0[0]! - w[0]![0]!, w[0]![0]! - w[1]![0]!, w[1]![0]! - w[2]![0]!];
    // a = 1.1, 2.1, 3.1 → steps 0.1/√1.1, 0.1/√2.1, 0.1/√3.1
    expectClose([steps], [[0.1 / Math.sqrt(1.1), 0.1 / Math.sqrt(2.1), 0.1 / Math.sqrt(3.1)]], 1e-6);
  });

  it('AdaMax keeps the infinity norm: a large gradient then small ones divide by the decayed max, not their own size', () => {
    const grads = [[4, 4], [0.1, 0.1], [0.1, 0.1]];
    expectClose(trajectory({ name: 'adamax', learning_rate: LR }, grads), expected('adamax', grads));
    // Step 2 by hand: m = 0.9·0.4 + 0.1·0.1 = 0.37, u = max(0.999·4, 0.1) = 3.996, 1 − 0.9² = 0.19.
    const w = trajectory({ name: 'adamax', learning_rate: LR }, grads);
    expect(w[0]![0]! - w[1]![0]!).toBeCloseTo((0.1 * 0.37) / (0.19 * 3.996), 6);
  });

  it('AdamW decays the weights even where the gradient is 0 (Adam alone would not move them)', () => {
    const zeros = [[0, 0], [0, 0], [0, 0]];
    const keep = 1 - 0.004 * LR;
    expectClose(trajectory({ name: 'adamw', learning_rate: LR }, zeros), [1, 2, 3].map((t) => [keep ** t, -2 * keep ** t]));
    expectClose(trajectory({ name: 'adam', learning_rate: LR }, zeros), [W0, W0, W0]);
    const wd = 0.1;
    expectClose(trajectory({ name: 'adamw', learning_rate: LR, weight_decay: wd }, zeros).slice(0, 1), [[1 - wd * LR, -2 * (1 - wd * LR)]]);
  });

  it('Nadam restored at iteration 1000 uses the momentum cache of 1001 steps', async () => {
    const w = variable(W0);
    const opt = makeOptimizer({ name: 'nadam', learning_rate: LR });
    const zeros = [tf.scalar(1000), tf.zeros([2]), tf.zeros([2])];
    await opt.setWeights([{ name: 'iter', tensor: zeros[0]! }, { name: 'm', tensor: zeros[1]! }, { name: 'v', tensor: zeros[2]! }]);
    tf.dispose(zeros);
    const g = tf.tensor(GRADS[0]!);
    opt.applyGradients({ [w.name]: g });
    g.dispose();
    opt.dispose();
    const mu = (i: number) => 0.9 * (1 - 0.5 * 0.96 ** i);
    let cache = 1;
    for (let i = 1; i <= 1001; i++) cache *= mu(i);
    const want = W0.map((w0, j) => {
      const gj = GRADS[0]![j]!;
      const mHat = (mu(1002) * 0.1 * gj) / (1 - cache * mu(1002)) + ((1 - mu(1001)) * gj) / (1 - cache);
      const vHat = (0.001 * gj * gj) / (1 - 0.999 ** 1001);
      return w0 - (LR * mHat) / (Math.sqrt(vHat) + 1e-7);
    });
    expectClose([Array.from(w.dataSync())], [want]);
  });

  it('Nadam with other betas still matches (the momentum cache depends on beta_1)', () => {
    const spec: OptimizerSpec = { name: 'nadam', learning_rate: 0.01, beta_1: 0.8, beta_2: 0.99 };
    const w = trajectory(spec);
    const mu = (i: number) => 0.8 * (1 - 0.5 * 0.96 ** i);
    // Step 1 alone, element 0: m = 0.2·0.5, v = 0.01·0.25, cache μ1.
    const mHat = (mu(2) * 0.1) / (1 - mu(1) * mu(2)) + ((1 - mu(1)) * 0.5) / (1 - mu(1));
    const vHat = 0.0025 / 0.01;
    expect(w[0]![0]!).toBeCloseTo(1 - (0.01 * mHat) / (Math.sqrt(vHat) + 1e-7), 6);
  });
});

describe('the learning rate', () => {
  it('a rate changed between steps is used by the next step (Keras momentum keeps −lr·g, not Σg)', () => {
    const rates = [0.1, 0.01, 0.5];
    for (const name of ['momentum', 'nesterov', 'adam', 'adagrad', 'nadam']) {
      expectClose(trajectory(reference[name]!.spec, GRADS, rates), expected(name, GRADS, rates));
    }
    // Momentum step 2 at rate 0.01 by hand: m = 0.9·[−0.05, 0.1] − 0.01·[−0.3, 2] = [−0.042, 0.07].
    expectClose([trajectory(reference.momentum!.spec, GRADS, rates)[1]!], [[0.908, -1.83]], 1e-6);
  });

  it('starts at spec.learning_rate', () => {
    const opt = makeOptimizer({ name: 'adam', learning_rate: 0.003 });
    expect(opt.learningRate).toBe(0.003);
    opt.dispose();
  });
});

describe('momentum SGD with a constant rate equals tfjs momentum (the formula of the fused kernel)', () => {
  it.each([
    [0, false],
    [0.9, false],
    [0.9, true],
  ])('momentum %s nesterov %s: 5 steps on a 10×5 variable within 1e-6', (momentum, nesterov) => {
    const init = Array.from({ length: 50 }, (_, i) => Math.sin(i));
    const a = variable(init, [10, 5]);
    const b = variable(init, [10, 5]);
    const ours = makeOptimizer({ name: 'sgd', learning_rate: 0.05, momentum, nesterov });
    const theirs = momentum === 0 ? tf.train.sgd(0.05) : tf.train.momentum(0.05, momentum, nesterov);
    for (let s = 0; s < 5; s++) {
      const g = tf.tensor(Array.from({ length: 50 }, (_, i) => Math.cos(i * (s + 1))), [10, 5]);
      ours.applyGradients({ [a.name]: g });
      theirs.applyGradients({ [b.name]: g });
      g.dispose();
    }
    const diff = tf.tidy(() => tf.max(tf.abs(a.sub(b))).dataSync()[0]!);
    expect(diff).toBeLessThan(1e-6);
    ours.dispose();
    theirs.dispose();
  });
});

describe('clipping', () => {
  const values = (m: tf.NamedTensorMap, k: string) => Array.from(m[k]!.dataSync());

  it.each<[string, OptimizerSpec, number[], number[]]>([
    ['clipnorm rescales [3, 4] (norm 5) to norm 1', { name: 'sgd', learning_rate: 1, clipnorm: 1 }, [3, 4], [0.6, 0.8]],
    ['clipnorm leaves a gradient under the norm untouched', { name: 'sgd', learning_rate: 1, clipnorm: 1 }, [0.3, 0.4], [0.3, 0.4]],
    ['clipnorm leaves a zero gradient at 0', { name: 'sgd', learning_rate: 1, clipnorm: 1 }, [0, 0], [0, 0]],
    ['clipvalue clips each element', { name: 'sgd', learning_rate: 1, clipvalue: 1 }, [3, -0.5, -4], [1, -0.5, -1]],
    ['both: values first ([1, 1]), then the norm (√2 → 1)', { name: 'sgd', learning_rate: 1, clipvalue: 1, clipnorm: 1 }, [3, 4], [Math.SQRT1_2, Math.SQRT1_2]],
    ['no clipping', { name: 'sgd', learning_rate: 1 }, [3, 4], [3, 4]],
  ])('%s', (_label, spec, g, want) => {
    const grads = { w: tf.tensor(g) };
    const out = clipGradients(spec, grads);
    const got = values(out, 'w');
    if (want.every((x, i) => x === g[i])) expect(got).toEqual(Array.from(Float32Array.from(want))); // exactly the float32 input
    else got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 6));
    expect(out.w === grads.w).toBe(!clips(spec)); // the same tensor only where the spec does not clip
    tf.dispose([...Object.values(grads), ...Object.values(out).filter((t) => t !== grads.w)]);
  });

  it('clipnorm is per variable, not global: a small gradient next to a large one is untouched', () => {
    const grads = { big: tf.tensor([3, 4]), small: tf.tensor([0.3, 0.4]) };
    const out = clipGradients({ name: 'adam', learning_rate: 1, clipnorm: 1 }, grads);
    expect(values(out, 'small')).toEqual(values(grads, 'small'));
    values(out, 'big').forEach((x, i) => expect(x).toBeCloseTo([0.6, 0.8][i]!, 6));
    tf.dispose([...Object.values(grads), ...Object.values(out)]);
  });

  it('globalNorm is √(Σ g²) over every tensor', () => {
    const cases: [tf.NamedTensorMap, number][] = [
      [{ a: tf.tensor([3]), b: tf.tensor([4]) }, 5],
      [{ a: tf.tensor([3, 4]), b: tf.tensor([[12]]) }, 13],
      [{}, 0],
    ];
    for (const [grads, norm] of cases) {
      const n = globalNorm(grads);
      expect(n.dataSync()[0]).toBeCloseTo(norm, 5);
      tf.dispose([n, ...Object.values(grads)]);
    }
  });

  it('applyGradients uses the clipped gradient: SGD lr 1 from 0 with g [3, 4] and clipnorm 1 → [−0.6, −0.8]', () => {
    const w = variable([0, 0]);
    const opt = makeOptimizer({ name: 'sgd', learning_rate: 1, clipnorm: 1 });
    const g = tf.tensor([3, 4]);
    opt.applyGradients({ [w.name]: g });
    Array.from(w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo([-0.6, -0.8][i]!, 6));
    expect(Array.from(g.dataSync())).toEqual([3, 4]); // the caller's gradient is not changed
    g.dispose();
    opt.dispose();
  });

  it('clips before Adam: clipvalue 0.5 makes g [2, −3] act as [0.5, −0.5]', () => {
    const clipped = trajectory({ name: 'adam', learning_rate: LR, clipvalue: 0.5 }, [[2, -3], [2, -3]]);
    const plain = trajectory({ name: 'adam', learning_rate: LR }, [[0.5, -0.5], [0.5, -0.5]]);
    expectClose(clipped, plain, 1e-7);
  });
});

describe('state, memory and errors', () => {
  it.each(Object.keys(reference))('%s: no tensor leaks across steps; dispose frees every slot', (name) => {
    const w = variable(W0);
    const before = tf.memory().numTensors;
    const opt = makeOptimizer({ ...reference[name]!.spec, clipnorm: 1, clipvalue: 2 });
    const counts: number[] = [];
    for (const g of [...GRADS, ...GRADS]) {
      const gt = tf.tensor(g);
      opt.applyGradients({ [w.name]: gt });
      gt.dispose();
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]! - before).toBe(reference[name]!.slots.length);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(['momentum', 'adam', 'nadam', 'rmsprop momentum 0.5', 'adagrad'])(
    '%s: getWeights (iterations first) → setWeights on a fresh optimizer for another variable continues identically (a data-parallel replica)',
    async (name) => {
      const spec = reference[name]!.spec;
      const leader = variable(W0);
      const a = makeOptimizer(spec);
      for (const g of GRADS.slice(0, 2)) {
        const gt = tf.tensor(g);
        a.applyGradients({ [leader.name]: gt });
        gt.dispose();
      }
      const state = await a.getWeights();
      expect(state[0]!.name).toBe('iter');
      expect(state[0]!.tensor.dataSync()[0]).toBe(2);
      expect(state.slice(1).map((s) => s.name)).toEqual(reference[name]!.slots.map((_, i) => `${leader.name}/${(spec.name === 'rmsprop' ? ['velocity', 'momentum'] : spec.name === 'adagrad' ? ['accumulator'] : spec.name === 'sgd' ? ['momentum'] : ['momentum', 'velocity'])[i]}`));
      // As the replica protocol does: plain data across, new tensors on the other side.
      const copied = state.map((s) => ({ name: s.name, tensor: tf.tensor(Array.from(s.tensor.dataSync()), s.tensor.shape, 'float32') }));
      state[0]!.tensor.dispose();
      const replica = variable(Array.from(leader.dataSync()));
      const b = makeOptimizer(spec);
      await b.setWeights(copied);
      tf.dispose(copied.map((c) => c.tensor));
      expect(b.iterations).toBe(2);
      const g3 = tf.tensor(GRADS[2]!);
      a.applyGradients({ [leader.name]: g3 });
      b.applyGradients({ [replica.name]: g3 });
      g3.dispose();
      expect(Array.from(replica.dataSync())).toEqual(Array.from(leader.dataSync()));
      expectClose([Array.from(leader.dataSync())], [expected(name)[2]!]);
      a.dispose();
      b.dispose();
    },
  );

  it('setWeights rejects a slot count that does not fit the optimizer', async () => {
    const opt = makeOptimizer({ name: 'adam', learning_rate: 0.1 });
    const iter = tf.scalar(1);
    const one = tf.zeros([2]);
    await expect(opt.setWeights([{ name: 'iter', tensor: iter }, { name: 'w/momentum', tensor: one }])).rejects.toThrow(
      'setWeights: 1 slot tensors for adam with 2 slots per variable (momentum, velocity)',
    );
    tf.dispose([iter, one]);
    opt.dispose();
  });

  it.each<[OptimizerSpec, string]>([
    [{ name: 'sgd', learning_rate: 0 }, 'learning_rate must be positive. Received: learning_rate=0'],
    [{ name: 'sgd', learning_rate: 0.1, momentum: -0.1 }, 'momentum must be a number from 0 to 1. Received: momentum=-0.1'],
    [{ name: 'adam', learning_rate: 0.1, clipnorm: 0 }, 'clipnorm must be positive. Received: clipnorm=0'],
    [{ name: 'nadam', learning_rate: 0.1, clipvalue: -1 }, 'clipvalue must be positive. Received: clipvalue=-1'],
    [{ name: 'adamax', learning_rate: 0.1, beta_1: 1 }, 'beta_1 must be a number from 0 to below 1. Received: beta_1=1'],
    [{ name: 'adamw', learning_rate: 0.1, weight_decay: -1 }, 'weight_decay must be a number >= 0. Received: weight_decay=-1'],
  ])('%j → %s', (spec, message) => {
    expect(() => makeOptimizer(spec)).toThrow(message);
  });

  it('config: Keras defaults filled, className registered, round-trips through fromConfig', () => {
    const opt = makeOptimizer({ name: 'adamw', learning_rate: 0.01, clipnorm: 1 });
    expect(opt.getClassName()).toBe('SpecOptimizer');
    expect(opt.getConfig()).toEqual({ name: 'adamw', learning_rate: 0.01, ...DEFAULTS.adamw, clipnorm: 1 });
    const again = SpecOptimizer.fromConfig(SpecOptimizer, opt.getConfig()) as SpecOptimizer;
    expect(again.getConfig()).toEqual(opt.getConfig());
    opt.dispose();
    again.dispose();
  });
});
