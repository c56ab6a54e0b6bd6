import { describe, expect, it } from 'vitest';
import {
  applyLintFix,
  familyKernelStd,
  initializerFamily,
  LINT_CODES,
  LINT_MESSAGES,
  lintModel,
  parseModel,
  parseModelText,
  type LintCode,
  type LintFinding,
  type ModelSpec,
} from '../../../src-shared/model/index.js';
import { exampleIds, exampleText, validDoc } from './fixtures.js';

type Doc = Record<string, any>;
type Mutate = (d: Doc) => void;

function parse(d: Doc): ModelSpec {
  const r = parseModel(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

/** The seed's LeakyReLU net (validDoc), changed by `mutate`; must stay a valid document. */
function model(mutate: Mutate = () => {}): ModelSpec {
  const d = validDoc();
  mutate(d);
  return parse(d);
}

const dense = (units: number, activation?: string, kernel_initializer?: unknown): Doc => ({
  kind: 'dense',
  units,
  ...(activation === undefined ? {} : { activation }),
  ...(kernel_initializer === undefined ? {} : { kernel_initializer }),
});
const OUTPUT = dense(10, 'softmax');

/** A well-formed SELU net: standardized inputs, 300-100-100-100 selu/lecun_normal, softmax output. */
function seluNet(mutate: Mutate = () => {}): ModelSpec {
  return model((d) => {
    d.preprocess = 'standardize';
    d.layers = [{ kind: 'flatten' }, dense(300, 'selu', 'lecun_normal'), dense(100, 'selu', 'lecun_normal'), dense(100, 'selu', 'lecun_normal'), dense(100, 'selu', 'lecun_normal'), OUTPUT];
    mutate(d);
  });
}

/** `n` hidden dense layers of 120 units with `activation` and `init`, then the softmax output (glorot_uniform). */
function stack(n: number, activation: string, init: unknown, mutate: Mutate = () => {}): ModelSpec {
  return model((d) => {
    d.layers = [{ kind: 'flatten' }, ...Array.from({ length: n }, () => dense(120, activation, init)), OUTPUT];
    mutate(d);
  });
}

const example = (id: string): ModelSpec => {
  const r = parseModelText(exampleText(id));
  if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.errors)}`);
  return r.model;
};

const of = (code: LintCode, m: ModelSpec): LintFinding[] => lintModel(m, 'en').filter((f) => f.code === code);
const brief = (f: LintFinding) => ({ path: f.path, severity: f.severity });

/** Every model the tables below lint, so the fix test can try each of their findings. */
const linted: Array<[string, ModelSpec]> = [];
function track(label: string, m: ModelSpec): ModelSpec {
  linted.push([label, m]);
  return m;
}

describe('lintModel on the shipped examples', () => {
  const EXPECTED: Record<string, LintCode[]> = {
    'batch-norm': [],
    'bn-before': [],
    'default-dnn': [],
    'exploding-clipped': [],
    'exploding-gradients': [],
    'max-norm': [],
    'mc-dropout': [],
    nadam: [],
    regularized: [],
    'selu-1cycle': [],
    'elu-he': [],
    'he-relu': [],
    'leaky-relu': [],
    prelu: [],
    'relu-100': [],
    rrelu: [],
    'selu-100': [],
    'self-normalizing': [],
    // The stack's finding, plus the softmax output layer's own old ±0.05 default (0.23× Glorot's std).
    'sigmoid-small-uniform': ['deep-sigmoid-vanishing', 'init-activation-mismatch'],
    'sigmoid-standard-normal': ['deep-sigmoid-saturation', 'init-activation-mismatch'],
    'variance-scaling': [],
  };

  it('has an expectation for every example', () => {
    // transfer-*.json start from another run's layers; the transfer tests lint them.
    expect(Object.keys(EXPECTED).sort()).toEqual(exampleIds().filter((id) => !id.startsWith('transfer-')));
  });

  it.each(Object.entries(EXPECTED))('%s → %j', (id, codes) => {
    const findings = lintModel(track(id, example(id)), 'en');
    expect(findings.map((f) => f.code)).toEqual(codes);
    for (const f of findings.filter((x) => x.code === 'init-activation-mismatch')) expect(f.path).toBe('layers[9].kernel_initializer');
  });
});

describe('init-activation-mismatch', () => {
  it.each<[string, Mutate, Array<{ path: string; severity: string; fix: string }>]>([
    ['glorot_uniform (omitted) before relu', (d) => { d.layers.splice(1, 2, dense(300, 'relu')); },
      [{ path: 'layers[1].kernel_initializer', severity: 'info', fix: 'he_uniform' }]],
    ['he_normal before tanh', (d) => { d.layers[1].activation = 'tanh'; d.layers.splice(2, 1); },
      [{ path: 'layers[1].kernel_initializer', severity: 'info', fix: 'glorot_normal' }]],
    ['lecun_normal before relu', (d) => { d.layers[3] = dense(100, 'relu', 'lecun_normal'); d.layers.splice(4, 1); },
      [{ path: 'layers[3].kernel_initializer', severity: 'info', fix: 'he_normal' }]],
    ['glorot variance_scaling before a leaky_relu layer', (d) => {
      d.layers[1].kernel_initializer = { name: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'uniform' };
    }, [{ path: 'layers[1].kernel_initializer', severity: 'info', fix: 'he_uniform' }]],
    ['variance_scaling 10× He before relu', (d) => {
      d.layers.splice(1, 2, dense(300, 'relu', { name: 'variance_scaling', scale: 20, mode: 'fan_in', distribution: 'truncated_normal' }));
    }, [{ path: 'layers[1].kernel_initializer', severity: 'warning', fix: 'he_normal' }]],
    ['standard normal before relu', (d) => { d.layers.splice(1, 2, dense(300, 'relu', { name: 'random_normal', mean: 0, stddev: 1 })); },
      [{ path: 'layers[1].kernel_initializer', severity: 'warning', fix: 'he_normal' }]],
    ['uniform ±0.05 before relu at fan_in 300 (0.35× He)', (d) => {
      d.layers[3].kernel_initializer = { name: 'random_uniform', minval: -0.05, maxval: 0.05 };
    }, [{ path: 'layers[3].kernel_initializer', severity: 'warning', fix: 'he_uniform' }]],
    ['he_normal on the softmax output', (d) => { d.layers[5].kernel_initializer = 'he_normal'; },
      [{ path: 'layers[5].kernel_initializer', severity: 'info', fix: 'glorot_normal' }]],
    ['glorot_normal before prelu and rrelu', (d) => {
      d.layers[1].kernel_initializer = 'glorot_normal';
      d.layers[2] = { kind: 'prelu' };
      d.layers[3].kernel_initializer = 'glorot_uniform';
      d.layers[4] = { kind: 'rrelu' };
    }, [
      { path: 'layers[1].kernel_initializer', severity: 'info', fix: 'he_normal' },
      { path: 'layers[3].kernel_initializer', severity: 'info', fix: 'he_uniform' },
    ]],
    ['the activation found through batch norm and dropout', (d) => {
      d.layers[1].kernel_initializer = 'lecun_uniform';
      d.layers.splice(2, 0, { kind: 'batch_normalization' }, { kind: 'dropout', rate: 0.2 });
    }, [{ path: 'layers[1].kernel_initializer', severity: 'info', fix: 'he_uniform' }]],
    // No finding:
    ['the seed LeakyReLU net', () => {}, []],
    ['He variance_scaling before relu', (d) => {
      d.layers.splice(1, 2, dense(300, 'relu', { name: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'untruncated_normal' }));
    }, []],
    ["the seed's variance_scaling(2, fan_avg) before relu (1.3× He)", (d) => {
      d.layers.splice(1, 2, dense(300, 'relu', { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' }));
    }, []],
    ['random_normal near He before relu', (d) => { d.layers.splice(1, 2, dense(300, 'relu', { name: 'random_normal', mean: 0, stddev: 0.05 })); }, []],
    ['uniform ±0.05 before relu at fan_in 784 (0.57× He)', (d) => {
      d.layers[1].kernel_initializer = { name: 'random_uniform', minval: -0.05, maxval: 0.05 };
    }, []],
    ['a linear dense layer with glorot', (d) => { d.layers.splice(3, 0, dense(50)); }, []],
    ['SELU layers (their own code)', (d) => { d.layers.splice(1, 2, dense(300, 'selu', 'he_normal')); }, []],
  ])('%s', (_label, mutate, expected) => {
    const found = of('init-activation-mismatch', track(_label, model(mutate)));
    expect(found.map((f) => ({ ...brief(f), fix: f.action[0]?.value }))).toEqual(expected);
    for (const f of found) expect(f.action).toHaveLength(1);
  });
});

describe('selu-inputs-not-standardized', () => {
  it.each<[string, ModelSpec, string[]]>([
    ['a SELU net on scaled pixels', seluNet((d) => { d.preprocess = 'scale'; }), ['preprocess']],
    ['SELU through an activation layer', seluNet((d) => {
      d.preprocess = 'scale';
      d.layers.splice(1, 4, dense(300), { kind: 'activation', activation: 'selu' }, dense(100, 'relu', 'he_normal'));
    }), ['preprocess']],
    ['the seed SELU net (standardized)', seluNet(), []],
    ['a ReLU net on scaled pixels', model(), []],
    ['a standardized SELU net with batch norm', seluNet((d) => {
      d.layers.splice(2, 0, { kind: 'batch_normalization' });
    }), []],
  ])('%s', (label, m, paths) => {
    const found = of('selu-inputs-not-standardized', track(label, m));
    expect(found.map((f) => f.path)).toEqual(paths);
    for (const f of found) expect(f.action).toEqual([{ path: ['preprocess'], value: 'standardize' }]);
  });
});

describe('selu-init-not-lecun', () => {
  it.each<[string, ModelSpec, Array<{ path: string; severity: string }>]>([
    ['he_normal in one layer', seluNet((d) => { d.layers[3].kernel_initializer = 'he_normal'; }),
      [{ path: 'layers[3].kernel_initializer', severity: 'warning' }]],
    // 784 → 300: Glorot's std is 1.2× LeCun's; 100 → 100: fan_avg = fan_in, the same std.
    ['omitted (glorot_uniform) in two layers', seluNet((d) => { delete d.layers[1].kernel_initializer; delete d.layers[4].kernel_initializer; }), [
      { path: 'layers[1].kernel_initializer', severity: 'warning' },
      { path: 'layers[4].kernel_initializer', severity: 'info' },
    ]],
    ['lecun_uniform (LeCun std, not the recipe)', seluNet((d) => { d.layers[2].kernel_initializer = 'lecun_uniform'; }),
      [{ path: 'layers[2].kernel_initializer', severity: 'info' }]],
    ['variance_scaling equal to LeCun', seluNet((d) => {
      d.layers[2].kernel_initializer = { name: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'truncated_normal' };
    }), [{ path: 'layers[2].kernel_initializer', severity: 'info' }]],
    ['dense + activation(selu) with he_normal', seluNet((d) => {
      d.layers.splice(2, 1, dense(100, undefined, 'he_normal'), { kind: 'activation', activation: 'selu' });
    }), [{ path: 'layers[2].kernel_initializer', severity: 'warning' }]],
    ['the seed SELU net', seluNet(), []],
    ['the softmax output is not a SELU layer', seluNet((d) => { d.layers[5].kernel_initializer = 'glorot_normal'; }), []],
  ])('%s', (label, m, expected) => {
    const found = of('selu-init-not-lecun', track(label, m));
    expect(found.map(brief)).toEqual(expected);
    for (const f of found) {
      expect(f.action).toEqual([{ path: ['layers', Number(/\d+/.exec(f.path)?.[0]), 'kernel_initializer'], value: 'lecun_normal' }]);
    }
  });

  it('leaves SELU layers to this code, not init-activation-mismatch', () => {
    const m = seluNet((d) => { d.layers[3].kernel_initializer = { name: 'random_normal', mean: 0, stddev: 1 }; });
    expect(lintModel(m, 'en').map((f) => f.code)).toEqual(['selu-init-not-lecun']);
  });
});

describe('selu-not-sequential', () => {
  it.each<[string, ModelSpec, Array<{ path: string; removes: number; seluAt?: number }>]>([
    ['batch norm between SELU layers', seluNet((d) => { d.layers.splice(2, 0, { kind: 'batch_normalization' }); }),
      [{ path: 'layers[2]', removes: 2 }]],
    ['batch norm right after the input and between', seluNet((d) => {
      d.layers.splice(3, 0, { kind: 'batch_normalization' });
      d.layers.splice(1, 0, { kind: 'batch_normalization' });
    }), [{ path: 'layers[1]', removes: 1 }, { path: 'layers[4]', removes: 4 }]],
    ['an elu layer after a linear dense layer', seluNet((d) => { d.layers.splice(2, 1, dense(100, undefined, 'lecun_normal'), { kind: 'elu' }); }),
      [{ path: 'layers[3]', removes: 3, seluAt: 2 }]],
    ['a leaky_relu layer after a SELU layer', seluNet((d) => { d.layers.splice(3, 0, { kind: 'leaky_relu' }); }),
      [{ path: 'layers[3]', removes: 3 }]],
    ['the seed SELU net', seluNet(), []],
    ['activation(selu) layers and alpha dropout', seluNet((d) => {
      d.layers.splice(2, 1, dense(100, undefined, 'lecun_normal'), { kind: 'activation', activation: 'selu' }, { kind: 'alpha_dropout', rate: 0.1 });
    }), []],
    ['batch norm in a network without SELU', example('batch-norm'), []],
  ])('%s', (label, m, expected) => {
    const found = of('selu-not-sequential', track(label, m));
    expect(found.map((f) => f.path)).toEqual(expected.map((e) => e.path));
    found.forEach((f, n) => {
      const e = expected[n]!;
      const want = m.layers.filter((_, k) => k !== e.removes).map((l, k) => (k === e.seluAt ? { ...l, activation: 'selu' } : l));
      expect(f.action).toEqual([{ path: ['layers'], value: want }]);
      expect(f.message).toContain(`Layer ${e.removes} (`);
    });
  });
});

describe('selu-dropout-not-alpha', () => {
  it.each<[string, ModelSpec, string[]]>([
    ['dropout after a SELU layer', seluNet((d) => { d.layers.splice(2, 0, { kind: 'dropout', rate: 0.2 }); }), ['layers[2].kind']],
    ['two dropouts', seluNet((d) => {
      d.layers.splice(4, 0, { kind: 'dropout', rate: 0.1 });
      d.layers.splice(2, 0, { kind: 'dropout', rate: 0.3 });
    }), ['layers[2].kind', 'layers[5].kind']],
    ['alpha dropout', seluNet((d) => { d.layers.splice(2, 0, { kind: 'alpha_dropout', rate: 0.2 }); }), []],
    ['dropout in a ReLU net', model((d) => { d.layers.splice(3, 0, { kind: 'dropout', rate: 0.2 }); }), []],
  ])('%s', (label, m, paths) => {
    const found = of('selu-dropout-not-alpha', track(label, m));
    expect(found.map((f) => f.path)).toEqual(paths);
    for (const f of found) {
      const at = Number(/\d+/.exec(f.path)?.[0]);
      expect(f.action).toEqual([{ path: ['layers', at, 'kind'], value: 'alpha_dropout' }]);
      const rate = (m.layers[at] as { rate: number }).rate;
      expect(f.message).toContain(`rate ${rate}`);
      expect(applyLintFix(m, f.action).layers[at]).toEqual({ kind: 'alpha_dropout', rate });
    }
  });
});

describe('deep-sigmoid-vanishing and deep-sigmoid-saturation', () => {
  const vs = (scale: number) => ({ name: 'variance_scaling', scale, mode: 'fan_avg', distribution: 'truncated_normal' });
  it.each<[string, ModelSpec, LintCode | null]>([
    ['8 sigmoid, glorot_normal (~8e-5 first/last)', stack(8, 'sigmoid', 'glorot_normal'), 'deep-sigmoid-vanishing'],
    ['5 sigmoid, glorot_uniform by default', stack(5, 'sigmoid', undefined), 'deep-sigmoid-vanishing'],
    ['8 tanh, standard normal', stack(8, 'tanh', { name: 'random_normal', mean: 0, stddev: 1 }), 'deep-sigmoid-saturation'],
    ['6 sigmoid at exactly 2× Glorot', stack(6, 'sigmoid', vs(4)), 'deep-sigmoid-saturation'],
    ['6 sigmoid at 1.5× Glorot (nearer 2×)', stack(6, 'sigmoid', vs(2.25)), 'deep-sigmoid-saturation'],
    ['6 sigmoid at 1.3× Glorot (nearer 1×)', stack(6, 'sigmoid', vs(1.69)), 'deep-sigmoid-vanishing'],
    ['sigmoid through activation layers', stack(6, 'linear', 'glorot_normal', (d) => {
      d.layers = d.layers.flatMap((l: Doc) => (l.kind === 'dense' && l.units === 120 ? [l, { kind: 'activation', activation: 'sigmoid' }] : [l]));
    }), 'deep-sigmoid-vanishing'],
    ['mixed sigmoid and tanh', stack(6, 'sigmoid', 'glorot_normal', (d) => { d.layers[2].activation = 'tanh'; }), 'deep-sigmoid-vanishing'],
    // No finding:
    ['4 sigmoid layers are not deep', stack(4, 'sigmoid', { name: 'random_normal', mean: 0, stddev: 1 }), null],
    ['8 sigmoid with batch norm after each', stack(8, 'sigmoid', 'glorot_normal', (d) => {
      d.layers = d.layers.flatMap((l: Doc) => (l.kind === 'dense' && l.units === 120 ? [l, { kind: 'batch_normalization' }] : [l]));
    }), null],
    ['8 ELU he_normal (elu-he)', stack(8, 'elu', 'he_normal'), null],
    ['4 sigmoid and 4 relu', stack(8, 'sigmoid', 'glorot_normal', (d) => {
      for (const i of [1, 3, 5, 7]) d.layers[i] = dense(120, 'relu', 'he_normal');
    }), null],
  ])('%s', (label, m, code) => {
    const found = lintModel(track(label, m), 'en').filter((f) => f.code.startsWith('deep-sigmoid'));
    expect(found.map((f) => f.code)).toEqual(code === null ? [] : [code]);
    for (const f of found) {
      expect(f.path).toBe('layers');
      const fixed = applyLintFix(m, f.action);
      const hidden = fixed.layers.slice(0, -1).filter((l) => l.kind === 'dense');
      expect(hidden.every((l) => l.kind === 'dense' && l.kernel_initializer === 'he_normal')).toBe(true);
      expect(fixed.layers.some((l) => ('activation' in l && (l.activation === 'sigmoid' || l.activation === 'tanh')))).toBe(false);
    }
  });

  it('covers its layers instead of one init-activation-mismatch per layer', () => {
    const codes = lintModel(stack(8, 'sigmoid', { name: 'random_normal', mean: 0, stddev: 1 }), 'en').map((f) => f.code);
    expect(codes).toEqual(['deep-sigmoid-saturation']);
  });

  it("names the layers and the weights' ratio to Glorot's std", () => {
    const [vanish] = lintModel(example('sigmoid-small-uniform'), 'en');
    expect(vanish?.message).toContain('8 hidden sigmoid layers (layers 1–8)');
    expect(vanish?.message).toContain('0.32–0.61×');
    const [saturate] = lintModel(example('sigmoid-standard-normal'), 'ko');
    expect(saturate?.message).toContain('1–8번 층');
    expect(saturate?.message).toContain('11–21배');
  });
});

describe('bias-before-batch-norm', () => {
  const bn = { kind: 'batch_normalization' };
  it.each<[string, Mutate, Array<{ path: string; severity: string }>]>([
    ['linear dense → BN → activation (the book’s BN-before-activation, bias kept)', (d) => {
      d.layers = [{ kind: 'flatten' }, dense(300, undefined, 'he_normal'), bn, { kind: 'activation', activation: 'elu' }, OUTPUT];
    }, [{ path: 'layers[1].use_bias', severity: 'info' }]],
    ['two such layers', (d) => {
      d.layers = [{ kind: 'flatten' }, dense(300, undefined, 'he_normal'), bn, { kind: 'elu' }, dense(100, 'linear', 'he_normal'), bn, { kind: 'elu' }, OUTPUT];
    }, [{ path: 'layers[1].use_bias', severity: 'info' }, { path: 'layers[4].use_bias', severity: 'info' }]],
    ['use_bias false already', (d) => {
      d.layers = [{ kind: 'flatten' }, { ...dense(300, undefined, 'he_normal'), use_bias: false }, bn, { kind: 'elu' }, OUTPUT];
    }, []],
    ['dense with its own activation before BN (BN after the activation)', (d) => {
      d.layers = [{ kind: 'flatten' }, dense(300, 'elu', 'he_normal'), bn, OUTPUT];
    }, []],
    ['BN not right after the dense layer', (d) => {
      d.layers = [{ kind: 'flatten' }, dense(300, undefined, 'he_normal'), { kind: 'elu' }, bn, OUTPUT];
    }, []],
  ])('%s', (label, mutate, expected) => {
    const m = track(`bias-before-batch-norm: ${label}`, model(mutate));
    expect(of('bias-before-batch-norm', m).map(brief)).toEqual(expected);
  });

  it('says why, in both languages, and its fix removes the finding and 300 parameters', () => {
    const m = model((d) => {
      d.layers = [{ kind: 'flatten' }, dense(300, undefined, 'he_normal'), bn, { kind: 'activation', activation: 'elu' }, OUTPUT];
    });
    const [en] = of('bias-before-batch-norm', m);
    const [ko] = lintModel(m, 'ko').filter((f) => f.code === 'bias-before-batch-norm');
    expect(en?.message).toBe(
      "Layer 1 (dense, 300 units) keeps its bias, but batch normalization follows it (layer 2): the BN layer's beta makes the bias redundant, so use_bias false saves 300 parameters.",
    );
    expect(en?.fix).toBe("Set layer 1's use_bias to false.");
    expect(ko?.message).toBe(
      '1번 층(dense, 유닛 300개)에 편향이 있는데 바로 뒤에 배치 정규화(2번 층)가 옵니다. BN 층의 beta가 편향과 같은 일을 하므로 편향은 쓸모가 없습니다. use_bias를 false로 하면 파라미터 300개가 줄어듭니다.',
    );
    expect(ko?.fix).toBe('1번 층의 use_bias를 false로 바꾸세요.');
    const fixed = parse(applyLintFix(m, en?.action ?? []) as unknown as Doc);
    expect(fixed.layers[1]).toEqual({ kind: 'dense', units: 300, kernel_initializer: 'he_normal', use_bias: false });
    expect(of('bias-before-batch-norm', fixed)).toEqual([]);
  });
});

describe('initializer families', () => {
  it.each<[unknown, string | null]>([
    ['glorot_uniform', 'glorot'],
    ['glorot_normal', 'glorot'],
    ['he_uniform', 'he'],
    ['lecun_normal', 'lecun'],
    [{ name: 'variance_scaling', scale: 2, mode: 'fan_in', distribution: 'uniform' }, 'he'],
    [{ name: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'untruncated_normal' }, 'lecun'],
    [{ name: 'variance_scaling', scale: 1, mode: 'fan_avg', distribution: 'truncated_normal' }, 'glorot'],
    [{ name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' }, null],
    [{ name: 'variance_scaling', scale: 1, mode: 'fan_out', distribution: 'uniform' }, null],
    [{ name: 'random_normal', mean: 0, stddev: 0.05 }, null],
  ])('%j → %s', (init, family) => {
    expect(initializerFamily(init as never)).toBe(family);
  });

  it('gives the chapter formulas for the recommended std', () => {
    expect(familyKernelStd('he', 784, 300)).toBeCloseTo(Math.sqrt(2 / 784), 12);
    expect(familyKernelStd('lecun', 784, 300)).toBeCloseTo(Math.sqrt(1 / 784), 12);
    expect(familyKernelStd('glorot', 784, 300)).toBeCloseTo(Math.sqrt(1 / 542), 12);
  });
});

describe('fixes', () => {
  // Runs after the tables above have filled `linted`.
  it('makes each finding go away, leaving a valid document', () => {
    let tried = 0;
    for (const [label, m] of linted) {
      for (const f of lintModel(m, 'en')) {
        tried++;
        const fixed = applyLintFix(m, f.action);
        const r = parseModel(JSON.parse(JSON.stringify(fixed)));
        expect(r.ok, `${label}: ${f.code} gives an invalid document`).toBe(true);
        const after = lintModel(fixed, 'en').filter((g) => g.code === f.code);
        const removesLayer = f.action.some((e) => e.path.length === 1 && e.path[0] === 'layers');
        if (removesLayer) {
          // Removing a layer shifts the ones after it, so count instead of matching paths.
          expect(after.length, `${label}: ${f.code} at ${f.path}`).toBe(of(f.code, m).length - 1);
        } else {
          expect(after.map((g) => g.path), `${label}: ${f.code} at ${f.path}`).not.toContain(f.path);
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(40);
  });

  it('applied one at a time, clean up every example and table model', () => {
    for (const [label, start] of linted) {
      let m = start;
      for (let step = 0; step < 30; step++) {
        const [first] = lintModel(m, 'en');
        if (first === undefined) break;
        m = applyLintFix(m, first.action);
      }
      expect(lintModel(m, 'en'), label).toEqual([]);
    }
  });

  it('returns a new document and leaves the model and the fix untouched', () => {
    const m = seluNet((d) => { d.preprocess = 'scale'; d.layers.splice(2, 0, { kind: 'batch_normalization' }); });
    const before = JSON.stringify(m);
    const findings = lintModel(m, 'en');
    const actions = JSON.stringify(findings.map((f) => f.action));
    for (const f of findings) {
      const fixed = applyLintFix(m, f.action);
      expect(fixed).not.toBe(m);
      (fixed.layers[0] as Doc).mutated = true;
    }
    expect(JSON.stringify(m)).toBe(before);
    expect(JSON.stringify(findings.map((f) => f.action))).toBe(actions);
  });

  it('sets a key the document omits (kernel_initializer defaulted)', () => {
    const m = model((d) => { d.layers.splice(1, 2, dense(300, 'relu')); });
    expect(applyLintFix(m, [{ path: ['layers', 1, 'kernel_initializer'], value: 'he_uniform' }]).layers[1]).toEqual(dense(300, 'relu', 'he_uniform'));
  });

  it.each<[string, Array<string | number>]>([
    ['an index past the end (a stale fix)', ['layers', 99, 'kernel_initializer']],
    ['a key into an array', ['layers', 'x']],
    ['a missing object on the way', ['training', 'schedule', 'x']],
    ['into a string', ['name', 'x']],
    ['the prototype', ['__proto__', 'polluted']],
    ['an empty path', []],
  ])('refuses %s', (_label, path) => {
    expect(() => applyLintFix(model(), [{ path, value: 1 }])).toThrow(/applyLintFix/);
    expect(({} as Doc).polluted).toBeUndefined();
  });
});

describe('messages', () => {
  it('lists every code once', () => {
    expect(new Set(LINT_CODES).size).toBe(8);
    const seen = new Set(linted.flatMap(([, m]) => lintModel(m, 'en').map((f) => f.code)));
    expect([...seen].sort()).toEqual([...LINT_CODES].sort());
  });

  it('has the same sentences, with the same placeholders, in Korean and English', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    expect(Object.keys(LINT_MESSAGES.ko).sort()).toEqual(Object.keys(LINT_MESSAGES.en).sort());
    for (const [key, en] of Object.entries(LINT_MESSAGES.en)) {
      expect(holes(LINT_MESSAGES.ko[key as keyof typeof LINT_MESSAGES.en]), key).toEqual(holes(en));
    }
  });

  it('fills every placeholder and differs only in language', () => {
    for (const [label, m] of linted) {
      const en = lintModel(m, 'en');
      const ko = lintModel(m, 'ko');
      expect(ko.map(({ code, path, severity, action }) => ({ code, path, severity, action })), label).toEqual(
        en.map(({ code, path, severity, action }) => ({ code, path, severity, action })),
      );
      for (const f of [...en, ...ko]) {
        expect(`${f.message} ${f.fix}`, `${label}: ${f.code}`).not.toMatch(/\{\w+\}|undefined|NaN/);
      }
      for (const f of ko) expect(`${f.message} ${f.fix}`).toMatch(/[가-힣]/);
    }
  });

  it('names the layer and the values', () => {
    const m = model((d) => { d.layers.splice(1, 2, dense(300, 'relu', { name: 'random_normal', mean: 0, stddev: 1 })); });
    const [en] = lintModel(m, 'en');
    const [ko] = lintModel(m, 'ko');
    expect(en?.message).toBe(
      'Layer 1 (dense, 300 units) starts from random_normal(mean=0, stddev=1) with std 1, but its output goes through relu, which calls for He initialization (std 0.0505).',
    );
    expect(en?.fix).toBe("Set layer 1's kernel_initializer to he_normal.");
    expect(ko?.message).toBe(
      '1번 층(dense, 유닛 300개)의 가중치는 random_normal(mean=0, stddev=1) 초기화로 표준편차가 1입니다. 그런데 출력이 relu을(를) 거치므로 He 초기화(표준편차 0.0505)가 맞습니다.',
    );
    expect(ko?.fix).toBe('1번 층의 kernel_initializer를 he_normal(으)로 바꾸세요.');
  });
});
