/**
 * Chapter 11's guideline for hidden-layer activations as data plus one pure function: the
 * wizard, the CLI's `recommend` and the tests all read these tables, so the rule lives once.
 */
import { INITIALIZER_FOR } from './apply.js';
import {
  WIZARD_ANSWER_KEYS,
  type CandidateActivation,
  type RankedCandidate,
  type ReasonCode,
  type Recommendation,
  type Tradeoff,
  type WizardAnswerKey,
  type WizardAnswers,
} from './types.js';

/** Answers that put an activation first (every answer but `spare_compute`, which asks for cross-validation instead). */
export type TriggerAnswer = Exclude<WizardAnswerKey, 'spare_compute'>;

/** One "if this matters → use that" line of the guideline. */
export interface GuidelineRule {
  answer: TriggerAnswer;
  activation: CandidateActivation;
}

/**
 * The guideline's triggers, in the order their activations are ranked when several apply:
 * SELU leads the general order, then the variants the lecture notes prefer to ReLU, ReLU last.
 */
export const GUIDELINE_RULES: readonly GuidelineRule[] = [
  { answer: 'self_normalizing', activation: 'selu' },
  { answer: 'overfitting', activation: 'rrelu' },
  { answer: 'huge_dataset', activation: 'prelu' },
  { answer: 'runtime_speed', activation: 'leaky_relu' },
  { answer: 'training_speed', activation: 'relu' },
];

/**
 * The general order without SELU (which needs `self_normalizing`): the lecture notes' SELU > ELU >
 * LeakyReLU and variants > ReLU > logistic, with tanh (zero-centred, so better than logistic) before it.
 */
export const GENERAL_ORDER: readonly CandidateActivation[] = ['elu', 'leaky_relu', 'relu', 'tanh', 'sigmoid'];

/** Whether two triggered answers pull in different directions, decided for every pair; `why` is for maintainers (users read guideline-messages). */
export interface TradeoffRule {
  /** The pair in GUIDELINE_RULES order. */
  pair: readonly [TriggerAnswer, TriggerAnswer];
  conflict: boolean;
  why: string;
}

/** Every pair of the five triggers, in GUIDELINE_RULES order. */
export const TRADEOFF_RULES = [
  { pair: ['self_normalizing', 'overfitting'], conflict: true, why: 'RReLU regularizes by its random slopes; SELU must regularize with alpha dropout instead.' },
  { pair: ['self_normalizing', 'huge_dataset'], conflict: true, why: "PReLU's learned slopes pay off on huge sets; SELU gives up learned slopes for self-normalization." },
  { pair: ['self_normalizing', 'runtime_speed'], conflict: true, why: "SELU's exponential is slower at inference than LeakyReLU's multiply." },
  { pair: ['self_normalizing', 'training_speed'], conflict: true, why: 'ReLU has the fastest, most optimized training step; SELU pays an exponential per unit.' },
  { pair: ['overfitting', 'huge_dataset'], conflict: true, why: "RReLU regularizes; PReLU's learned slopes overfit small sets but win on huge ones." },
  { pair: ['overfitting', 'runtime_speed'], conflict: false, why: 'At inference RReLU is a LeakyReLU with the mean slope: the same cost.' },
  { pair: ['overfitting', 'training_speed'], conflict: true, why: 'RReLU draws random slopes every training step; ReLU is the fastest to train.' },
  { pair: ['huge_dataset', 'runtime_speed'], conflict: false, why: 'At inference PReLU is a LeakyReLU with learned slopes: the same cost.' },
  { pair: ['huge_dataset', 'training_speed'], conflict: true, why: "PReLU backpropagates into its slopes; ReLU's step is the cheapest." },
  { pair: ['runtime_speed', 'training_speed'], conflict: true, why: "LeakyReLU keeps units from dying; ReLU's kernels are the most optimized for training." },
] as const satisfies readonly TradeoffRule[];

type PairKey<T> = T extends { pair: readonly [infer A extends string, infer B extends string] } ? `${A}/${B}` : never;
/** `'overfitting/huge_dataset'`: one decided pair of {@link TRADEOFF_RULES}, the key of its user-facing text. */
export type TradeoffPairKey = PairKey<(typeof TRADEOFF_RULES)[number]>;

/**
 * The ranked candidates for these answers (omitted answers are false). Example:
 * `recommend({overfitting: true, huge_dataset: true})` → ranked rrelu, prelu, elu, leaky_relu,
 * relu, tanh, sigmoid; rrelu's reasons `['overfitting']`, elu's `['not_self_normalizing',
 * 'general_order']`; tradeoffs `[{first: 'overfitting', second: 'huge_dataset'}]`.
 */
export function recommend(answers: Partial<WizardAnswers>): Recommendation {
  const yes = (key: WizardAnswerKey): boolean => answers[key] === true;
  const triggered = GUIDELINE_RULES.filter((r) => yes(r.answer));
  const reasons = new Map<CandidateActivation, ReasonCode[]>();
  const add = (a: CandidateActivation, code: ReasonCode): void => {
    reasons.set(a, [...(reasons.get(a) ?? []), code]);
  };
  for (const r of triggered) add(r.activation, r.answer);
  // The lecture notes: a network that cannot self-normalize → ELU rather than SELU.
  if (!yes('self_normalizing')) add('elu', 'not_self_normalizing');
  for (const a of GENERAL_ORDER) add(a, 'general_order');

  const order = [...new Set([...triggered.map((r) => r.activation), ...GENERAL_ORDER])];
  const ranked: RankedCandidate[] = order.map((activation) => ({
    activation,
    initializer: INITIALIZER_FOR[activation],
    reasons: reasons.get(activation) ?? [],
  }));

  const tradeoffs: Tradeoff[] = TRADEOFF_RULES.filter((t) => t.conflict && yes(t.pair[0]) && yes(t.pair[1])).map((t) => ({
    first: t.pair[0],
    second: t.pair[1],
  }));
  return { ranked, cross_validate: yes('spare_compute'), tradeoffs };
}

/** Why a `recommend` argument was refused: `key` names the offending key (null for the whole text), `value` is what was received. */
export type AnswersProblem = 'not_json' | 'not_object' | 'unknown_key' | 'not_boolean';

/** What {@link parseAnswers} returns. */
export type ParsedAnswers =
  | { ok: true; answers: WizardAnswers }
  | { ok: false; key: string | null; value: string; problem: AnswersProblem };

/**
 * The CLI's JSON answers argument. No argument and missing keys are false. Examples:
 * `'{"overfitting":true}'` → ok; `'[1]'` → `{ok: false, key: null, value: '[1]', problem: 'not_object'}`;
 * `'{"overfitting":"yes"}'` → `{ok: false, key: 'overfitting', value: '"yes"', problem: 'not_boolean'}`.
 */
export function parseAnswers(text: string | undefined): ParsedAnswers {
  const answers = Object.fromEntries(WIZARD_ANSWER_KEYS.map((k) => [k, false])) as WizardAnswers;
  if (text === undefined) return { ok: true, answers };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, key: null, value: text, problem: 'not_json' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, key: null, value: JSON.stringify(data), problem: 'not_object' };
  }
  for (const [key, value] of Object.entries(data)) {
    if (!isAnswerKey(key)) return { ok: false, key, value: JSON.stringify(value), problem: 'unknown_key' };
    if (typeof value !== 'boolean') return { ok: false, key, value: JSON.stringify(value), problem: 'not_boolean' };
    answers[key] = value;
  }
  return { ok: true, answers };
}

function isAnswerKey(key: string): key is WizardAnswerKey {
  return (WIZARD_ANSWER_KEYS as readonly string[]).includes(key);
}
