import { describe, expect, it } from 'vitest';
import { parseModel, type ModelSpec } from '../../../src-shared/model/index.js';
import { applyCandidate } from '../../../src-shared/wizard/apply.js';
import { APPLY_FIXES, canSelfNormalize, selfNormalizingCheck } from '../../../src-shared/wizard/self-normalizing.js';
import { SELF_NORMALIZING_CONDITIONS, type SelfNormalizingCondition } from '../../../src-shared/wizard/types.js';
import { loadExample } from '../../helpers/examples.js';
import { exampleIds, validDoc } from '../model/fixtures.js';

type Expected = Partial<Record<SelfNormalizingCondition, string>>;

/** Failing conditions and their paths per example; every condition not named is ok. */
const EXAMPLES: { id: string; fails: Expected; can: boolean }[] = [
  { id: 'self-normalizing', fails: {}, can: true },
  { id: 'selu-100', fails: {}, can: true },
  {
    id: 'default-dnn',
    fails: { standardized_inputs: 'preprocess', lecun_normal: 'layers[2].kernel_initializer', sequential_dense: 'layers[1]' },
    can: false,
  },
  {
    id: 'batch-norm',
    fails: { standardized_inputs: 'preprocess', lecun_normal: 'layers[2].kernel_initializer', sequential_dense: 'layers[1]' },
    can: false,
  },
  { id: 'relu-100', fails: { lecun_normal: 'layers[1].kernel_initializer' }, can: true },
  { id: 'leaky-relu', fails: { standardized_inputs: 'preprocess', lecun_normal: 'layers[1].kernel_initializer' }, can: true },
  { id: 'he-relu', fails: { standardized_inputs: 'preprocess', lecun_normal: 'layers[1].kernel_initializer' }, can: true },
];

function parse(doc: unknown): ModelSpec {
  const r = parseModel(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

describe('selfNormalizingCheck', () => {
  it.each(EXAMPLES)('$id', ({ id, fails, can }) => {
    const items = selfNormalizingCheck(loadExample(id));
    expect(items).toEqual(
      SELF_NORMALIZING_CONDITIONS.map((condition) => ({ condition, ok: fails[condition] === undefined, path: fails[condition] ?? null })),
    );
    expect(canSelfNormalize(items)).toBe(can);
  });

  const custom: { name: string; layers: unknown[]; preprocess?: string; fails: Expected }[] = [
    {
      name: 'plain dropout is named by its kind',
      preprocess: 'standardize',
      layers: [
        { kind: 'flatten' },
        { kind: 'dense', units: 20, activation: 'selu', kernel_initializer: 'lecun_normal' },
        { kind: 'dropout', rate: 0.1 },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ],
      fails: { alpha_dropout: 'layers[2].kind' },
    },
    {
      name: 'an omitted initializer is glorot_uniform, not lecun_normal; the output layer is not checked',
      preprocess: 'standardize',
      layers: [
        { kind: 'flatten' },
        { kind: 'dense', units: 20, activation: 'selu', kernel_initializer: 'lecun_normal' },
        { kind: 'dense', units: 20, activation: 'selu' },
        { kind: 'dense', units: 10, activation: 'softmax', kernel_initializer: 'he_normal' },
      ],
      fails: { lecun_normal: 'layers[2].kernel_initializer' },
    },
    {
      name: 'activation layers do not break the sequential stack',
      preprocess: 'standardize',
      layers: [
        { kind: 'flatten' },
        { kind: 'dense', units: 20, kernel_initializer: 'lecun_normal' },
        { kind: 'activation', activation: 'selu' },
        { kind: 'alpha_dropout', rate: 0.1 },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ],
      fails: {},
    },
  ];
  it.each(custom)('$name', ({ layers, preprocess, fails }) => {
    const items = selfNormalizingCheck(parse({ ...validDoc(), preprocess: preprocess ?? 'scale', layers }));
    expect(items.filter((i) => !i.ok).map((i) => [i.condition, i.path])).toEqual(Object.entries(fails));
  });

  it.each(exampleIds())('applying selu to %s fixes every APPLY_FIXES condition', (id) => {
    const model = loadExample(id);
    const after = selfNormalizingCheck(applyCandidate(model, 'selu'));
    for (const c of APPLY_FIXES) expect(after.find((i) => i.condition === c)?.ok).toBe(true);
    // What Apply cannot fix stays as it was: canSelfNormalize predicts the result.
    expect(after.every((i) => i.ok)).toBe(canSelfNormalize(selfNormalizingCheck(model)));
  });
});
