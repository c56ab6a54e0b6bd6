import { describe, expect, it } from 'vitest';
import { INITIALIZER_FOR } from '../../../src-shared/wizard/apply.js';
import { GENERAL_ORDER, GUIDELINE_RULES, parseAnswers, recommend, TRADEOFF_RULES } from '../../../src-shared/wizard/guideline.js';
import { CANDIDATE_ACTIVATIONS, WIZARD_ANSWER_KEYS, type WizardAnswerKey, type WizardAnswers } from '../../../src-shared/wizard/types.js';

const only = (...keys: WizardAnswerKey[]): Partial<WizardAnswers> => Object.fromEntries(keys.map((k) => [k, true]));
const order = (answers: Partial<WizardAnswers>): string[] => recommend(answers).ranked.map((r) => r.activation);
const reasonsOf = (answers: Partial<WizardAnswers>): Record<string, string[]> =>
  Object.fromEntries(recommend(answers).ranked.map((r) => [r.activation, r.reasons]));

describe('recommend: one answer at a time', () => {
  const table: { answers: Partial<WizardAnswers>; ranked: string[]; top: string[] }[] = [
    { answers: {}, ranked: ['elu', 'leaky_relu', 'relu', 'tanh', 'sigmoid'], top: ['not_self_normalizing', 'general_order'] },
    { answers: only('self_normalizing'), ranked: ['selu', 'elu', 'leaky_relu', 'relu', 'tanh', 'sigmoid'], top: ['self_normalizing'] },
    { answers: only('overfitting'), ranked: ['rrelu', 'elu', 'leaky_relu', 'relu', 'tanh', 'sigmoid'], top: ['overfitting'] },
    { answers: only('huge_dataset'), ranked: ['prelu', 'elu', 'leaky_relu', 'relu', 'tanh', 'sigmoid'], top: ['huge_dataset'] },
    { answers: only('runtime_speed'), ranked: ['leaky_relu', 'elu', 'relu', 'tanh', 'sigmoid'], top: ['runtime_speed', 'general_order'] },
    { answers: only('training_speed'), ranked: ['relu', 'elu', 'leaky_relu', 'tanh', 'sigmoid'], top: ['training_speed', 'general_order'] },
    { answers: only('spare_compute'), ranked: ['elu', 'leaky_relu', 'relu', 'tanh', 'sigmoid'], top: ['not_self_normalizing', 'general_order'] },
    {
      answers: only(...WIZARD_ANSWER_KEYS),
      ranked: ['selu', 'rrelu', 'prelu', 'leaky_relu', 'relu', 'elu', 'tanh', 'sigmoid'],
      top: ['self_normalizing'],
    },
    { answers: only('overfitting', 'huge_dataset'), ranked: ['rrelu', 'prelu', 'elu', 'leaky_relu', 'relu', 'tanh', 'sigmoid'], top: ['overfitting'] },
    {
      answers: only('training_speed', 'runtime_speed'),
      ranked: ['leaky_relu', 'relu', 'elu', 'tanh', 'sigmoid'],
      top: ['runtime_speed', 'general_order'],
    },
  ];
  it.each(table)('$answers → $ranked', ({ answers, ranked, top }) => {
    const r = recommend(answers);
    expect(r.ranked.map((c) => c.activation)).toEqual(ranked);
    expect(r.ranked[0]?.reasons).toEqual(top);
    expect(r.cross_validate).toBe(answers.spare_compute === true);
  });

  it('explains each candidate', () => {
    expect(reasonsOf({})).toEqual({
      elu: ['not_self_normalizing', 'general_order'],
      leaky_relu: ['general_order'],
      relu: ['general_order'],
      tanh: ['general_order'],
      sigmoid: ['general_order'],
    });
    expect(reasonsOf(only(...WIZARD_ANSWER_KEYS))).toEqual({
      selu: ['self_normalizing'],
      rrelu: ['overfitting'],
      prelu: ['huge_dataset'],
      leaky_relu: ['runtime_speed', 'general_order'],
      relu: ['training_speed', 'general_order'],
      elu: ['general_order'],
      tanh: ['general_order'],
      sigmoid: ['general_order'],
    });
  });

  it('treats false and omitted answers alike', () => {
    expect(recommend(Object.fromEntries(WIZARD_ANSWER_KEYS.map((k) => [k, false])))).toEqual(recommend({}));
  });
});

describe('recommend: invariants over all 64 answer sets', () => {
  const subsets = Array.from({ length: 2 ** WIZARD_ANSWER_KEYS.length }, (_, mask) =>
    Object.fromEntries(WIZARD_ANSWER_KEYS.map((k, i) => [k, (mask & (1 << i)) !== 0])) as WizardAnswers,
  );

  it.each(subsets)('%o', (answers) => {
    const r = recommend(answers);
    const acts = r.ranked.map((c) => c.activation);
    expect(new Set(acts).size).toBe(acts.length);
    expect(acts.every((a) => (CANDIDATE_ACTIVATIONS as readonly string[]).includes(a))).toBe(true);
    expect(acts.includes('selu')).toBe(answers.self_normalizing);

    const triggered = GUIDELINE_RULES.filter((g) => answers[g.answer]).map((g) => g.activation);
    expect(acts.slice(0, triggered.length)).toEqual(triggered);
    const rest = acts.slice(triggered.length);
    expect(rest).toEqual(GENERAL_ORDER.filter((a) => !triggered.includes(a)));
    for (const a of GENERAL_ORDER) expect(acts).toContain(a);

    for (const c of r.ranked) {
      expect(c.initializer).toBe(INITIALIZER_FOR[c.activation]);
      const rule = GUIDELINE_RULES.find((g) => g.activation === c.activation);
      const expected = [
        ...(rule && answers[rule.answer] ? [rule.answer] : []),
        ...(c.activation === 'elu' && !answers.self_normalizing ? ['not_self_normalizing'] : []),
        ...(GENERAL_ORDER.includes(c.activation) ? ['general_order'] : []),
      ];
      expect(c.reasons).toEqual(expected);
      expect(c.reasons.length).toBeGreaterThan(0);
    }
    expect(r.cross_validate).toBe(answers.spare_compute);

    const rank = (k: WizardAnswerKey): number => acts.indexOf(GUIDELINE_RULES.find((g) => g.answer === k)?.activation ?? 'sigmoid');
    for (const t of r.tradeoffs) {
      expect(answers[t.first] && answers[t.second]).toBe(true);
      expect(rank(t.first)).toBeLessThan(rank(t.second));
    }
    const conflicts = TRADEOFF_RULES.filter((t) => t.conflict && answers[t.pair[0]] && answers[t.pair[1]]).length;
    expect(r.tradeoffs).toHaveLength(conflicts);
  });
});

describe('tradeoffs', () => {
  it('decides every pair of the five triggers once, in rule order', () => {
    const keys = GUIDELINE_RULES.map((g) => g.answer);
    const pairs = keys.flatMap((a, i) => keys.slice(i + 1).map((b) => `${a}/${b}`));
    expect(TRADEOFF_RULES.map((t) => t.pair.join('/'))).toEqual(pairs);
    expect(TRADEOFF_RULES.filter((t) => t.conflict).length).toBeGreaterThan(pairs.length / 2);
  });

  const table: { answers: Partial<WizardAnswers>; tradeoffs: [WizardAnswerKey, WizardAnswerKey][] }[] = [
    { answers: {}, tradeoffs: [] },
    { answers: only('overfitting', 'huge_dataset'), tradeoffs: [['overfitting', 'huge_dataset']] },
    { answers: only('self_normalizing', 'runtime_speed'), tradeoffs: [['self_normalizing', 'runtime_speed']] },
    { answers: only('training_speed', 'runtime_speed'), tradeoffs: [['runtime_speed', 'training_speed']] },
    { answers: only('overfitting', 'runtime_speed'), tradeoffs: [] },
    { answers: only('huge_dataset', 'runtime_speed', 'spare_compute'), tradeoffs: [] },
    {
      answers: only('self_normalizing', 'overfitting', 'training_speed'),
      tradeoffs: [
        ['self_normalizing', 'overfitting'],
        ['self_normalizing', 'training_speed'],
        ['overfitting', 'training_speed'],
      ],
    },
    {
      answers: only(...WIZARD_ANSWER_KEYS),
      tradeoffs: TRADEOFF_RULES.filter((t) => t.conflict).map((t) => [...t.pair]),
    },
  ];
  it.each(table)('$answers', ({ answers, tradeoffs }) => {
    expect(recommend(answers).tradeoffs.map((t) => [t.first, t.second])).toEqual(tradeoffs);
  });
});

describe('parseAnswers', () => {
  const none = Object.fromEntries(WIZARD_ANSWER_KEYS.map((k) => [k, false]));
  const table: { text: string | undefined; expected: ReturnType<typeof parseAnswers> }[] = [
    { text: undefined, expected: { ok: true, answers: none as WizardAnswers } },
    { text: '{}', expected: { ok: true, answers: none as WizardAnswers } },
    { text: ' {"overfitting": true, "huge_dataset": false} ', expected: { ok: true, answers: { ...none, overfitting: true } as WizardAnswers } },
    { text: '', expected: { ok: false, key: null, value: '', problem: 'not_json' } },
    { text: '{overfitting: true}', expected: { ok: false, key: null, value: '{overfitting: true}', problem: 'not_json' } },
    { text: '[1]', expected: { ok: false, key: null, value: '[1]', problem: 'not_object' } },
    { text: 'null', expected: { ok: false, key: null, value: 'null', problem: 'not_object' } },
    { text: '42', expected: { ok: false, key: null, value: '42', problem: 'not_object' } },
    { text: '"yes"', expected: { ok: false, key: null, value: '"yes"', problem: 'not_object' } },
    { text: '{"overfit": true}', expected: { ok: false, key: 'overfit', value: 'true', problem: 'unknown_key' } },
    { text: '{"__proto__": true}', expected: { ok: false, key: '__proto__', value: 'true', problem: 'unknown_key' } },
    { text: '{"overfitting": "yes"}', expected: { ok: false, key: 'overfitting', value: '"yes"', problem: 'not_boolean' } },
    { text: '{"spare_compute": 1}', expected: { ok: false, key: 'spare_compute', value: '1', problem: 'not_boolean' } },
    { text: '{"runtime_speed": null}', expected: { ok: false, key: 'runtime_speed', value: 'null', problem: 'not_boolean' } },
  ];
  it.each(table)('$text', ({ text, expected }) => {
    expect(parseAnswers(text)).toEqual(expected);
  });
});
