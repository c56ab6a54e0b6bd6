import { formatPath } from './errors.js';
import type { NamedInitializerId } from './ids.js';
import { expectedKernelStd, NAMED_INITIALIZERS } from './initializers.js';
import { lintMessage, type LintLanguage, type LintMessageKey, type LintMessageParams } from './lint-messages.js';
import { assertNever, type DenseLayer, type KernelInitializer, type LayerSpec, type ModelSpec } from './spec.js';
import { summarizeModel, type DenseSummary, type LayerSummary, type ResolvedActivation } from './summary.js';

/*
 * The pairing lint: chapter 11's rules about which initializer goes with which activation,
 * what SELU needs to self-normalize, and how deep sigmoid/tanh stacks fail. It reads the
 * model through summarizeModel, so "which activation does this dense layer's output go
 * through" and "what std do its weights start with" are answered by the same code as the
 * summary and the engine's diagnostics.
 */

/** Every finding code, in the order findings of one layer are listed. */
export const LINT_CODES = [
  'selu-inputs-not-standardized',
  'deep-sigmoid-vanishing',
  'deep-sigmoid-saturation',
  'init-activation-mismatch',
  'selu-init-not-lecun',
  'selu-not-sequential',
  'selu-dropout-not-alpha',
  'bias-before-batch-norm',
] as const;
/** A finding code, e.g. `'init-activation-mismatch'`. */
export type LintCode = (typeof LINT_CODES)[number];

/** `warning`: training will suffer; `info`: off the book's pairing, but the weights' scale is close to the recommended one. */
export type LintSeverity = 'warning' | 'info';

/** One step into the document: an object key or an array index, e.g. `['layers', 3, 'kernel_initializer']`. */
export type LintPathSegment = string | number;

/** Set the value at `path` (the key may be absent, e.g. an omitted `kernel_initializer`): `{path: ['preprocess'], value: 'standardize'}`. */
export interface LintEdit {
  path: LintPathSegment[];
  value: unknown;
}

/**
 * A machine-applicable fix: sets applied in order by {@link applyLintFix}. Removing a layer sets
 * `['layers']` to the whole new array, so every fix is a plain list of sets an editor can undo by
 * restoring the old values. Fixes are computed against the document they were found in: re-lint
 * after applying one.
 */
export type LintFix = LintEdit[];

/** One finding: `{code: 'selu-init-not-lecun', path: 'layers[3].kernel_initializer', message, fix, severity: 'warning', action: [...]}`. */
export interface LintFinding {
  code: LintCode;
  /** Where in the document, as the validator writes paths: `'layers[3].kernel_initializer'`, `'preprocess'`, `'layers'`. */
  path: string;
  /** What is wrong, one or two sentences in the requested language, naming the layer and the values. */
  message: string;
  /** What `action` does, one sentence in the requested language. */
  fix: string;
  severity: LintSeverity;
  action: LintFix;
}

/** The three initialization strategies of the chapter (Keras prefixes). */
export type InitFamily = 'glorot' | 'he' | 'lecun';

/** Chapter 11's pairing: Glorot for none/tanh/logistic/softmax, He for ReLU and its variants, LeCun for SELU. */
export const RECOMMENDED_INIT_FAMILY: Record<ResolvedActivation, InitFamily> = {
  linear: 'glorot',
  sigmoid: 'glorot',
  tanh: 'glorot',
  softmax: 'glorot',
  relu: 'he',
  leaky_relu: 'he',
  elu: 'he',
  prelu: 'he',
  rrelu: 'he',
  selu: 'lecun',
};

/** Families by their Keras definition; `variance_scaling` objects with the same scale and mode belong to them too. */
const FAMILY_NORMAL: Record<InitFamily, NamedInitializerId> = { glorot: 'glorot_normal', he: 'he_normal', lecun: 'lecun_normal' };
const FAMILY_UNIFORM: Record<InitFamily, NamedInitializerId> = { glorot: 'glorot_uniform', he: 'he_uniform', lecun: 'lecun_uniform' };
const FAMILY_LABEL: Record<InitFamily, string> = { glorot: 'Glorot', he: 'He', lecun: 'LeCun' };

/** Off by more than this factor either way, a kernel's std counts as a mismatch (random_* and odd variance_scaling). */
const STD_TOLERANCE = 2;
/** "Deep": more hidden sigmoid/tanh dense layers than this. The chapter's 8-layer stacks fail; 2 or 3 train. */
const DEEP_SIGMOID_MIN_LAYERS = 5;
/**
 * Stacks at 2× Glorot's std or more saturate (the standard-normal face, 55–78% saturated per
 * layer), at 1× or less vanish; √2, the midpoint of the two on a log scale, splits the ones between.
 */
const SATURATION_RATIO = Math.SQRT2;

/** The family of an initializer by Keras' definition, or `null` when it is none of them (random_*, other scale/mode). */
export function initializerFamily(init: KernelInitializer): InitFamily | null {
  if (typeof init !== 'string' && init.name !== 'variance_scaling') return null;
  const { scale, mode } = typeof init === 'string' ? NAMED_INITIALIZERS[init] : init;
  for (const family of Object.keys(FAMILY_NORMAL) as InitFamily[]) {
    const p = NAMED_INITIALIZERS[FAMILY_NORMAL[family]];
    if (p.scale === scale && p.mode === mode) return family;
  }
  return null;
}

/** The std a family gives a kernel with these fans, e.g. `('he', 784, 300)` → sqrt(2/784) ≈ 0.0505. */
export function familyKernelStd(family: InitFamily, fanIn: number, fanOut: number): number {
  return expectedKernelStd(FAMILY_NORMAL[family], fanIn, fanOut);
}

/**
 * Chapter 11's checks on a (schema-valid) model, in document order. Example: the seed's SELU net
 * with `preprocess: 'scale'` → `[{code: 'selu-inputs-not-standardized', path: 'preprocess', …}]`;
 * every shipped example except the two failing sigmoid stacks → `[]`.
 */
export function lintModel(model: ModelSpec, lang: LintLanguage): LintFinding[] {
  const summary = summarizeModel(model);
  const dense = summary.layers.flatMap((row) => (row.dense ? [{ index: row.index, d: row.dense }] : []));
  const out: Anchored[] = [];
  const say = (key: LintMessageKey, params: LintMessageParams): string => lintMessage(lang, key, params);

  const deep = deepSigmoid(model.layers, dense, say);
  if (deep) out.push(deep.finding);
  const covered = new Set(deep?.layers ?? []);

  const seluDense = dense.filter((x) => x.d.resolvedActivation === 'selu');
  if (seluDense.length > 0) out.push(...seluFindings(model, summary.layers, seluDense, say));

  for (const { index, d } of dense) {
    if (d.resolvedActivation === 'selu' || covered.has(index)) continue;
    const finding = initMismatch(index, d, say);
    if (finding) out.push(finding);
  }

  out.push(...biasBeforeBatchNorm(model.layers, dense, say));

  // Stable sort: network-wide findings first, then by layer, then in LINT_CODES order.
  return out
    .sort((a, b) => a.anchor - b.anchor || LINT_CODES.indexOf(a.finding.code) - LINT_CODES.indexOf(b.finding.code))
    .map((a) => a.finding);
}

/**
 * The document with `action`'s sets applied, as a new object (`model` is not touched). Example:
 * `applyLintFix(m, [{path: ['layers', 3, 'kernel_initializer'], value: 'lecun_normal'}])`.
 * Throws when a path does not lead into the document (a stale fix); the result is not re-validated.
 */
export function applyLintFix(model: ModelSpec, action: readonly LintEdit[]): ModelSpec {
  const doc = cloneJson(model) as unknown;
  for (const edit of action) setAt(doc, edit.path, cloneJson(edit.value));
  return doc as ModelSpec;
}

interface Anchored {
  /** Layer index the finding belongs to (-1 for the whole network), for ordering. */
  anchor: number;
  finding: LintFinding;
}

type Say = (key: LintMessageKey, params: LintMessageParams) => string;
type DenseRow = { index: number; d: DenseSummary };

function initMismatch(index: number, d: DenseSummary, say: Say): Anchored | null {
  const family = RECOMMENDED_INIT_FAMILY[d.resolvedActivation];
  const recommendedStd = familyKernelStd(family, d.fanIn, d.fanOut);
  const ratio = d.expectedKernelStd / recommendedStd;
  const offScale = ratio > STD_TOLERANCE || ratio < 1 / STD_TOLERANCE;
  const own = initializerFamily(d.kernelInitializer);
  // Named and variance-scaling initializers are judged by family (the book's rule); the rest by their scale.
  if (own !== null ? own === family : !offScale) return null;
  const fixInit = (isUniform(d.kernelInitializer) ? FAMILY_UNIFORM : FAMILY_NORMAL)[family];
  const params = {
    layer: index,
    units: d.units,
    init: d.initializerLabel,
    std: num(d.expectedKernelStd),
    activation: d.resolvedActivation,
    family: FAMILY_LABEL[family],
    recommended_std: num(recommendedStd),
    fix_init: fixInit,
  };
  return {
    anchor: index,
    finding: {
      code: 'init-activation-mismatch',
      path: formatPath(['layers', index, 'kernel_initializer']),
      message: say('init-activation-mismatch.message', params),
      fix: say('init-activation-mismatch.fix', params),
      severity: offScale ? 'warning' : 'info',
      action: [{ path: ['layers', index, 'kernel_initializer'], value: fixInit }],
    },
  };
}

function seluFindings(model: ModelSpec, rows: readonly LayerSummary[], seluDense: readonly DenseRow[], say: Say): Anchored[] {
  const out: Anchored[] = [];
  const first = seluDense[0] as DenseRow;
  if (model.preprocess !== 'standardize') {
    const params = { layer: first.index, preprocess: model.preprocess };
    out.push({
      anchor: -1,
      finding: {
        code: 'selu-inputs-not-standardized',
        path: 'preprocess',
        message: say('selu-inputs-not-standardized.message', params),
        fix: say('selu-inputs-not-standardized.fix', params),
        severity: 'warning',
        action: [{ path: ['preprocess'], value: 'standardize' }],
      },
    });
  }

  for (const { index, d } of seluDense) {
    if (d.kernelInitializer === 'lecun_normal') continue;
    const params = { layer: index, init: d.initializerLabel };
    // lecun_uniform and variance_scaling(1, fan_in) start at LeCun's std: off the recipe, not off the scale.
    const sameStd = Math.abs(d.expectedKernelStd / familyKernelStd('lecun', d.fanIn, d.fanOut) - 1) < 0.01;
    out.push({
      anchor: index,
      finding: {
        code: 'selu-init-not-lecun',
        path: formatPath(['layers', index, 'kernel_initializer']),
        message: say('selu-init-not-lecun.message', params),
        fix: say('selu-init-not-lecun.fix', params),
        severity: sameStd ? 'info' : 'warning',
        action: [{ path: ['layers', index, 'kernel_initializer'], value: 'lecun_normal' }],
      },
    });
  }

  model.layers.forEach((layer, j) => {
    if (layer.kind === 'dropout') {
      const params = { layer: j, rate: layer.rate };
      out.push({
        anchor: j,
        finding: {
          code: 'selu-dropout-not-alpha',
          path: formatPath(['layers', j, 'kind']),
          message: say('selu-dropout-not-alpha.message', params),
          fix: say('selu-dropout-not-alpha.fix', params),
          severity: 'warning',
          action: [{ path: ['layers', j, 'kind'], value: 'alpha_dropout' }],
        },
      });
      return;
    }
    if (!breaksSeluSequence(layer)) return;
    // Removing the activation layer of a linear dense layer would leave that layer linear: give it selu instead.
    const owner = rows.find((r) => r.dense !== undefined && r.dense.activationIndex === j && r.index !== j);
    const layers: LayerSpec[] = model.layers.filter((_, k) => k !== j);
    if (owner) layers[owner.index] = { ...(layers[owner.index] as DenseLayer), activation: 'selu' };
    const params = { layer: j, kind: layer.kind, dense: owner?.index ?? -1 };
    out.push({
      anchor: j,
      finding: {
        code: 'selu-not-sequential',
        path: formatPath(['layers', j]),
        message: say('selu-not-sequential.message', params),
        fix: say(owner ? 'selu-not-sequential.fix_activation' : 'selu-not-sequential.fix', params),
        severity: 'warning',
        action: [{ path: ['layers'], value: layers }],
      },
    });
  });
  return out;
}

/**
 * A linear dense layer with a bias right before batch normalization (the "BN before the
 * activation" pattern): BN subtracts the batch mean, which cancels the bias, and adds its own
 * learned offset beta, so the bias is dead weight. The book: `use_bias=False`. A dense layer
 * with its own nonlinearity keeps its bias (it acts before that nonlinearity).
 */
function biasBeforeBatchNorm(layers: readonly LayerSpec[], dense: readonly DenseRow[], say: Say): Anchored[] {
  return dense.flatMap(({ index, d }) => {
    const next = layers[index + 1];
    if (!d.useBias || d.activation !== 'linear' || next?.kind !== 'batch_normalization') return [];
    const params = { layer: index, units: d.units, bn: index + 1 };
    return [
      {
        anchor: index,
        finding: {
          code: 'bias-before-batch-norm' as const,
          path: formatPath(['layers', index, 'use_bias']),
          message: say('bias-before-batch-norm.message', params),
          fix: say('bias-before-batch-norm.fix', params),
          severity: 'info' as const,
          action: [{ path: ['layers', index, 'use_bias'], value: false }],
        },
      },
    ];
  });
}

/** Layers a self-normalizing stack cannot contain: anything but flatten, dense, activation and (alpha) dropout. */
function breaksSeluSequence(layer: LayerSpec): boolean {
  switch (layer.kind) {
    case 'batch_normalization':
    case 'leaky_relu':
    case 'prelu':
    case 'rrelu':
    case 'elu':
      return true;
    case 'flatten':
    case 'dense':
    case 'activation':
    case 'alpha_dropout':
    case 'dropout': // its own code: selu-dropout-not-alpha
      return false;
    default:
      return assertNever(layer);
  }
}

/**
 * More than 4 hidden dense layers whose outputs go through sigmoid or tanh, with no batch norm
 * after them (batch norm re-centres the signal, the chapter's remedy for both failures). The
 * weights' std relative to Glorot's decides which failure: at or below Glorot's scale the
 * gradients vanish (glorot_normal still measures ~8e-5 first/last at 8 layers), at 2× or more the
 * units saturate; in between, the nearer of the two on a log scale. The ratio is the geometric
 * mean over the stack's layers, since their factors multiply along the backward pass.
 */
function deepSigmoid(layers: readonly LayerSpec[], dense: readonly DenseRow[], say: Say): { finding: Anchored; layers: number[] } | null {
  const hidden = dense.slice(0, -1);
  const stack = hidden.filter((row, n) => {
    if (row.d.resolvedActivation !== 'sigmoid' && row.d.resolvedActivation !== 'tanh') return false;
    const next = hidden[n + 1]?.index ?? dense[dense.length - 1]?.index ?? layers.length;
    return !layers.slice(row.index + 1, next).some((l) => l.kind === 'batch_normalization');
  });
  if (stack.length < DEEP_SIGMOID_MIN_LAYERS) return null;

  const ratios = stack.map(({ d }) => d.expectedKernelStd / familyKernelStd('glorot', d.fanIn, d.fanOut));
  const geoMean = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
  const saturated = geoMean >= SATURATION_RATIO;
  const [lo, hi] = [num(Math.min(...ratios), 2), num(Math.max(...ratios), 2)];
  const activations = [...new Set(stack.map(({ d }) => d.resolvedActivation))].sort();
  const firstIndex = (stack[0] as DenseRow).index;
  const params = {
    count: stack.length,
    activation: activations.join('/'),
    first: firstIndex,
    last: (stack[stack.length - 1] as DenseRow).index,
    ratio: lo === hi ? lo : `${lo}–${hi}`,
  };
  const action: LintFix = stack.flatMap(({ index, d }) => [
    { path: ['layers', d.activationIndex, 'activation'], value: 'elu' },
    { path: ['layers', index, 'kernel_initializer'], value: 'he_normal' },
  ]);
  const code = saturated ? 'deep-sigmoid-saturation' : 'deep-sigmoid-vanishing';
  return {
    layers: stack.map((row) => row.index),
    finding: {
      anchor: firstIndex,
      finding: {
        code,
        path: 'layers',
        message: say(`${code}.message`, params),
        fix: say('deep-sigmoid.fix', params),
        severity: 'warning',
        action,
      },
    },
  };
}

function isUniform(init: KernelInitializer): boolean {
  if (typeof init === 'string') return NAMED_INITIALIZERS[init].distribution === 'uniform';
  switch (init.name) {
    case 'random_normal':
      return false;
    case 'random_uniform':
      return true;
    case 'variance_scaling':
      return init.distribution === 'uniform';
    default:
      return assertNever(init);
  }
}

/** Three significant digits for stds (0.0505, 0.141, 1), two for ratios. */
function num(x: number, digits = 3): number {
  return Number(x.toPrecision(digits));
}

function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

// Fixes may arrive over IPC; these keys would reach Object.prototype instead of the document.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function setAt(doc: unknown, path: readonly LintPathSegment[], value: unknown): void {
  if (path.length === 0) throw new Error('applyLintFix: an edit needs a non-empty path');
  let node = doc;
  path.forEach((key, n) => {
    const where = formatPath(path.slice(0, n + 1));
    const last = n === path.length - 1;
    if (Array.isArray(node)) {
      if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= node.length) {
        throw new Error(`applyLintFix: ${where} is not an element of the document. Received: ${String(key)}`);
      }
    } else if (node === null || typeof node !== 'object' || typeof key !== 'string' || FORBIDDEN_KEYS.has(key)) {
      throw new Error(`applyLintFix: ${where} does not lead into the document`);
    } else if (!last && !Object.hasOwn(node, key)) {
      throw new Error(`applyLintFix: ${where} is not in the document`);
    }
    const container = node as Record<string | number, unknown>;
    if (last) container[key] = value;
    else node = container[key];
  });
}
