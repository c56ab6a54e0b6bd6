/**
 * The validator's problems in Korean: one row per template with a real validator output (a
 * hostile document through parseModel / parseModelText), each Korean text holding Hangul and
 * every value of the English one; a walk over many broken documents in which no message falls
 * back to English; English unchanged.
 */
import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_IDS,
  DATASET_IDS,
  FAN_MODES,
  formatModelError,
  INITIALIZER_OBJECT_NAMES,
  JSON_REASON_TEMPLATES,
  koreanModelMessage,
  LAYER_KINDS,
  MAX_TEXT_LENGTH,
  MODEL_MESSAGE_TEMPLATES,
  modelErrorLineText,
  modelErrorText,
  modelMessageTemplateIds,
  modelProblemText,
  NAMED_INITIALIZER_IDS,
  OPTIMIZER_IDS,
  parseModel,
  parseModelText,
  PREPROCESS_IDS,
  VS_DISTRIBUTIONS,
  type ModelError,
  type ParseResult,
} from '../../../src-shared/model/index.js';
import { validDoc } from './fixtures.js';

type Doc = Record<string, any>;

const HANGUL = /[\uAC00-\uD7A3]/;

// Identifiers are kept as they are in Korean; `activation` is left out because the English
// also uses it as a plain word ("activation softmax" → "활성화 함수 softmax").
const IDS = new Set<string>(
  [
    ...ACTIVATION_IDS,
    ...DATASET_IDS,
    ...FAN_MODES,
    ...INITIALIZER_OBJECT_NAMES,
    ...LAYER_KINDS,
    ...NAMED_INITIALIZER_IDS,
    ...OPTIMIZER_IDS,
    ...PREPROCESS_IDS,
    ...VS_DISTRIBUTIONS,
  ].filter((id) => id !== 'activation'),
);

/** The values of an English problem a translation must keep: numbers, quoted text, JSON, paths, identifiers. */
function valuesOf(english: string): string[] {
  const tokens = english.match(/"(?:[^"\\]|\\.)*"|\{[^{}]*\}|layers\[\d+\]|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z][\w-]*/g) ?? [];
  return tokens.filter((tok) => !/^[A-Za-z]/.test(tok) || tok.includes('_') || IDS.has(tok));
}

function expectKoreanKeeps(e: ModelError): void {
  const en = modelErrorText(e, 'en');
  const ko = modelErrorText(e, 'ko');
  expect(ko, en).toMatch(HANGUL);
  expect(ko.startsWith(`${e.path}: `), ko).toBe(true);
  for (const v of valuesOf(en)) expect(ko, `${v} of ${en}`).toContain(v);
}

function errorsOf(r: ParseResult): ModelError[] {
  return r.ok ? [] : r.errors;
}

/** A fresh valid document with `mutate` applied (a returned value replaces it). */
function doc(mutate: (d: Doc) => unknown): unknown {
  const d = validDoc();
  const replaced = mutate(d);
  return replaced === undefined ? d : replaced;
}

const check = (mutate: (d: Doc) => unknown) => () => parseModel(doc(mutate));
const text = (t: string) => () => parseModelText(t);
/** The valid document as the editor saves it (two-space JSON), with `edit` applied to the text. */
const textOf = (edit: (json: string) => string) => () => parseModelText(edit(JSON.stringify(validDoc(), null, 2)));

const PRETTY = JSON.stringify(validDoc(), null, 2);

// [template id (and JSON reason), producer of a real validator result]
const ROWS: [string, () => ParseResult][] = [
  ['initializer.one-of', check((d) => { d.layers[1].kernel_initializer = 'he'; })],
  ['one-of', check((d) => { d.layers[1].activation = 'rellu'; })],
  ['integer-range', check((d) => { d.training.epochs = 0; })],
  ['half-open-interval', check((d) => { d.layers.splice(2, 0, { kind: 'dropout', rate: 1 }); })],
  ['closed-interval', check((d) => { d.layers[2] = { kind: 'rrelu', lower: 2 }; })],
  ['at-least-number', check((d) => { d.layers[2].alpha = -1; })],
  ['greater-than-number', check((d) => { d.training.optimizer.learning_rate = 0; })],
  ['greater-than-minval', check((d) => { d.layers[1].kernel_initializer = { name: 'random_uniform', minval: 0.5, maxval: -0.5 }; })],
  ['rrelu.upper-below-default-lower', check((d) => { d.layers[2] = { kind: 'rrelu', upper: 0.1 }; })],
  ['rrelu.lower-above-default-upper', check((d) => { d.layers[2] = { kind: 'rrelu', lower: 0.5 }; })],
  ['rrelu.lower-above-upper', check((d) => { d.layers[2] = { kind: 'rrelu', lower: 0.5, upper: 0.25 }; })],
  ['number', check((d) => { d.layers[1].kernel_initializer = { name: 'random_normal', mean: 'zero', stddev: 1 }; })],
  ['boolean', check((d) => { d.layers[1].use_bias = 'yes'; })],
  ['positive-integer', check((d) => { d.layers[1].units = 0; })],
  ['max-units', check((d) => { d.layers[1].units = 100_001; })],
  ['format', check((d) => { d.format = 'keras'; })],
  ['version', check((d) => { d.version = 3; })],
  ['name-string', check((d) => { d.name = '   '; })],
  ['string-length', check((d) => { d.description = 'x'.repeat(2001); })],
  ['layers-array', check((d) => { d.layers = { kind: 'dense' }; })],
  ['too-many-layers', check((d) => { d.layers = Array.from({ length: 1001 }, () => ({ kind: 'flatten' })); })],
  // The schema's own cap, reached only when `layers` is inherited (validate.ts caps own arrays first).
  ['max-layers', check((d) => {
    const { layers: _layers, ...rest } = d;
    return Object.assign(Object.create({ layers: Array.from({ length: 1001 }, () => ({ kind: 'flatten' })) }), rest);
  })],
  ['unknown-key.allowed', check((d) => { d.layers[1].unit = 300; })],
  ['layer-object.example', check((d) => { d.layers[1] = 300; })],
  ['optimizer-object.example', check((d) => { d.training.optimizer = 'sgd'; })],
  ['training-object', check((d) => { d.training = [10, 32]; })],
  ['model-object', () => parseModel(['not', 'a', 'model'])],
  ['unreadable', () => parseModel(new Proxy({}, { ownKeys: () => { throw new TypeError('no'); }, get: () => { throw new TypeError('no'); } }))],
  ['not-text', () => parseModelText(42 as unknown as string)],
  ['text-too-long', text(' '.repeat(MAX_TEXT_LENGTH + 1))],
  ['empty', text(' \n\t ')],
  ['json-syntax/json.unterminated-string', textOf((t) => t.slice(0, t.indexOf('"test"') + 3))],
  ['json-syntax/json.control-character', textOf((t) => t.replace('"test"', '"te\tst"'))],
  ['json-syntax/json.bad-unicode-escape', textOf((t) => t.replace('"test"', '"te\\u00st"'))],
  ['json-syntax/json.bad-escape', textOf((t) => t.replace('"test"', '"C:\\qtest"'))],
  ['json-syntax/json.unexpected-end', textOf((t) => t.slice(0, t.lastIndexOf('}')))],
  ['json-syntax/json.bad-number', textOf((t) => t.replace('"units": 300', '"units": -'))],
  ['json-syntax/json.expected-value', textOf((t) => t.replace('"units": 300', '"units": ,'))],
  ['json-syntax/json.expected-key', textOf((t) => t.replace('"seed": 42', '"seed": 42,'))],
  ['json-syntax/json.expected-colon', textOf((t) => t.replace('"units": 300', '"units" 300'))],
  ['json-syntax/json.expected-comma', textOf((t) => t.replace('"units": 300,', '"units": 300'))],
  ['json-syntax/json.expected-comma', textOf((t) => t.replace('{\n      "kind": "leaky_relu"', '{"kind": "x"}\n      {\n      "kind": "leaky_relu"'))],
  ['json-syntax/json.after-end', text(`${PRETTY}\n}`)],
  ['duplicate-key', textOf((t) => t.replace('"units": 300,', '"units": 300,\n      "units": 30,'))],
  ['more-problems', check((d) => { d.layers = Array.from({ length: 120 }, () => ({ kind: 'dense', units: 0 })); })],
  ['no-layers', check((d) => { d.layers = []; })],
  ['second-flatten', check((d) => { d.layers.splice(3, 0, { kind: 'flatten' }); })],
  ['dense-before-flatten', check((d) => { d.layers.shift(); })],
  ['last-layer-dense', check((d) => { d.layers.push({ kind: 'dropout', rate: 0.2 }); })],
  ['output-units', check((d) => { d.layers[5].units = 7; })],
  ['output-softmax.omitted', check((d) => { delete d.layers[5].activation; })],
  ['output-softmax', check((d) => { d.layers[5].activation = 'sigmoid'; })],
  ['memory.layer-weights', check((d) => { d.layers[1].units = 100_000; d.layers[3].units = 100_000; })],
  ['open-closed-interval', check((d) => { d.training.lr_schedule = { name: 'exponential', decay_steps: 100, decay_rate: 1.5 }; })],
  ['open-interval', check((d) => { d.training.lr_schedule = { name: 'performance', factor: 1 }; })],
  ['class-number', check((d) => { d.classes = [0, 10]; })],
  ['array.example', check((d) => { d.classes = 'all'; })],
  ['schedule.no-boundary', check((d) => { d.training.lr_schedule = { name: 'piecewise_constant', boundaries: [], values: [0.1] }; })],
  ['schedule.max-boundaries', check((d) => {
    d.training.lr_schedule = { name: 'piecewise_constant', boundaries: Array.from({ length: 1001 }, (_, i) => i + 1), values: [0.1] };
  })],
  ['schedule.boundary-order', check((d) => { d.training.lr_schedule = { name: 'piecewise_constant', boundaries: [5, 5], values: [0.1, 0.01, 0.001] }; })],
  ['schedule.values-count', check((d) => { d.training.lr_schedule = { name: 'piecewise_constant', boundaries: [5], values: [0.1] }; })],
  ['one-cycle.start-above-max', check((d) => { d.training.lr_schedule = { name: 'one_cycle', max_rate: 0.01, start_rate: 0.1 }; })],
  ['unfreeze.after-epochs', check((d) => { d.training.unfreeze = { after_epochs: 10, learning_rate: 1e-4 }; })],
  ['transfer.run', check((d) => { d.transfer = { run: '', layers: 1 }; })],
  ['transfer.layers', check((d) => { d.transfer = { run: 'r1', layers: 6 }; })],
  ['classes.too-few', check((d) => { d.classes = [3]; })],
  ['classes.order', check((d) => { d.classes = [3, 1]; })],
  ['object.example', check((d) => { d.training.early_stopping = 5; })],
  ['memory.model', check((d) => {
    d.layers = [{ kind: 'flatten' }, { kind: 'dense', units: 100_000 }, { kind: 'dense', units: 1000 }, { kind: 'dense', units: 100_000 }, { kind: 'dense', units: 10, activation: 'softmax' }];
  })],
];

/**
 * Templates no document reaches today (other checks come first), kept so that a future schema
 * change still reads in Korean: bare strict-object fallbacks and zod's unworded issues.
 */
const UNREACHED: Record<string, string> = {
  'layer-object': 'expected a layer object',
  'initializer-object': 'expected an initializer object',
  'optimizer-object': 'expected an optimizer object',
  object: 'expected a learning-rate schedule object',
  'unknown-key': 'unknown key',
  'json-too-deep': 'invalid JSON (too deeply nested to read)',
  'memory.layer-params': 'this layer needs 200000000 parameters (2.24 GiB as float32 with gradient and optimizer state); the limit is 2 GiB',
  'at-most': 'expected at most 5',
  'at-least': 'expected at least 1',
  'invalid-value': 'is not a valid value here',
  type: 'expected number',
};

describe('every template, from a real validator output', () => {
  it.each(ROWS)('%s', (ids, produce) => {
    const errors = errorsOf(produce());
    const e = errors.find((x) => modelMessageTemplateIds(x.message).join('/') === ids);
    expect(e, `no ${ids} among ${errors.map(formatModelError).join(' | ')}`).toBeDefined();
    if (!e) return;
    expectKoreanKeeps(e);
    // English is the validator's own text, unchanged.
    expect(modelErrorText(e, 'en')).toBe(formatModelError(e));
  });

  it('each template has a row or is listed as not reached', () => {
    const covered = new Set(ROWS.flatMap(([ids]) => ids.split('/')));
    const all = [...MODEL_MESSAGE_TEMPLATES, ...JSON_REASON_TEMPLATES].map((t) => t.id);
    expect(all.filter((id) => !covered.has(id) && !Object.hasOwn(UNREACHED, id))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });

  it.each(Object.entries(UNREACHED))('%s (not reached by documents today) reads in Korean', (id, message) => {
    expect(modelMessageTemplateIds(message)).toEqual([id]);
    expectKoreanKeeps({ path: 'layers[1]', message });
  });
});

describe('examples of the Korean wording', () => {
  const first = (r: ParseResult): ModelError => {
    const e = errorsOf(r)[0];
    if (!e) throw new Error('expected a problem');
    return e;
  };

  it('a field value, its received value after 입력값', () => {
    const e = first(parseModel(doc((d) => { d.layers[1].units = 0; })));
    expect(modelErrorText(e, 'en')).toBe('layers[1].units: expected a positive integer, received 0');
    expect(modelErrorText(e, 'ko')).toBe('layers[1].units: 양의 정수여야 합니다. 입력값: 0');
    expect(modelProblemText(e, 'ko')).toBe('양의 정수여야 합니다. 입력값: 0');
    expect(modelProblemText(e, 'en')).toBe('expected a positive integer, received 0');
  });

  it('a missing key, a choice, a JSON syntax error with line and column', () => {
    const missing = first(parseModel(doc((d) => { delete d.training.epochs; })));
    expect(modelProblemText(missing, 'ko')).toBe('값이 없습니다. 1에서 1000 사이의 정수여야 합니다');
    const choice = first(parseModel(doc((d) => { d.layers[1].activation = 'rellu'; })));
    expect(modelProblemText(choice, 'ko')).toBe(`다음 중 하나여야 합니다: ${ACTIVATION_IDS.join(', ')}. 입력값: "rellu"`);
    // A trailing comma, as people write it.
    const syntax = first(parseModelText('{\n  "format": "gradient-lab/model",\n  "version": 1,\n}'));
    expect(modelErrorText(syntax, 'en')).toBe('(root): invalid JSON at line 4, column 1: expected a double-quoted property name, found "}"');
    expect(modelErrorText(syntax, 'ko')).toBe('(root): JSON 문법 오류(4행 1열): 큰따옴표로 감싼 속성 이름이 와야 할 자리에 "}"이(가) 있습니다');
  });

  it('values that are not plain data (parseModel on live objects) keep their preview', () => {
    const e = first(parseModel(doc((d) => { d.layers[1].units = () => 1; })));
    expect(modelProblemText(e, 'ko')).toBe('양의 정수여야 합니다. 입력값: 함수');
    const big = first(parseModel(doc((d) => { d.layers[1].units = 5n; })));
    expect(modelProblemText(big, 'ko')).toBe('양의 정수여야 합니다. 입력값: 5n');
  });

  it('a message no template knows stays English, whole', () => {
    const e: ModelError = { path: 'layers[2]', message: 'some future rule', received: 3 };
    expect(modelErrorText(e, 'ko')).toBe('layers[2]: some future rule, received 3');
    expect(koreanModelMessage('missing; some future rule')).toBeNull();
    expect(koreanModelMessage('expected frobnicator')).toBeNull();
  });

  it('a formatted line (as file-io.ts keeps them) reads in Korean; anything else is returned as it is', () => {
    const e = first(parseModelText(PRETTY.replace('"units": 300,', '"units": 300,\n      "units": 30,')));
    expect(modelErrorLineText(formatModelError(e), 'ko')).toBe(modelErrorText(e, 'ko'));
    expect(modelErrorLineText(formatModelError(e), 'en')).toBe(formatModelError(e));
    const odd: ModelError = { path: '["a: b"].units', message: 'expected a positive integer', received: 0 };
    expect(modelErrorLineText(formatModelError(odd), 'ko')).toBe('["a: b"].units: 양의 정수여야 합니다. 입력값: 0');
    expect(modelErrorLineText('not a problem line', 'ko')).toBe('not a problem line');
    expect(modelErrorLineText('layers[1]: some future rule', 'ko')).toBe('layers[1]: some future rule');
  });
});

/** Hostile values put at every key of a document. */
const HOSTILE: unknown[] = [0, -1, 1.5, 1e9, -1e-9, '', 'x', '300', null, true, [], [1], {}, { kind: 'dense' }, { name: 'adam' }];

/** Every path to a value of a JSON-like tree: `[['format'], ['layers', 0, 'kind'], …]`. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => pathsOf((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}

function setAt(root: Doc, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  let node: any = root;
  for (const k of path.slice(0, -1)) node = node[k];
  const last = path[path.length - 1] as string | number;
  if (remove) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
  return root;
}

/** A document per (path, hostile value), per removed key, per added unknown key; and broken texts. */
function* brokenDocuments(): Generator<ParseResult> {
  const rich = validDoc();
  rich.description = 'every optional field';
  rich.layers.splice(
    1,
    0,
    { kind: 'batch_normalization', momentum: 0.9, epsilon: 1e-5 },
    { kind: 'rrelu', lower: 0.1, upper: 0.2 },
    { kind: 'elu', alpha: 0.5 },
    { kind: 'activation', activation: 'tanh' },
    { kind: 'prelu' },
    { kind: 'dropout', rate: 0.1 },
    { kind: 'alpha_dropout', rate: 0.1 },
  );
  rich.layers[8].kernel_initializer = { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' };
  rich.layers[10].kernel_initializer = { name: 'random_uniform', minval: -0.05, maxval: 0.05 };
  rich.layers[12].kernel_initializer = { name: 'random_normal', mean: 0, stddev: 1 };
  rich.layers[8].use_bias = false;
  const adam = structuredClone(rich);
  adam.training.optimizer = { name: 'adam', learning_rate: 0.01, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-6 };
  const sgd = structuredClone(rich);
  sgd.training.optimizer = { name: 'sgd', learning_rate: 0.01, momentum: 0.9, nesterov: true };

  // Every version-2 key, so the walk reaches the new objects' messages too.
  const v2 = structuredClone(rich);
  v2.classes = [0, 1, 2, 3, 4, 7, 8, 9];
  v2.layers[v2.layers.length - 1].units = 8;
  v2.layers[8].kernel_regularizer = { l1: 0.001, l2: 0.01 };
  v2.layers[8].kernel_constraint = { name: 'max_norm', max_value: 1 };
  v2.layers[8].trainable = false;
  v2.layers[1].trainable = false;
  v2.layers[5].trainable = true;
  v2.training.optimizer = { name: 'adamw', learning_rate: 0.001, weight_decay: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, clipnorm: 1, clipvalue: 0.5 };
  v2.training.lr_schedule = { name: 'piecewise_constant', boundaries: [5, 15], values: [0.01, 0.005, 0.001] };
  v2.training.early_stopping = { patience: 5, min_delta: 0.001, restore_best_weights: true };
  v2.training.unfreeze = { after_epochs: 4, learning_rate: 1e-4 };
  v2.transfer = { run: 'run-1', layers: 3 };
  const oneCycle = structuredClone(v2);
  oneCycle.training.optimizer = { name: 'rmsprop', learning_rate: 0.001, rho: 0.9, momentum: 0.5, epsilon: 1e-7 };
  oneCycle.training.lr_schedule = { name: 'one_cycle', max_rate: 0.05, start_rate: 0.005, last_rate: 0.0001, last_fraction: 0.1 };
  const performance = structuredClone(v2);
  performance.training.optimizer = { name: 'adagrad', learning_rate: 0.01, initial_accumulator_value: 0.1, epsilon: 1e-7 };
  performance.training.lr_schedule = { name: 'performance', factor: 0.5, patience: 5, min_delta: 0, min_lr: 0 };
  const exponential = structuredClone(v2);
  exponential.training.lr_schedule = { name: 'exponential', decay_steps: 1000, decay_rate: 0.1 };
  expect(parseModel(v2).ok && parseModel(oneCycle).ok && parseModel(performance).ok && parseModel(exponential).ok).toBe(true);

  for (const base of [adam, sgd, v2, oneCycle, performance, exponential]) {
    for (const path of pathsOf(base)) {
      for (const value of HOSTILE) yield parseModel(setAt(structuredClone(base), path, value));
      if (path.length > 0) yield parseModel(setAt(structuredClone(base), path, undefined, true));
      const target: unknown = path.reduce<any>((node, k) => node[k], base);
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
        const extra = structuredClone(base);
        Object.assign(path.reduce<any>((node, k) => node[k], extra), { unit: 1, 'odd key': 2 });
        yield parseModel(extra);
      }
    }
  }
  // Text: cut at every 7th character, a character dropped or doubled at each line, keys repeated.
  const pretty = JSON.stringify(adam, null, 2);
  for (let i = 0; i < pretty.length; i += 7) {
    yield parseModelText(pretty.slice(0, i));
    yield parseModelText(pretty.slice(0, i) + pretty.slice(i + 1));
    yield parseModelText(pretty.slice(0, i) + pretty[i] + pretty.slice(i));
  }
  for (const junk of ['x', '\\', '"', '\u0001', '}', ']', ':', ',', '1', 'tru']) {
    for (let i = 0; i < pretty.length; i += 41) yield parseModelText(pretty.slice(0, i) + junk + pretty.slice(i));
  }
  yield parseModelText(pretty.replace(/"(\w+)": ([^\n]+?),\n/g, '"$1": $2,\n"$1": $2,\n'));
  // Semantic rules on schema-valid documents.
  for (const units of [1, 9, 11, 100_000]) yield parseModel(doc((d) => { d.layers[5].units = units; }));
  for (const layers of [[], [{ kind: 'flatten' }], [{ kind: 'dense', units: 10, activation: 'softmax' }], [{ kind: 'flatten' }, { kind: 'flatten' }]]) {
    yield parseModel(doc((d) => { d.layers = layers; }));
  }
}

describe('walking broken documents', () => {
  it('no message the validator writes falls back to English', () => {
    const seen = new Set<string>();
    const fellBack = new Set<string>();
    let problems = 0;
    for (const r of brokenDocuments()) {
      for (const e of errorsOf(r)) {
        problems++;
        const ids = modelMessageTemplateIds(e.message);
        for (const id of ids) seen.add(id);
        if (ids.length === 0 || koreanModelMessage(e.message) === null) fellBack.add(formatModelError(e));
        else expectKoreanKeeps(e);
      }
    }
    expect([...fellBack]).toEqual([]);
    expect(problems).toBeGreaterThan(2000);
    // The walk reaches most templates on its own, not only the table above.
    expect(seen.size).toBeGreaterThan(30);
  });
});
