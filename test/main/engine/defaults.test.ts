// The engine must take every omitted value from src-shared/model/defaults.ts: a layer or
// optimizer built with fields omitted has to equal one built with the shared resolver's
// values spelled out. A private copy in the engine that drifts from the shared one fails here.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adagradDefaults,
  adamDefaults,
  adamFamilyDefaults,
  adamwDefaults,
  batchNormalizationDefaults,
  DEFAULTS,
  denseDefaults,
  eluDefaults,
  leakyReluDefaults,
  rmspropDefaults,
  rreluDefaults,
  sgdDefaults,
  summarizeModel,
} from '../../../src-shared/model/index.js';
import type { LayerSpec, ModelSpec, OptimizerSpec } from '../../../src-shared/model/spec.js';
import { buildModel, EluAlpha, makeOptimizer, planDense, RReLU, selectBackend } from '../../../src-main/engine/index.js';
import { exampleIds, exampleText } from '../../shared/model/fixtures.js';
import { parseModelText } from '../../../src-shared/model/index.js';

function spec(layers: LayerSpec[]): ModelSpec {
  return {
    format: 'gradient-lab/model',
    version: 2,
    name: 'defaults',
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers,
    training: { optimizer: { name: 'sgd', learning_rate: 0.01 }, epochs: 1, batch_size: 32, seed: 1 },
  };
}

/** The tfjs config and weights of `layer` built as the third layer after Flatten → Dense(4). */
function built(layer: LayerSpec): { config: tf.serialization.ConfigDict; weights: number[][] } {
  const model = buildModel(spec([{ kind: 'flatten' }, { kind: 'dense', units: 4 }, layer]), 7);
  try {
    const tfLayer = model.layers[2] as tf.layers.Layer;
    const { name: _name, ...config } = tfLayer.getConfig();
    return { config, weights: tfLayer.getWeights().map((w) => Array.from(w.dataSync())) };
  } finally {
    model.dispose();
  }
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('the engine builds omitted fields from the shared defaults', () => {
  it.each<{ omitted: LayerSpec; resolved: LayerSpec; expected: tf.serialization.ConfigDict }>([
    {
      omitted: { kind: 'dense', units: 3 },
      resolved: denseDefaults({ kind: 'dense', units: 3 }),
      expected: { activation: DEFAULTS.dense.activation, useBias: DEFAULTS.dense.use_bias },
    },
    {
      omitted: { kind: 'leaky_relu' },
      resolved: leakyReluDefaults({ kind: 'leaky_relu' }),
      expected: { alpha: DEFAULTS.leaky_relu.alpha },
    },
    {
      omitted: { kind: 'rrelu' },
      resolved: rreluDefaults({ kind: 'rrelu' }),
      expected: { lower: DEFAULTS.rrelu.lower, upper: DEFAULTS.rrelu.upper },
    },
    {
      omitted: { kind: 'elu' },
      resolved: eluDefaults({ kind: 'elu' }),
      expected: { alpha: DEFAULTS.elu.alpha },
    },
    {
      omitted: { kind: 'batch_normalization' },
      resolved: batchNormalizationDefaults({ kind: 'batch_normalization' }),
      expected: { momentum: DEFAULTS.batch_normalization.momentum, epsilon: DEFAULTS.batch_normalization.epsilon },
    },
  ])('$omitted.kind', ({ omitted, resolved, expected }) => {
    const fromOmitted = built(omitted);
    expect(fromOmitted.config).toMatchObject(expected);
    expect(fromOmitted).toEqual(built(resolved));
  });

  it('the custom layers default to the shared values when constructed bare (deserialization)', () => {
    const rrelu = new RReLU({ seed: 1 });
    expect([rrelu.lower, rrelu.upper]).toEqual([DEFAULTS.rrelu.lower, DEFAULTS.rrelu.upper]);
    expect(new EluAlpha().alpha).toBe(DEFAULTS.elu.alpha);
  });

  it.each<{ omitted: OptimizerSpec; resolved: OptimizerSpec; expected: tf.serialization.ConfigDict }>([
    {
      omitted: { name: 'sgd', learning_rate: 0.1 },
      resolved: sgdDefaults({ name: 'sgd', learning_rate: 0.1 }),
      expected: { learning_rate: 0.1, momentum: DEFAULTS.sgd.momentum, nesterov: DEFAULTS.sgd.nesterov },
    },
    {
      omitted: { name: 'sgd', learning_rate: 0.1, momentum: 0.9 },
      resolved: sgdDefaults({ name: 'sgd', learning_rate: 0.1, momentum: 0.9 }),
      expected: { momentum: 0.9, nesterov: DEFAULTS.sgd.nesterov },
    },
    {
      omitted: { name: 'adam', learning_rate: 0.001 },
      resolved: adamDefaults({ name: 'adam', learning_rate: 0.001 }),
      expected: { beta_1: DEFAULTS.adam.beta_1, beta_2: DEFAULTS.adam.beta_2, epsilon: DEFAULTS.adam.epsilon },
    },
    {
      omitted: { name: 'adagrad', learning_rate: 0.01 },
      resolved: adagradDefaults({ name: 'adagrad', learning_rate: 0.01 }),
      expected: { ...DEFAULTS.adagrad },
    },
    {
      omitted: { name: 'rmsprop', learning_rate: 0.01 },
      resolved: rmspropDefaults({ name: 'rmsprop', learning_rate: 0.01 }),
      expected: { ...DEFAULTS.rmsprop },
    },
    {
      omitted: { name: 'adamax', learning_rate: 0.01 },
      resolved: adamFamilyDefaults({ name: 'adamax', learning_rate: 0.01 }) as OptimizerSpec,
      expected: { ...DEFAULTS.adamax },
    },
    {
      omitted: { name: 'nadam', learning_rate: 0.01 },
      resolved: adamFamilyDefaults({ name: 'nadam', learning_rate: 0.01 }) as OptimizerSpec,
      expected: { ...DEFAULTS.nadam },
    },
    {
      omitted: { name: 'adamw', learning_rate: 0.01 },
      resolved: adamwDefaults({ name: 'adamw', learning_rate: 0.01 }),
      expected: { ...DEFAULTS.adamw },
    },
  ])('optimizer $omitted.name $expected', ({ omitted, resolved, expected }) => {
    const a = makeOptimizer(omitted);
    const b = makeOptimizer(resolved);
    try {
      expect(a.getClassName()).toBe('SpecOptimizer');
      expect(a.getConfig()).toMatchObject(expected);
      expect(a.getConfig()).toEqual(b.getConfig());
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});

describe('the engine resolves activations with the shared rule', () => {
  it.each(exampleIds())('%s: planDense agrees with summarizeModel', (id) => {
    const r = parseModelText(exampleText(id));
    if (!r.ok) throw new Error(id);
    const fromSummary = summarizeModel(r.model).layers.flatMap((l) =>
      l.dense ? [[l.index, l.dense.resolvedActivation, l.dense.activationIndex, l.dense.fanIn, l.dense.fanOut]] : [],
    );
    const fromPlan = planDense(r.model).map((p) => [p.spec_index, p.activation, p.activation_index, p.fan_in, p.fan_out]);
    expect(fromPlan).toEqual(fromSummary);
  });
});
