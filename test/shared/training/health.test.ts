import { describe, expect, it } from 'vitest';
import { applyLintFix, lintModel, parseModel, type ModelSpec } from '../../../src-shared/model/index.js';
import { DEAD_FRACTION, GRADIENT_NORM_EXPLODING, SATURATED_FRACTION, SIGNAL_RATIO, VANISHING_RATIO } from '../../../src-shared/training/diagnose.js';
import { findingKindsText, HEALTH_RULES, runHealth, type HealthFinding, type HealthInput } from '../../../src-shared/training/health.js';
import { HEALTH_MESSAGES } from '../../../src-shared/training/health-messages.js';
import type { EpochMetrics } from '../../../src-shared/training/metrics.js';
import { epochOf, stackModel, times, type LayerNumbers } from './fixtures.js';

const relu025 = { name: 'random_normal', mean: 0, stddev: 0.25 };
const uniform005 = { name: 'random_uniform', minval: -0.05, maxval: 0.05 };
const standardNormal = { name: 'random_normal', mean: 0, stddev: 1 };

function growing(n: number, first: number, ratio: number, l: LayerNumbers = {}): LayerNumbers[] {
  return Array.from({ length: n }, (_, i) => ({ ...l, std: first * ratio ** (i / (n - 1)) }));
}

function input(epochs: EpochMetrics[], model: ModelSpec | null, over: Partial<HealthInput> = {}): HealthInput {
  return { epochs, status: 'completed', diverged_at: null, model, ...over };
}

/** The model after a finding's action, checked valid. */
function applied(model: ModelSpec, f: HealthFinding): ModelSpec {
  expect(f.action).not.toBeNull();
  const r = parseModel(applyLintFix(model, f.action!));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

const HIDDEN_8 = [1, 2, 3, 4, 5, 6, 7, 8];

interface Case {
  label: string;
  epochs: EpochMetrics[];
  model: ModelSpec;
  over?: Partial<HealthInput>;
  expected: Pick<HealthFinding, 'kind' | 'rule' | 'layers'>[];
  en: [message: RegExp, fix: RegExp];
  ko: [message: RegExp, fix: RegExp];
  /** What the first finding's action changes in the model. */
  check: (fixed: ModelSpec, original: ModelSpec) => void;
}

const dense = (m: ModelSpec, i: number) => m.layers[i] as Extract<ModelSpec['layers'][number], { kind: 'dense' }>;

const CASES: Case[] = [
  {
    label: 'exploding signal: ReLU with N(0, 0.25) weights → He initialization',
    epochs: [epochOf(growing(8, 1.6, 16.7 / 1.6, { grad: 100, activation: 'relu' }))],
    model: stackModel(8, 'relu', relu025, 0.001),
    expected: [{ kind: 'exploding', rule: 'forward-signal', layers: HIDDEN_8 }],
    en: [/^The signal grows 10× on the way forward \(activation std 1\.6 in layer 1 → 17 in layer 8\).*exploding signal — the weights are too large for relu\.$/, /He\).*layers 1–8 to he_normal\.$/],
    ko: [/신호가 정방향으로 10배 커집니다.*신호 폭등 — 가중치가 relu에 비해 너무 큽니다\.$/, /\(He\).*1–8번 층의 kernel_initializer를 he_normal/],
    check: (m) => HIDDEN_8.forEach((i) => expect(dense(m, i).kernel_initializer).toBe('he_normal')),
  },
  {
    label: 'vanishing signal: SELU with small random weights → LeCun initialization',
    epochs: [epochOf(growing(8, 0.46, 0.0032 / 0.46, { grad: 0.012, activation: 'selu' }))],
    model: stackModel(8, 'selu', { name: 'random_normal', mean: 0, stddev: 0.02 }),
    expected: [{ kind: 'vanishing', rule: 'forward-signal', layers: HIDDEN_8 }],
    en: [/^The signal shrinks 140× on the way forward.*vanishing signal — the weights are too small for selu\.$/, /\(LeCun\).*to lecun_normal\.$/],
    ko: [/신호가 정방향으로 140배 작아집니다.*신호 소실/, /lecun_normal/],
    check: (m) => HIDDEN_8.forEach((i) => expect(dense(m, i).kernel_initializer).toBe('lecun_normal')),
  },
  {
    label: 'vanishing gradients in a sigmoid stack → ELU with He',
    epochs: [epochOf(Array.from({ length: 8 }, (_, i) => ({ activation: 'sigmoid', grad: 10 ** (i - 8), std: 0.04, inactive: 0 })))],
    model: stackModel(8, 'sigmoid', uniform005),
    expected: [{ kind: 'vanishing', rule: 'gradient-ratio', layers: HIDDEN_8 }],
    en: [/^Gradients shrink about 10\^7× from the last hidden layer \(layer 8\) to the first \(layer 1\): vanishing gradients\.$/, /^Try He initialization with ReLU-family activations or ELU: switch layers 1–8 to ELU with he_normal\.$/],
    ko: [/약 10\^7배 줄어듭니다: 그레이디언트 소실\.$/, /ELU와 he_normal/],
    check: (m) => HIDDEN_8.forEach((i) => expect(dense(m, i)).toMatchObject({ activation: 'elu', kernel_initializer: 'he_normal' })),
  },
  {
    label: 'exploding gradient ratio with mismatched initialization → the activation’s family',
    epochs: [epochOf([{ grad: 500, activation: 'tanh', inactive: 0 }, { grad: 20, activation: 'tanh', inactive: 0 }, { grad: 1, activation: 'tanh', inactive: 0 }])],
    model: stackModel(3, 'tanh', 'he_normal'),
    expected: [{ kind: 'exploding', rule: 'gradient-ratio', layers: [1, 2, 3] }],
    en: [/^Gradients grow about 500× .*exploding gradients\.$/, /\(Glorot\).*layers 1, 2, 3 to glorot_normal\.$/],
    ko: [/약 500배 커집니다: 그레이디언트 폭등/, /glorot_normal/],
    check: (m) => [1, 2, 3].forEach((i) => expect(dense(m, i).kernel_initializer).toBe('glorot_normal')),
  },
  {
    label: 'gradient scale alone, initializers right → lower the learning rate',
    epochs: [epochOf(times(3, { grad: GRADIENT_NORM_EXPLODING * 3 }))],
    model: stackModel(3, 'elu', 'he_normal', 0.5),
    expected: [{ kind: 'exploding', rule: 'gradient-scale', layers: [1, 2, 3] }],
    en: [new RegExp(`^Every hidden layer's gradient norm is above ${GRADIENT_NORM_EXPLODING} \\(the smallest, layer 1, is 60.*exploding gradients\\.$`), /^Lower the learning rate: 0\.5 → 0\.05\.$/],
    ko: [/그레이디언트 폭등입니다\.$/, /^학습률을 낮추세요: 0\.5 → 0\.05\.$/],
    check: (m) => expect(m.training.optimizer.learning_rate).toBe(0.05),
  },
  {
    label: 'saturation with standard-normal weights → Glorot initialization',
    epochs: [epochOf(times(8, { activation: 'sigmoid', inactive: 0.6, std: 0.45 }))],
    model: stackModel(8, 'sigmoid', standardNormal),
    expected: [{ kind: 'saturated', rule: 'saturation', layers: HIDDEN_8 }],
    en: [/^60% of the sigmoid outputs \(layers 1–8\) .*saturated units — weights at 12× the std of Glorot initialization push the units to their limits \(0 or 1 for the logistic function\)\.$/, /^Use Glorot initialization: .*glorot_normal\.$/],
    ko: [/시그모이드|sigmoid 출력의 60%.*Glorot 초기화의 12배/, /Glorot 초기화를 쓰세요/],
    check: (m) => HIDDEN_8.forEach((i) => expect(dense(m, i)).toMatchObject({ activation: 'sigmoid', kernel_initializer: 'glorot_normal' })),
  },
  {
    label: 'saturation at Glorot scale → ELU with He',
    epochs: [epochOf(times(3, { activation: 'tanh', inactive: 0.5 }))],
    model: stackModel(3, 'tanh', 'glorot_normal'),
    expected: [{ kind: 'saturated', rule: 'saturation', layers: [1, 2, 3] }],
    en: [/^50% of the tanh outputs \(layers 1, 2, 3\) sit where the derivative is below 5% of its maximum: saturated units\.$/, /ELU with he_normal/],
    ko: [/tanh 출력의 50%.*포화\.$/, /ELU와 he_normal/],
    check: (m) => [1, 2, 3].forEach((i) => expect(dense(m, i)).toMatchObject({ activation: 'elu', kernel_initializer: 'he_normal' })),
  },
  {
    label: 'dying ReLU in one layer → LeakyReLU',
    epochs: [epochOf([{ activation: 'relu', inactive: 0.37 }])],
    model: stackModel(1, 'relu', 'he_normal'),
    expected: [{ kind: 'dead', rule: 'dead-units', layers: [1] }],
    en: [/^37% of the units in layer 1 never activate on any example: dying ReLU\.$/, /^Try LeakyReLU: use leaky_relu instead of relu in layers 1\.$/],
    ko: [/^1번 층 유닛의 37%가 어떤 샘플에서도 활성화되지 않습니다: 죽은 ReLU\.$/, /leaky_relu/],
    check: (m) => expect(dense(m, 1)).toMatchObject({ activation: 'leaky_relu', kernel_initializer: 'he_normal' }),
  },
  {
    label: 'dying ReLU across layers: the mean crosses, the worst is named',
    epochs: [epochOf([{ activation: 'relu', inactive: 0.1 }, { activation: 'relu', inactive: 0.4 }, { activation: 'relu', inactive: 0.52 }])],
    model: stackModel(3, 'relu', 'he_normal'),
    expected: [{ kind: 'dead', rule: 'dead-units', layers: [2, 3] }],
    en: [/^34% of the ReLU-family units never activate on any example \(layers 2, 3; the most in layer 3: 52%\): dying ReLU\.$/, /layers 2, 3\.$/],
    ko: [/ReLU 계열 유닛의 34%.*3번 층은 52%/, /2, 3번 층에서 relu 대신 leaky_relu/],
    check: (m) => {
      expect(dense(m, 1).activation).toBe('relu');
      expect(dense(m, 3).activation).toBe('leaky_relu');
    },
  },
  {
    label: 'divergence: the loss became NaN → learning rate ×0.1',
    epochs: [],
    model: stackModel(3, 'elu', 'he_normal', 0.01),
    over: { status: 'diverged', diverged_at: { epoch: 2, step: 812 } },
    expected: [{ kind: 'exploding', rule: 'divergence', layers: [] }],
    en: [/^The loss became NaN or infinite at step 812 \(epoch 2\): exploding gradients\.$/, /^Lower the learning rate: 0\.01 → 0\.001\.$/],
    ko: [/^스텝 812\(에포크 2\)에서 손실이 NaN 또는 무한대가 되었습니다: 그레이디언트 폭등\.$/, /0\.01 → 0\.001/],
    check: (m) => expect(m.training.optimizer.learning_rate).toBe(0.001),
  },
];

describe('runHealth: one rule per row, both languages, an action that edits the trained model', () => {
  it.each(CASES.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const en = runHealth(input(c.epochs, c.model, c.over), 'en');
    const ko = runHealth(input(c.epochs, c.model, c.over), 'ko');
    expect(en.map(({ kind, rule, layers }) => ({ kind, rule, layers }))).toEqual(c.expected);
    expect(ko.map(({ kind, rule, layers, action }) => ({ kind, rule, layers, action }))).toEqual(en.map(({ kind, rule, layers, action }) => ({ kind, rule, layers, action })));
    const [e, k] = [en[0]!, ko[0]!];
    expect(e.message).toMatch(c.en[0]);
    expect(e.fix).toMatch(c.en[1]);
    expect(k.message).toMatch(c.ko[0]);
    expect(k.fix).toMatch(c.ko[1]);
    expect(e.cite).toMatch(/^Hands-On ML, ch\. 11\./);
    expect(k.cite).toMatch(/^핸즈온 머신러닝 11\./);
    expect(k.message).toMatch(/[가-힣]/);
    c.check(applied(c.model, e), c.model);
  });

  it('a healthy run has no findings: He/ELU 8 × 120', () => {
    expect(runHealth(input([epochOf(growing(8, 0.55, 1.8, { grad: 2.5 }))], stackModel(8, 'elu', 'he_normal')), 'en')).toEqual([]);
  });

  it('no epochs yet: nothing to say; later epochs replace earlier ones (live)', () => {
    const model = stackModel(8, 'relu', relu025);
    expect(runHealth(input([], model, { status: 'running' }), 'en')).toEqual([]);
    const bad = epochOf(growing(8, 1.6, 10, { grad: 100, activation: 'relu' }));
    const good = { ...epochOf(growing(8, 1, 1.5, { activation: 'relu' })), epoch: 2 };
    expect(runHealth(input([bad], model), 'en').map((f) => f.rule)).toEqual(['forward-signal']);
    expect(runHealth(input([bad, good], model), 'en')).toEqual([]);
  });

  it('the exploding signal absorbs the large-gradient finding (same cause, one fix)', () => {
    const f = runHealth(input([epochOf(growing(8, 1.6, 10, { grad: 100, activation: 'relu' }))], stackModel(8, 'relu', relu025)), 'en');
    expect(f.map((x) => x.rule)).toEqual(['forward-signal']);
  });

  it('divergence comes first, before what the last finished epoch showed', () => {
    const f = runHealth(
      input([epochOf(growing(8, 1.6, 10, { grad: 100, activation: 'relu' }))], stackModel(8, 'relu', relu025), { status: 'diverged', diverged_at: { epoch: 2, step: 40 } }),
      'en',
    );
    expect(f.map((x) => x.rule)).toEqual(['divergence', 'forward-signal']);
    expect(findingKindsText(f)).toBe('exploding');
  });

  it('without the model: the same findings and sentences, no actions', () => {
    const epochs = [epochOf(growing(8, 1.6, 10, { grad: 100, activation: 'relu' }))];
    const f = runHealth(input(epochs, null, { status: 'diverged', diverged_at: null }), 'en');
    expect(f.map((x) => [x.rule, x.action])).toEqual([['divergence', null], ['forward-signal', null]]);
    expect(f[0]!.message).toBe('The loss became NaN or infinite: exploding gradients.');
    expect(f[0]!.fix).toBe('Lower the learning rate (try a tenth of it).');
    expect(f[1]!.fix).toMatch(/he_normal/);
  });

  it('initializers already right: the signal finding suggests batch norm and has no action', () => {
    const f = runHealth(input([epochOf(growing(8, 1, SIGNAL_RATIO * 2, { activation: 'relu' }))], stackModel(8, 'relu', 'he_normal')), 'en');
    expect(f).toMatchObject([{ rule: 'forward-signal', action: null }]);
    expect(f[0]!.fix).toMatch(/batch normalization/);
  });

  it('a run record whose metrics do not match its model gets findings without actions', () => {
    const f = runHealth(input([epochOf(growing(8, 1.6, 10, { activation: 'relu' }))], stackModel(2, 'relu', relu025)), 'en');
    expect(f).toMatchObject([{ rule: 'forward-signal', action: null }]);
  });

  it('after applying the fix, the pairing lint agrees the model is fixed', () => {
    const model = stackModel(8, 'relu', relu025);
    expect(lintModel(model, 'en').length).toBeGreaterThan(0);
    const [f] = runHealth(input([epochOf(growing(8, 1.6, 10, { grad: 100, activation: 'relu' }))], model), 'en');
    expect(lintModel(applied(model, f!), 'en')).toEqual([]);
  });

  it('uses the thresholds of diagnose.ts', () => {
    const model = stackModel(3, 'relu', 'he_normal');
    const at = (x: number) => runHealth(input([epochOf(times(3, { activation: 'relu', inactive: x }))], model), 'en').length;
    expect(at(DEAD_FRACTION)).toBe(0);
    expect(at(DEAD_FRACTION + 0.01)).toBe(1);
    const sat = (x: number) => runHealth(input([epochOf(times(3, { activation: 'tanh', inactive: x }))], stackModel(3, 'tanh', 'glorot_normal')), 'en').length;
    expect(sat(SATURATED_FRACTION)).toBe(0);
    expect(sat(SATURATED_FRACTION + 0.01)).toBe(1);
    const grads = (first: number) => runHealth(input([epochOf([{ grad: first }, { grad: 1 }, { grad: 1 }])], model), 'en').length;
    expect(grads(VANISHING_RATIO)).toBe(0);
    expect(grads(VANISHING_RATIO * 0.99)).toBe(1);
  });

  it('every rule has a citation and both languages have the same sentences and placeholders', () => {
    for (const rule of HEALTH_RULES) expect(HEALTH_MESSAGES.en[`cite.${rule}`]).toBeTruthy();
    const keys = Object.keys(HEALTH_MESSAGES.en).sort();
    expect(Object.keys(HEALTH_MESSAGES.ko).sort()).toEqual(keys);
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of keys as (keyof typeof HEALTH_MESSAGES.en)[]) expect(names(HEALTH_MESSAGES.ko[k]), k).toEqual(names(HEALTH_MESSAGES.en[k]));
  });

  it('findingKindsText: distinct kinds, or healthy', () => {
    expect(findingKindsText([])).toBe('healthy');
    expect(findingKindsText([{ kind: 'exploding' }, { kind: 'exploding' }, { kind: 'dead' }])).toBe('exploding dead');
  });
});
