import { describe, expect, it } from 'vitest';
import {
  lintModel,
  parseModel,
  summarizeModel,
  type LayerSpec,
  type ModelSpec,
} from '../../../src-shared/model/index.js';
import { applyCandidate, INITIALIZER_FOR } from '../../../src-shared/wizard/apply.js';
import { CANDIDATE_ACTIVATIONS, type CandidateActivation } from '../../../src-shared/wizard/types.js';
import { exampleIds, validDoc } from '../model/fixtures.js';
import { loadExample } from '../../helpers/examples.js';

const LAYER_KINDS_OF: Partial<Record<CandidateActivation, LayerSpec['kind']>> = {
  leaky_relu: 'leaky_relu',
  prelu: 'prelu',
  rrelu: 'rrelu',
};

/** Findings applyCandidate must leave none of (on hidden layers: the output layer is not the wizard's to fix). */
const FIXED_CODES = ['init-activation-mismatch', 'selu-init-not-lecun', 'selu-dropout-not-alpha', 'selu-inputs-not-standardized'];

function parse(doc: unknown): ModelSpec {
  const r = parseModel(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

function lastDenseIndex(m: ModelSpec): number {
  return m.layers.map((l) => l.kind).lastIndexOf('dense');
}

/** Parameters outside PReLU layers (dense and batch norm): the rewrite must not change them. */
function paramsWithoutPrelu(m: ModelSpec): number {
  return summarizeModel(m)
    .layers.filter((r) => r.kind !== 'prelu')
    .reduce((s, r) => s + r.params, 0);
}

const cases = exampleIds().flatMap((id) => CANDIDATE_ACTIVATIONS.map((activation) => ({ id, activation })));

describe('applyCandidate on every example × every candidate', () => {
  it('covers 23 examples × 8 candidates', () => {
    expect(cases).toHaveLength(23 * 8);
  });

  it.each(cases)('$id → $activation', ({ id, activation }) => {
    const model = loadExample(id);
    const before = JSON.stringify(model);
    const out = applyCandidate(model, activation);

    // Input deep-unchanged, result a valid document.
    expect(JSON.stringify(model)).toBe(before);
    expect(out).not.toBe(model);
    const parsed = parse(JSON.parse(JSON.stringify(out)));
    expect(parsed).toEqual(out);

    // Every hidden dense row resolves to the candidate with its initializer.
    const rows = summarizeModel(out).layers.filter((r) => r.dense);
    const hidden = rows.slice(0, -1);
    expect(hidden.length).toBe(summarizeModel(model).layers.filter((r) => r.dense).length - 1);
    for (const r of hidden) {
      expect(r.dense?.resolvedActivation).toBe(activation);
      expect(r.dense?.kernelInitializer).toBe(INITIALIZER_FOR[activation]);
      const kind = LAYER_KINDS_OF[activation];
      if (kind) expect(out.layers[r.dense?.activationIndex ?? -1]?.kind).toBe(kind);
    }

    // The output layer, name, training and the rest of the document are untouched.
    expect(out.layers[lastDenseIndex(out)]).toEqual(model.layers[lastDenseIndex(model)]);
    expect({ ...out, layers: null, preprocess: null }).toEqual({ ...model, layers: null, preprocess: null });
    expect(out.preprocess).toBe(activation === 'selu' ? 'standardize' : model.preprocess);
    const skeleton = (m: ModelSpec): string[] =>
      m.layers.map((l) => l.kind).filter((k) => k === 'flatten' || k === 'batch_normalization' || k === 'dense');
    expect(skeleton(out)).toEqual(skeleton(model));

    // Layers are added only where a layer-kind candidate had no activation layer to replace.
    const ownSites = summarizeModel(model)
      .layers.filter((r) => r.dense)
      .slice(0, -1)
      .filter((r) => r.dense?.activationIndex === r.index).length;
    expect(out.layers.length).toBe(model.layers.length + (LAYER_KINDS_OF[activation] ? ownSites : 0));
    const hiddenUnits = hidden.reduce((s, r) => s + (r.dense?.units ?? 0), 0);
    expect(summarizeModel(out).params).toBe(paramsWithoutPrelu(model) + (activation === 'prelu' ? hiddenUnits : 0));

    // Dropout flavour follows SELU.
    const drop = (m: ModelSpec): string[] => m.layers.filter((l) => l.kind === 'dropout' || l.kind === 'alpha_dropout').map((l) => l.kind);
    expect(drop(out)).toEqual(drop(model).map(() => (activation === 'selu' ? 'alpha_dropout' : 'dropout')));

    // The lint finds nothing the rewrite was meant to fix.
    const outputPath = `layers[${lastDenseIndex(out)}]`;
    const findings = lintModel(out, 'en').filter((f) => !f.path.startsWith(outputPath));
    expect(findings.filter((f) => FIXED_CODES.includes(f.code))).toEqual([]);
    const hasBn = model.layers.some((l) => l.kind === 'batch_normalization');
    expect(findings.some((f) => f.code === 'selu-not-sequential')).toBe(activation === 'selu' && hasBn);

    // Idempotent.
    expect(applyCandidate(out, activation)).toEqual(out);
  });
});

describe('applyCandidate, specific rewrites', () => {
  const he = loadExample('he-relu');
  const withLayers = (layers: LayerSpec[]): ModelSpec => parse({ ...validDoc(), layers });
  const table: { name: string; model: ModelSpec; activation: CandidateActivation; layers: LayerSpec[]; preprocess?: string }[] = [
    {
      name: 'own relu → prelu inserted after a linear dense',
      model: he,
      activation: 'prelu',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 100, kernel_initializer: 'he_normal' }, { kind: 'prelu' }, he.layers[2] as LayerSpec],
    },
    {
      name: 'own relu → leaky_relu with the lecture notes\' 0.2',
      model: he,
      activation: 'leaky_relu',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 100, kernel_initializer: 'he_normal' }, { kind: 'leaky_relu', alpha: 0.2 }, he.layers[2] as LayerSpec],
    },
    {
      name: 'own relu → tanh with Glorot',
      model: he,
      activation: 'tanh',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 100, activation: 'tanh', kernel_initializer: 'glorot_uniform' }, he.layers[2] as LayerSpec],
    },
    {
      name: 'a linear hidden dense gets the activation',
      model: withLayers([{ kind: 'flatten' }, { kind: 'dense', units: 50, use_bias: false }, { kind: 'dense', units: 10, activation: 'softmax' }]),
      activation: 'elu',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 50, activation: 'elu', kernel_initializer: 'he_normal', use_bias: false }, { kind: 'dense', units: 10, activation: 'softmax' }],
    },
    {
      name: 'an activation layer behind batch norm is replaced where it stands',
      model: withLayers([
        { kind: 'flatten' },
        { kind: 'dense', units: 50 },
        { kind: 'batch_normalization' },
        { kind: 'leaky_relu', alpha: 0.1 },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ]),
      activation: 'relu',
      layers: [
        { kind: 'flatten' },
        { kind: 'dense', units: 50, kernel_initializer: 'he_normal' },
        { kind: 'batch_normalization' },
        { kind: 'activation', activation: 'relu' },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ],
    },
    {
      name: 'an activation layer that already applies the candidate keeps its slope',
      model: withLayers([{ kind: 'flatten' }, { kind: 'dense', units: 50 }, { kind: 'leaky_relu', alpha: 0.1 }, { kind: 'dense', units: 10, activation: 'softmax' }]),
      activation: 'leaky_relu',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 50, kernel_initializer: 'he_normal' }, { kind: 'leaky_relu', alpha: 0.1 }, { kind: 'dense', units: 10, activation: 'softmax' }],
    },
    {
      name: 'an elu layer is replaced by the rrelu layer kind',
      model: withLayers([{ kind: 'flatten' }, { kind: 'dense', units: 50 }, { kind: 'elu', alpha: 0.5 }, { kind: 'dense', units: 10, activation: 'softmax' }]),
      activation: 'rrelu',
      layers: [{ kind: 'flatten' }, { kind: 'dense', units: 50, kernel_initializer: 'he_normal' }, { kind: 'rrelu' }, { kind: 'dense', units: 10, activation: 'softmax' }],
    },
    {
      name: 'selu: dropout becomes alpha dropout, inputs standardized, activation layer becomes activation selu',
      model: withLayers([
        { kind: 'flatten' },
        { kind: 'dense', units: 50, kernel_initializer: 'he_normal' },
        { kind: 'prelu' },
        { kind: 'dropout', rate: 0.2 },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ]),
      activation: 'selu',
      preprocess: 'standardize',
      layers: [
        { kind: 'flatten' },
        { kind: 'dense', units: 50, kernel_initializer: 'lecun_normal' },
        { kind: 'activation', activation: 'selu' },
        { kind: 'alpha_dropout', rate: 0.2 },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ],
    },
    {
      name: 'relu on the SELU net: alpha dropout back to dropout, preprocessing left alone',
      model: loadExample('self-normalizing'),
      activation: 'relu',
      preprocess: 'standardize',
      layers: [
        { kind: 'flatten' },
        { kind: 'dense', units: 300, activation: 'relu', kernel_initializer: 'he_normal' },
        { kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' },
        { kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' },
        { kind: 'dense', units: 100, activation: 'relu', kernel_initializer: 'he_normal' },
        { kind: 'dropout', rate: 0.1 },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ],
    },
  ];

  it.each(table)('$name', ({ model, activation, layers, preprocess }) => {
    const out = applyCandidate(model, activation);
    expect(out.layers).toEqual(layers);
    expect(out.preprocess).toBe(preprocess ?? model.preprocess);
  });

  it('pairs each candidate with the chapter\'s initializer', () => {
    expect(INITIALIZER_FOR).toEqual({
      selu: 'lecun_normal',
      elu: 'he_normal',
      leaky_relu: 'he_normal',
      rrelu: 'he_normal',
      prelu: 'he_normal',
      relu: 'he_normal',
      tanh: 'glorot_uniform',
      sigmoid: 'glorot_uniform',
    });
  });

  it('shares no object with its input', () => {
    const m = loadExample('sigmoid-standard-normal');
    const out = applyCandidate(m, 'relu');
    (out.layers[out.layers.length - 1] as { kernel_initializer: { stddev: number } }).kernel_initializer.stddev = 9;
    out.training.optimizer.learning_rate = 9;
    expect(m).toEqual(loadExample('sigmoid-standard-normal'));
  });
});
