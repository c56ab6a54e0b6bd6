import { describe, expect, it } from 'vitest';
import { formatModelError, MAX_ERRORS, parseModel, parseModelText, type ParseResult } from '../../../src-shared/model/index.js';
import { findDuplicateKeys } from '../../../src-shared/model/json-locate.js';
import { validDoc } from './fixtures.js';

type Doc = Record<string, any>;

function messages(r: ParseResult): string[] {
  return r.ok ? [] : r.errors.map(formatModelError);
}

/** Applies `mutate` to a fresh valid document; a returned value replaces the document. */
function docWith(mutate: (d: Doc) => unknown): unknown {
  const d = validDoc();
  const replaced = mutate(d);
  return replaced === undefined ? d : replaced;
}

const KINDS = 'flatten, dense, leaky_relu, prelu, rrelu, elu, activation, batch_normalization, dropout, alpha_dropout';

describe('parseModel accepts valid documents', () => {
  it.each<[string, (d: Doc) => void]>([
    ['the minimal LeakyReLU net', () => {}],
    ['every optional field set', (d) => {
      d.description = 'all fields';
      d.layers.splice(
        1,
        0,
        { kind: 'batch_normalization', momentum: 0.9, epsilon: 1e-5 },
        { kind: 'rrelu', lower: 0.1, upper: 0.2 },
        { kind: 'elu', alpha: 0.5 },
        { kind: 'activation', activation: 'tanh' },
        { kind: 'prelu' },
        { kind: 'dropout', rate: 0 },
        { kind: 'alpha_dropout', rate: 0.1 },
      );
      d.layers[8].use_bias = false;
      d.layers[8].activation = 'selu';
      d.training.optimizer = { name: 'adam', learning_rate: 0.01, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-6 };
    }],
    ['sgd with momentum and nesterov', (d) => {
      d.training.optimizer = { name: 'sgd', learning_rate: 0.01, momentum: 0.9, nesterov: true };
    }],
    ['mnist with standardized inputs', (d) => {
      d.dataset = 'mnist';
      d.preprocess = 'standardize';
    }],
    ['initializer objects', (d) => {
      d.layers[1].kernel_initializer = { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'truncated_normal' };
      d.layers[3].kernel_initializer = { name: 'random_uniform', minval: -0.05, maxval: 0.05 };
      d.layers[5].kernel_initializer = { name: 'random_normal', mean: 0, stddev: 1 };
    }],
    ['boundary values', (d) => {
      d.training.epochs = 1000;
      d.training.batch_size = 65536;
      d.training.seed = 2 ** 31 - 1;
      d.name = 'n'.repeat(200);
      d.layers[2] = { kind: 'rrelu', lower: 0.3, upper: 0.3 };
    }],
  ])('%s', (_label, mutate) => {
    const r = parseModel(docWith(mutate));
    expect(messages(r)).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('returns the model without defaults filled in', () => {
    const r = parseModel(validDoc());
    if (!r.ok) throw new Error('expected ok');
    expect(r.model.layers[1]).toEqual({ kind: 'dense', units: 300, kernel_initializer: 'he_normal' });
    expect(Object.keys(r.model.layers[1] ?? {})).toEqual(['kind', 'units', 'kernel_initializer']);
  });
});

describe('parseModel reports invalid documents with exact messages', () => {
  it.each<[string, (d: Doc) => unknown, string[]]>([
    ['units 0', (d) => { d.layers[1].units = 0; }, ['layers[1].units: expected a positive integer, received 0']],
    ['units 1.5', (d) => { d.layers[1].units = 1.5; }, ['layers[1].units: expected a positive integer, received 1.5']],
    ['units as a string', (d) => { d.layers[1].units = '300'; }, ['layers[1].units: expected a positive integer, received "300"']],
    ['units over the cap', (d) => { d.layers[1].units = 100001; }, ['layers[1].units: expected at most 100000 units, received 100001']],
    ['negative dropout rate', (d) => { d.layers.splice(2, 0, { kind: 'dropout', rate: -0.1 }); },
      ['layers[2].rate: expected a number in [0, 1), received -0.1']],
    ['dropout rate 1', (d) => { d.layers.splice(2, 0, { kind: 'alpha_dropout', rate: 1 }); },
      ['layers[2].rate: expected a number in [0, 1), received 1']],
    ['negative leaky alpha', (d) => { d.layers[2].alpha = -0.2; }, ['layers[2].alpha: expected a number ≥ 0, received -0.2']],
    ['unknown layer kind', (d) => { d.layers[1] = { kind: 'conv2d', filters: 32 }; },
      [`layers[1].kind: expected one of ${KINDS}, received "conv2d"`]],
    ['missing layer kind', (d) => { d.layers[1] = { units: 300 }; }, [`layers[1].kind: missing; expected one of ${KINDS}`]],
    ['layer that is not an object', (d) => { d.layers[1] = 'dense'; },
      ['layers[1]: expected a layer object such as {"kind": "dense", "units": 100}, received "dense"']],
    ['unknown key at the root', (d) => { d.author = 'me'; },
      ['author: unknown key (allowed: format, version, name, description, dataset, classes, preprocess, layers, training, transfer)']],
    ['unknown key in a layer', (d) => { d.layers[1].unitz = 300; },
      ['layers[1].unitz: unknown key (allowed: kind, units, activation, kernel_initializer, use_bias, kernel_regularizer, kernel_constraint, trainable)']],
    ['unknown key in training', (d) => { d.training.lr = 0.1; },
      ['training.lr: unknown key (allowed: optimizer, epochs, batch_size, seed, lr_schedule, early_stopping, unfreeze)']],
    ['unknown key in the optimizer', (d) => { d.training.optimizer.beta_1 = 0.9; },
      ['training.optimizer.beta_1: unknown key (allowed: name, learning_rate, momentum, nesterov, clipnorm, clipvalue)']],
    ['unknown key in an initializer object', (d) => { d.layers[1].kernel_initializer = { name: 'random_normal', mean: 0, stddev: 1, seed: 3 }; },
      ['layers[1].kernel_initializer.seed: unknown key (allowed: name, mean, stddev)']],
    ['odd unknown key', (d) => { d['a b'] = 1; },
      ['["a b"]: unknown key (allowed: format, version, name, description, dataset, classes, preprocess, layers, training, transfer)']],
    ['unknown optimizer', (d) => { d.training.optimizer.name = 'adadelta'; },
      ['training.optimizer.name: expected one of sgd, adagrad, rmsprop, adam, adamax, nadam, adamw, received "adadelta"']],
    ['wrong format', (d) => { d.format = 'keras'; }, ['format: expected "gradient-lab/model", received "keras"']],
    ['version 3', (d) => { d.version = 3; }, ['version: this app reads versions 1 and 2, received 3']],
    ['version 0', (d) => { d.version = 0; }, ['version: this app reads versions 1 and 2, received 0']],
    ['version as a string', (d) => { d.version = '1'; }, ['version: this app reads versions 1 and 2, received "1"']],
    ['missing dataset', (d) => { delete d.dataset; }, ['dataset: missing; expected one of fashion-mnist, mnist']],
    ['unknown dataset', (d) => { d.dataset = 'cifar10'; }, ['dataset: expected one of fashion-mnist, mnist, received "cifar10"']],
    ['empty name', (d) => { d.name = '  '; }, ['name: expected a non-empty string of at most 200 characters, received "  "']],
    ['bad initializer name', (d) => { d.layers[1].kernel_initializer = 'he_unifrom'; },
      ['layers[1].kernel_initializer: expected one of glorot_uniform, glorot_normal, he_normal, he_uniform, lecun_normal, lecun_uniform, ' +
        'or an object {"name": "random_normal" | "random_uniform" | "variance_scaling", …}, received "he_unifrom"']],
    ['unknown initializer object', (d) => { d.layers[1].kernel_initializer = { name: 'orthogonal' }; },
      ['layers[1].kernel_initializer.name: expected one of random_normal, random_uniform, variance_scaling, received "orthogonal"']],
    ['variance_scaling bad mode', (d) => {
      d.layers[1].kernel_initializer = { name: 'variance_scaling', scale: 2, mode: 'fan_sum', distribution: 'uniform' };
    }, ['layers[1].kernel_initializer.mode: expected one of fan_in, fan_out, fan_avg, received "fan_sum"']],
    ['variance_scaling zero scale', (d) => {
      d.layers[1].kernel_initializer = { name: 'variance_scaling', scale: 0, mode: 'fan_in', distribution: 'normal' };
    }, [
      'layers[1].kernel_initializer.scale: expected a number > 0, received 0',
      'layers[1].kernel_initializer.distribution: expected one of truncated_normal, untruncated_normal, uniform, received "normal"',
    ]],
    ['random_normal stddev 0', (d) => { d.layers[1].kernel_initializer = { name: 'random_normal', mean: 0, stddev: 0 }; },
      ['layers[1].kernel_initializer.stddev: expected a number > 0, received 0']],
    ['random_uniform minval ≥ maxval', (d) => { d.layers[1].kernel_initializer = { name: 'random_uniform', minval: 0.1, maxval: 0.1 }; },
      ['layers[1].kernel_initializer.maxval: expected a number > minval (0.1), received 0.1']],
    ['rrelu lower > upper', (d) => { d.layers[2] = { kind: 'rrelu', lower: 0.5, upper: 0.2 }; },
      ['layers[2].lower: expected a number ≤ upper (0.2), received 0.5']],
    ['rrelu lower above the default upper', (d) => { d.layers[2] = { kind: 'rrelu', lower: 0.5 }; },
      ['layers[2].lower: expected a number ≤ the default upper, 1/3, received 0.5']],
    ['rrelu upper out of range', (d) => { d.layers[2] = { kind: 'rrelu', upper: 1.5 }; },
      ['layers[2].upper: expected a number in [0, 1], received 1.5']],
    ['learning rate 0', (d) => { d.training.optimizer.learning_rate = 0; },
      ['training.optimizer.learning_rate: expected a number > 0, received 0']],
    ['momentum 1', (d) => { d.training.optimizer.momentum = 1; },
      ['training.optimizer.momentum: expected a number in [0, 1), received 1']],
    ['epochs 0', (d) => { d.training.epochs = 0; }, ['training.epochs: expected an integer from 1 to 1000, received 0']],
    ['batch size too large', (d) => { d.training.batch_size = 65537; },
      ['training.batch_size: expected an integer from 1 to 65536, received 65537']],
    ['negative seed', (d) => { d.training.seed = -1; }, ['training.seed: expected an integer from 0 to 2147483647, received -1']],
    ['nesterov not boolean', (d) => { d.training.optimizer.nesterov = 'yes'; },
      ['training.optimizer.nesterov: expected true or false, received "yes"']],
    ['last layer not softmax', (d) => { d.layers[5].activation = 'relu'; },
      ['layers[5].activation: the output layer must use activation softmax (the dataset has 10 classes), received "relu"']],
    ['last layer activation omitted', (d) => { delete d.layers[5].activation; },
      ['layers[5].activation: the output layer must use activation softmax (the dataset has 10 classes); omitted means linear']],
    ['last layer with 5 units', (d) => { d.layers[5].units = 5; },
      ['layers[5].units: the output layer must have 10 units, one per class (the dataset has 10 classes), received 5']],
    ['last layer not dense', (d) => { d.layers.push({ kind: 'dropout', rate: 0.2 }); },
      ['layers[6].kind: the last layer must be dense with 10 units, one per class, and activation softmax (the dataset has 10 classes), received "dropout"']],
    ['dense before flatten', (d) => { d.layers.shift(); },
      ['layers[0]: a dense layer before any flatten layer would act on each 28-pixel row of the 28×28 image separately, ' +
        'not on the whole image; put {"kind": "flatten"} before the first dense layer']],
    ['two flatten layers', (d) => { d.layers.splice(2, 0, { kind: 'flatten' }); },
      ['layers[2]: a second flatten layer; the data is already flat after layers[0]']],
    ['no layers', (d) => { d.layers = []; },
      ['layers: expected at least one layer; a model needs a flatten layer and a dense output layer with 10 units and softmax']],
    ['a layer too large for memory', (d) => { d.layers[1].units = 100000; d.layers[3].units = 100000; },
      ['layers[3].units: this layer needs 100000 × 100000 weights (111.8 GiB as float32 with gradient and optimizer state); the limit is 2 GiB']],
    ['a model too large for memory in total', (d) => {
      d.layers[1].units = 100000;
      d.layers[3].units = 1000;
      d.layers.splice(4, 0, { kind: 'dense', units: 100000 }, { kind: 'dense', units: 1000 });
    }, ['layers: the model needs 378612010 parameters (4.23 GiB as float32 with gradient and optimizer state); the limit is 2 GiB']],
    ['several problems at once', (d) => {
      d.version = 3;
      d.layers[1].units = 0;
      d.layers[3].unitz = 1;
      d.training.epochs = 1.5;
    }, [
      'version: this app reads versions 1 and 2, received 3',
      'layers[1].units: expected a positive integer, received 0',
      'layers[3].unitz: unknown key (allowed: kind, units, activation, kernel_initializer, use_bias, kernel_regularizer, kernel_constraint, trainable)',
      'training.epochs: expected an integer from 1 to 1000, received 1.5',
    ]],
    ['several semantic problems at once', (d) => { d.layers.shift(); d.layers[4].units = 20; }, [
      'layers[0]: a dense layer before any flatten layer would act on each 28-pixel row of the 28×28 image separately, ' +
        'not on the whole image; put {"kind": "flatten"} before the first dense layer',
      'layers[4].units: the output layer must have 10 units, one per class (the dataset has 10 classes), received 20',
    ]],
  ])('%s', (_label, mutate, expected) => {
    const r = parseModel(docWith(mutate));
    expect(r.ok).toBe(false);
    expect(messages(r)).toEqual(expected);
  });

  it('keeps the received value on the error', () => {
    const r = parseModel(docWith((d) => { d.layers[1].units = 0; }));
    expect(r.ok ? [] : r.errors).toEqual([{ path: 'layers[1].units', message: 'expected a positive integer', received: 0 }]);
  });

  it('never uses zod default wording', () => {
    const r = parseModel(docWith((d) => {
      d.layers = [{ kind: 'dense', units: [], activation: 3, kernel_initializer: {}, use_bias: 0 }, null, { kind: 'rrelu', lower: 'x' }];
      d.training = { optimizer: 1, epochs: {}, batch_size: null, seed: 'x' };
    }));
    const text = messages(r).join('\n');
    expect(text).not.toMatch(/Invalid input|Invalid option|Invalid discriminator|Unrecognized key/);
    expect(messages(r).length).toBeGreaterThanOrEqual(10);
  });
});

describe('parseModel never throws on hostile input', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const throwing = new Proxy({}, { get() { throw new Error('boom'); }, ownKeys() { throw new Error('boom'); } });
  const root = 'expected a model document: a JSON object with format, version, name, dataset, preprocess, layers and training';

  it.each<[string, unknown, string]>([
    ['null', null, `(root): ${root}, received null`],
    ['undefined', undefined, `(root): missing; ${root}`],
    ['an array', [1, 2, 3], `(root): ${root}, received [1,2,3]`],
    ['a string', 'model', `(root): ${root}, received "model"`],
    ['a number', 42, `(root): ${root}, received 42`],
    ['NaN learning rate', docWith((d) => { d.training.optimizer.learning_rate = NaN; }),
      'training.optimizer.learning_rate: expected a number > 0, received NaN'],
    ['Infinity epochs', docWith((d) => { d.training.epochs = Infinity; }), 'training.epochs: expected an integer from 1 to 1000, received Infinity'],
    ['a million layers', docWith((d) => { d.layers = new Array(1_000_000).fill({ kind: 'flatten' }); }),
      'layers: expected at most 1000 layers, received 1000000 layers'],
    ['1001 layers', docWith((d) => { d.layers = new Array(1001).fill({ kind: 'flatten' }); }),
      'layers: expected at most 1000 layers, received 1001 layers'],
    ['deep nesting', docWith((d) => { d.layers[1].units = deep; }),
      'layers[1].units: expected a positive integer, received [[["…"]]]'],
    ['a very long string', docWith((d) => { d.name = 'x'.repeat(1_000_000); }),
      `name: expected a non-empty string of at most 200 characters, received "${'x'.repeat(58)}…`],
    ['a very long key', docWith((d) => { d['k'.repeat(100_000)] = 1; }),
      `["${'k'.repeat(58)}…]: unknown key (allowed: format, version, name, description, dataset, classes, preprocess, layers, training, transfer)`],
    ['__proto__ key', docWith((d) => JSON.parse(JSON.stringify(d).replace('{', '{"__proto__":{"polluted":true},'))),
      '__proto__: unknown key (allowed: format, version, name, description, dataset, classes, preprocess, layers, training, transfer)'],
    ['constructor key in a layer', docWith((d) => { d.layers[0].constructor = 1; }),
      'layers[0].constructor: unknown key (allowed: kind)'],
    ['a throwing proxy', throwing, '(root): could not read the document (Error)'],
    ['a function', () => 1, `(root): ${root}, received a function`],
    ['a bigint', docWith((d) => { d.training.seed = 10n; }), 'training.seed: expected an integer from 0 to 2147483647, received 10n'],
  ])('%s', (_label, input, expected) => {
    let r: ParseResult | undefined;
    expect(() => { r = parseModel(input); }).not.toThrow();
    expect(r?.ok).toBe(false);
    expect(messages(r as ParseResult)).toContain(expected);
  });

  it('does not pollute Object.prototype', () => {
    parseModelText('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('caps the number of listed problems', () => {
    const r = parseModel(docWith((d) => { d.layers = new Array(1000).fill({ kind: 'dense', units: 0 }); }));
    const list = messages(r);
    expect(list).toHaveLength(MAX_ERRORS + 1);
    expect(list[MAX_ERRORS]).toBe('(root): 900 more problems not listed');
  });

  it('refuses a million layers quickly', () => {
    const start = Date.now();
    parseModel(docWith((d) => { d.layers = new Array(1_000_000).fill({ kind: 'conv2d' }); }));
    expect(Date.now() - start).toBeLessThan(2000);
  });
});

describe('parseModelText', () => {
  it.each<[string, string, string]>([
    ['a missing value', '{"a":}', '(root): invalid JSON at line 1, column 6: expected a value, found "}"'],
    ['a trailing comma', '{\n  "a": 1,\n}', '(root): invalid JSON at line 3, column 1: expected a double-quoted property name, found "}"'],
    ['a missing colon', '{"a" 1}', '(root): invalid JSON at line 1, column 6: expected ":" after a property name, found "1"'],
    ['a cut-off array', '[1,2', '(root): invalid JSON at line 1, column 5: unexpected end of the text'],
    ['an unterminated string', '{\n"name": "abc', '(root): invalid JSON at line 2, column 9: unterminated string'],
    ['text after the document', '{}x', '(root): invalid JSON at line 1, column 3: unexpected "x" after the end of the document'],
    ['a single quote', "{'a': 1}", '(root): invalid JSON at line 1, column 2: expected a double-quoted property name, found "\'"'],
    ['a missing comma', '[1 2]', '(root): invalid JSON at line 1, column 4: expected "," or "]", found "2"'],
    ['a raw newline in a string', '"a\nb"', '(root): invalid JSON at line 1, column 3: control character in a string (write a newline as \\n)'],
    ['NaN', '{"a": NaN}', '(root): invalid JSON at line 1, column 7: expected a value, found "N"'],
    ['an empty file', '  \n', '(root): the document is empty; expected a JSON object'],
    ['not a string', 42 as unknown as string, '(root): expected the text of a JSON document'],
  ])('%s', (_label, text, expected) => {
    const r = parseModelText(text);
    expect(messages(r)).toEqual([expected]);
  });

  it('accepts a valid document with a byte-order mark', () => {
    expect(parseModelText(`\uFEFF${JSON.stringify(validDoc())}`).ok).toBe(true);
  });

  it('survives deeply nested JSON text', () => {
    const text = `{"name": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(() => parseModelText(text)).not.toThrow();
    expect(parseModelText(text).ok).toBe(false);
  });

  it('survives deeply nested invalid JSON text', () => {
    const r = parseModelText('['.repeat(200_000));
    expect(messages(r)).toEqual(['(root): invalid JSON at line 1, column 200001: unexpected end of the text']);
  });
});

describe('parseModelText: duplicate keys', () => {
  /** The valid document as pretty-printed text, edited by plain string replacement (JSON.stringify cannot write duplicates). */
  const textWith = (...edits: [string, string][]): string => {
    let text = JSON.stringify(validDoc(), null, 2);
    for (const [from, to] of edits) {
      expect(text).toContain(from);
      text = text.replace(from, to);
    }
    return text;
  };

  it.each<[string, string, string[]]>([
    ['a key repeated in a layer', textWith(['"units": 300,', '"units": 300,\n"units": 10,']), ['layers[1]: duplicate key "units"']],
    ['a key repeated at the root', textWith(['"name": "test",', '"name": "test",\n"name": "other",']), ['(root): duplicate key "name"']],
    ['a key repeated in the optimizer', textWith(['"learning_rate": 0.001', '"learning_rate": 0.001, "learning_rate": 0.1']),
      ['training.optimizer: duplicate key "learning_rate"']],
    ['the same value twice still counts', textWith(['"epochs": 10,', '"epochs": 10, "epochs": 10,']), ['training: duplicate key "epochs"']],
    ['an escaped spelling of the same key', textWith(['"name": "test",', '"name": "test", "\\u006eame": "x",']), ['(root): duplicate key "name"']],
    ['a key three times: one error per repeat', textWith(['"kind": "flatten"', '"kind": "flatten", "kind": "flatten", "kind": "flatten"']),
      ['layers[0]: duplicate key "kind"', 'layers[0]: duplicate key "kind"']],
    ['two objects each with a repeat, in document order',
      textWith(['"alpha": 0.2', '"alpha": 0.2, "alpha": 0.3'], ['"batch_size": 32,', '"batch_size": 32, "batch_size": 64,']),
      ['layers[2]: duplicate key "alpha"', 'training: duplicate key "batch_size"']],
    ['a repeat whose last value is invalid: both problems', textWith(['"units": 100,', '"units": 100, "units": 0,']),
      ['layers[3]: duplicate key "units"', 'layers[3].units: expected a positive integer, received 0']],
    ['a repeated "__proto__" key', textWith(['{', '{"__proto__": 1, "__proto__": 2,']),
      ['(root): duplicate key "__proto__"', '__proto__: unknown key (allowed: format, version, name, description, dataset, classes, preprocess, layers, training, transfer)']],
    ['a repeat inside an unknown array of objects', textWith(['"seed": 42', '"seed": 42, "extra": [{}, {"a": 1, "a": 2}]']),
      ['training.extra[1]: duplicate key "a"', 'training.extra: unknown key (allowed: optimizer, epochs, batch_size, seed, lr_schedule, early_stopping, unfreeze)']],
    ['a repeated key that is not an identifier', textWith(['{', '{"a b": 1, "a b": 2,']),
      ['(root): duplicate key "a b"', '["a b"]: unknown key (allowed: format, version, name, description, dataset, classes, preprocess, layers, training, transfer)']],
  ])('%s', (_label, text, expected) => {
    const r = parseModelText(text);
    expect(r.ok).toBe(false);
    expect(messages(r)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['the same key in sibling objects', JSON.stringify(validDoc())],
    ['a value that spells an existing key', JSON.stringify({ ...validDoc(), description: 'name' })],
    ['keys that differ only in case', textWith(['{', '{"Name": 1, "NAME": 2,'])],
  ])('no duplicate reported for %s', (_label, text) => {
    const r = parseModelText(text);
    expect(messages(r).filter((m) => m.includes('duplicate key'))).toEqual([]);
  });

  it('reports many repeats, capped like every other problem', () => {
    const body = Array.from({ length: 300 }, (_, i) => `"x": ${i}`).join(',');
    const r = parseModelText(`{${body}}`);
    const list = messages(r);
    expect(list).toHaveLength(MAX_ERRORS + 1);
    expect(list[0]).toBe('(root): duplicate key "x"');
    expect(list[MAX_ERRORS]).toMatch(/^\(root\): \d+ more problems not listed$/);
  });
});

describe('findDuplicateKeys', () => {
  it.each<[string, string, { path: (string | number)[]; key: string; line: number; column: number }[]]>([
    ['none', '{"a": 1, "b": {"a": 2}}', []],
    ['root', '{"a": 1,\n "a": 2}', [{ path: [], key: 'a', line: 2, column: 2 }]],
    ['array index in the path', '[{"x": 1}, {"x": 1, "x": 2}]', [{ path: [1], key: 'x', line: 1, column: 21 }]],
    ['nested path', '{"l": [0, {"o": {"k": 1, "k": 2}}]}', [{ path: ['l', 1, 'o'], key: 'k', line: 1, column: 26 }]],
    ['braces and quotes inside strings are not structure', '{"s": "}{\\"a\\":[", "a": 1, "a": 2}', [{ path: [], key: 'a', line: 1, column: 28 }]],
    ['escaped key equal to a plain one', '{"ab": 1, "a\\u0062": 2}', [{ path: [], key: 'ab', line: 1, column: 11 }]],
    ['a repeat after a nested object closes', '{"a": {"b": 1}, "c": [], "a": 0}', [{ path: [], key: 'a', line: 1, column: 26 }]],
  ])('%s', (_label, text, expected) => {
    expect(JSON.parse(text)).toBeDefined(); // every case is valid JSON, as the scanner expects
    expect(findDuplicateKeys(text).map(({ path, key, line, column }) => ({ path, key, line, column }))).toEqual(expected);
  });

  it('scans a long document quickly and survives deep nesting', () => {
    const big = `[${Array.from({ length: 200_000 }, (_, i) => `{"k${i % 7}": ${i}, "v": "x"}`).join(',')}]`;
    const t0 = Date.now();
    expect(findDuplicateKeys(big)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(findDuplicateKeys(`${'['.repeat(100_000)}{"a":1,"a":2}${']'.repeat(100_000)}`)).toHaveLength(1);
  });
});
