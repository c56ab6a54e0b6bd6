/**
 * The health rules of a run: the latest epoch's diagnosis (diagnose.ts, same thresholds, so
 * the panel and the diagnosis line never disagree) and the run's outcome, turned into findings
 * a student can act on. Each finding names the chapter's rule it comes from, the dense layers
 * concerned (so charts can highlight them) and, when the run's model document is known, a
 * machine-applicable fix on that document (a LintFix, applied by the editor as one undoable step).
 */
import { initializerFamily, RECOMMENDED_INIT_FAMILY, type InitFamily, type LintFix } from '../model/lint.js';
import type { NamedInitializerId } from '../model/ids.js';
import type { ModelSpec } from '../model/spec.js';
import { expectedKernelStd, summarizeModel, type DenseSummary, type ResolvedActivation } from '../model/summary.js';
import {
  DEAD_FRACTION,
  diagnoseEpoch,
  GRADIENT_NORM_EXPLODING,
  hiddenLayers,
  SATURATED_FRACTION,
  type Diagnosis,
  type DiagnosisEvidence,
  type FindingKind,
} from './diagnose.js';
import { healthMessage, type HealthLanguage, type HealthMessageKey } from './health-messages.js';
import type { EpochMetrics, LayerDiagnostics } from './metrics.js';

/** The chapter's rules a finding can come from, in the order findings are listed. */
export const HEALTH_RULES = ['divergence', 'gradient-ratio', 'forward-signal', 'gradient-scale', 'saturation', 'dead-units'] as const;
/**
 * A rule: `gradient-ratio` (first/last hidden gradient norms, §11.1), `forward-signal` (last/first
 * hidden activation std, Glorot and He's argument, §11.1.1), `gradient-scale` (every hidden gradient
 * norm too large, §11.1), `saturation` (sigmoid/tanh pinned at their limits, §11.1), `dead-units`
 * (dying ReLU, §11.1.2), `divergence` (the loss became NaN/Inf, §11.1.4).
 */
export type HealthRule = (typeof HEALTH_RULES)[number];

/** Weights at this many times Glorot's std or more are "large" for sigmoid/tanh (the lint's saturation split, √2). */
export const SATURATION_WEIGHT_RATIO = Math.SQRT2;
/** Factor the learning rate is multiplied by when a fix lowers it. */
export const LEARNING_RATE_FACTOR = 0.1;

/**
 * One finding, e.g. `{kind: 'exploding', rule: 'forward-signal', cite: 'Hands-On ML, ch. 11.1.1 …',
 * layers: [1, 2, …, 8], message: 'The signal grows 8.1× …', fix: 'Use the initialization …',
 * action: [{path: ['layers', 1, 'kernel_initializer'], value: 'he_normal'}, …]}`.
 */
export interface HealthFinding {
  kind: FindingKind;
  rule: HealthRule;
  /** The chapter section the rule comes from, in the requested language. */
  cite: string;
  /** `model.layers` indices of the dense layers concerned (empty: the whole run, e.g. divergence). */
  layers: number[];
  /** What the measurements show, naming layers and values, in the chapter's words. */
  message: string;
  /** What to do; when `action` is set, exactly what it does. */
  fix: string;
  /** Sets on the run's model document (see applyLintFix); null when there is no model or nothing to set. */
  action: LintFix | null;
}

/** What the rules read from a run: its epochs so far, its status and where it diverged, and the model it trained. */
export interface HealthInput {
  epochs: readonly EpochMetrics[];
  /** A RunStatus (`running`, `diverged`…); only `diverged` is read. */
  status: string;
  diverged_at?: { epoch: number; step: number } | null;
  model: ModelSpec | null;
}

const FAMILY_NORMAL: Record<InitFamily, NamedInitializerId> = { glorot: 'glorot_normal', he: 'he_normal', lecun: 'lecun_normal' };
const FAMILY_LABEL: Record<InitFamily, string> = { glorot: 'Glorot', he: 'He', lecun: 'LeCun' };

/**
 * The run's findings, most urgent first (divergence, then the latest epoch's diagnosis in
 * HEALTH_RULES order); `[]` for a healthy run or one without epochs yet. Example: ReLU 8 × 120
 * with N(0, 0.25) weights after epoch 1 → `[{kind: 'exploding', rule: 'forward-signal', …}]`.
 */
export function runHealth(input: HealthInput, lang: HealthLanguage): HealthFinding[] {
  const ctx = context(input, lang);
  const out: HealthFinding[] = [];
  const divergence = divergenceFinding(input, ctx);
  if (divergence) out.push(divergence);
  const latest = [...input.epochs].reverse().find((e) => e.layers.length > 0);
  if (!latest) return out;
  const d = diagnoseEpoch(latest);
  const evidence = d.evidence ?? [];
  const has = (kind: FindingKind, measure: DiagnosisEvidence['measure']) => evidence.some((e) => e.kind === kind && e.measure === measure);
  const hidden = hiddenLayers(latest.layers);
  for (const e of evidence) {
    // Large gradients everywhere are the backward face of an exploding signal or ratio: one finding, not two.
    if (e.measure === 'grad_scale' && (has('exploding', 'signal_ratio') || has('exploding', 'grad_ratio'))) continue;
    out.push(findingFor(e, d, hidden, ctx));
  }
  return out.sort((a, b) => HEALTH_RULES.indexOf(a.rule) - HEALTH_RULES.indexOf(b.rule));
}

/** The kinds of a finding list, distinct, e.g. `'exploding saturated'`; `'healthy'` when empty (the `data-findings` convention). */
export function findingKindsText(findings: readonly Pick<HealthFinding, 'kind'>[]): string {
  return [...new Set(findings.map((f) => f.kind))].join(' ') || 'healthy';
}

interface Context {
  lang: HealthLanguage;
  say: (key: HealthMessageKey, params?: Record<string, string | number>) => string;
  model: ModelSpec | null;
  /** Dense rows of the model's summary by spec index; empty without a (readable) model. */
  dense: Map<number, DenseSummary>;
}

function context(input: HealthInput, lang: HealthLanguage): Context {
  const dense = new Map<number, DenseSummary>();
  if (input.model) {
    try {
      for (const row of summarizeModel(input.model).layers) if (row.dense) dense.set(row.index, row.dense);
    } catch {
      // A run record with a model the summary cannot read: findings without actions.
    }
  }
  return { lang, say: (key, params) => healthMessage(lang, key, params), model: input.model, dense };
}

function divergenceFinding(input: HealthInput, ctx: Context): HealthFinding | null {
  const lastLoss = input.epochs.at(-1)?.loss;
  if (input.status !== 'diverged' && (lastLoss === undefined || Number.isFinite(lastLoss))) return null;
  const at = input.diverged_at;
  return {
    kind: 'exploding',
    rule: 'divergence',
    cite: ctx.say('cite.divergence'),
    layers: [],
    message: at ? ctx.say('divergence.message', { step: at.step, epoch: at.epoch }) : ctx.say('divergence.no-step.message'),
    ...learningRateFix(ctx),
  };
}

function findingFor(e: DiagnosisEvidence, d: Diagnosis, hidden: LayerDiagnostics[], ctx: Context): HealthFinding {
  const first = hidden[0] as LayerDiagnostics;
  const last = hidden[hidden.length - 1] as LayerDiagnostics;
  const all = hidden.map((l) => l.spec_index);
  const activation = activationsText(hidden);
  switch (e.measure) {
    case 'grad_ratio': {
      const ratio = d.grad_ratio ?? 1;
      const params = { factor: factorText(e.kind === 'vanishing' ? 1 / ratio : ratio), first: first.spec_index, last: last.spec_index };
      const message = ctx.say(e.kind === 'vanishing' ? 'gradient-ratio.vanishing.message' : 'gradient-ratio.exploding.message', params);
      const sigmoids = hidden.filter((l) => l.activation === 'sigmoid' || l.activation === 'tanh');
      const fix =
        e.kind === 'vanishing' && sigmoids.length > 0 ? eluHeFix(sigmoids, ctx) : (initFix(hidden, ctx) ?? (e.kind === 'vanishing' ? batchNormFix(ctx) : learningRateFix(ctx)));
      return { kind: e.kind, rule: 'gradient-ratio', cite: ctx.say('cite.gradient-ratio'), layers: all, message, ...fix };
    }
    case 'signal_ratio': {
      const ratio = d.signal_ratio ?? 1;
      const params = {
        factor: factorText(e.kind === 'vanishing' ? 1 / ratio : ratio),
        first: first.spec_index,
        last: last.spec_index,
        first_std: sig(first.act_std),
        last_std: sig(last.act_std),
        activation,
      };
      const message = ctx.say(e.kind === 'vanishing' ? 'forward-signal.vanishing.message' : 'forward-signal.exploding.message', params);
      return { kind: e.kind, rule: 'forward-signal', cite: ctx.say('cite.forward-signal'), layers: all, message, ...(initFix(hidden, ctx) ?? batchNormFix(ctx)) };
    }
    case 'grad_scale': {
      const smallest = hidden.reduce((a, b) => (b.grad_norm < a.grad_norm ? b : a));
      const message = ctx.say('gradient-scale.message', { limit: GRADIENT_NORM_EXPLODING, layer: smallest.spec_index, smallest: sig(smallest.grad_norm) });
      return { kind: 'exploding', rule: 'gradient-scale', cite: ctx.say('cite.gradient-scale'), layers: all, message, ...(initFix(hidden, ctx) ?? learningRateFix(ctx)) };
    }
    case 'saturated_fraction': {
      const layers = overThreshold(hidden, 'saturated', SATURATED_FRACTION);
      const ratio = glorotRatio(layers, ctx);
      const params = { percent: pct(d.saturated_fraction), activation: activationsText(layers), layers: layersText(layers), ratio: ratio === null ? '?' : sig(ratio) };
      const large = ratio !== null && ratio >= SATURATION_WEIGHT_RATIO;
      const message = ctx.say(large ? 'saturation.large-weights.message' : 'saturation.message', params);
      const fix = large ? glorotFix(layers, ctx) : eluHeFix(layers, ctx);
      return { kind: 'saturated', rule: 'saturation', cite: ctx.say('cite.saturation'), layers: layers.map((l) => l.spec_index), message, ...fix };
    }
    case 'dead_fraction': {
      const over = overThreshold(hidden, 'dead', DEAD_FRACTION);
      const worst = over.reduce((a, b) => ((b.inactive_fraction ?? 0) > (a.inactive_fraction ?? 0) ? b : a));
      const message =
        over.length === 1
          ? ctx.say('dead-units.one.message', { percent: pct(worst.inactive_fraction), layer: worst.spec_index })
          : ctx.say('dead-units.many.message', {
              percent: pct(d.dead_fraction),
              layers: layersText(over),
              layer: worst.spec_index,
              worst: pct(worst.inactive_fraction),
            });
      const relu = over.filter((l) => l.activation === 'relu');
      const fix = relu.length > 0 ? leakyFix(relu, ctx) : learningRateFix(ctx);
      return { kind: 'dead', rule: 'dead-units', cite: ctx.say('cite.dead-units'), layers: over.map((l) => l.spec_index), message, ...fix };
    }
  }
}

/** Hidden layers of `kind` above `threshold`; when none is on its own, every layer of that kind with any (the mean crossed it). */
function overThreshold(hidden: LayerDiagnostics[], kind: 'dead' | 'saturated', threshold: number): LayerDiagnostics[] {
  const ofKind = hidden.filter((l) => l.inactive_kind === kind && l.inactive_fraction !== null);
  const over = ofKind.filter((l) => (l.inactive_fraction as number) > threshold);
  if (over.length) return over;
  const some = ofKind.filter((l) => (l.inactive_fraction as number) > 0);
  return some.length ? some : ofKind;
}

type Fix = Pick<HealthFinding, 'fix' | 'action'>;

/** Each layer's kernel_initializer set to its activation's family (normal variant), for layers not already in it; null when none needs it. */
function initFix(layers: LayerDiagnostics[], ctx: Context): Fix | null {
  const changes: { index: number; family: InitFamily }[] = [];
  for (const l of layers) {
    const row = ctx.dense.get(l.spec_index);
    const family = RECOMMENDED_INIT_FAMILY[(row?.resolvedActivation ?? l.activation) as ResolvedActivation] as InitFamily | undefined;
    if (!family) continue;
    if (row && initializerFamily(row.kernelInitializer) === family) continue;
    changes.push({ index: l.spec_index, family });
  }
  if (!changes.length) return null;
  const families = [...new Set(changes.map((c) => c.family))];
  const fix = ctx.say('fix.init', {
    families: families.map((f) => FAMILY_LABEL[f]).join(', '),
    inits: families.map((f) => FAMILY_NORMAL[f]).join(', '),
    layers: indicesText(changes.map((c) => c.index)),
  });
  const action = withModel(ctx, changes, (c) => [{ path: ['layers', c.index, 'kernel_initializer'], value: FAMILY_NORMAL[c.family] }]);
  return { fix, action };
}

/** sigmoid/tanh → ELU with he_normal, as the lint's deep-sigmoid fix does. */
function eluHeFix(layers: LayerDiagnostics[], ctx: Context): Fix {
  return {
    fix: ctx.say('fix.elu-he', { layers: layersText(layers) }),
    action: withModel(ctx, layers, (l) => {
      const row = ctx.dense.get(l.spec_index) as DenseSummary;
      return [
        { path: ['layers', row.activationIndex, 'activation'], value: 'elu' },
        { path: ['layers', l.spec_index, 'kernel_initializer'], value: 'he_normal' },
      ];
    }),
  };
}

function glorotFix(layers: LayerDiagnostics[], ctx: Context): Fix {
  return {
    fix: ctx.say('fix.glorot', { layers: layersText(layers) }),
    action: withModel(ctx, layers, (l) => [{ path: ['layers', l.spec_index, 'kernel_initializer'], value: 'glorot_normal' }]),
  };
}

/** relu → leaky_relu where the relu is applied (the dense layer itself or its activation layer); He initialization stays right. */
function leakyFix(layers: LayerDiagnostics[], ctx: Context): Fix {
  return {
    fix: ctx.say('fix.leaky', { layers: layersText(layers) }),
    action: withModel(ctx, layers, (l) => {
      const row = ctx.dense.get(l.spec_index) as DenseSummary;
      const edits: LintFix = [{ path: ['layers', row.activationIndex, 'activation'], value: 'leaky_relu' }];
      if (initializerFamily(row.kernelInitializer) !== 'he') edits.push({ path: ['layers', l.spec_index, 'kernel_initializer'], value: 'he_normal' });
      return edits;
    }),
  };
}

function learningRateFix(ctx: Context): Fix {
  const lr = ctx.model?.training.optimizer.learning_rate;
  if (lr === undefined) return { fix: ctx.say('fix.learning-rate-plain'), action: null };
  const to = Number((lr * LEARNING_RATE_FACTOR).toPrecision(12));
  return { fix: ctx.say('fix.learning-rate', { from: lr, to }), action: [{ path: ['training', 'optimizer', 'learning_rate'], value: to }] };
}

function batchNormFix(ctx: Context): Fix {
  return { fix: ctx.say('fix.batch-norm'), action: null };
}

/** The edits, or null when the run has no model or a layer is not a dense layer of it (a record that does not match its metrics). */
function withModel<T extends { index: number } | LayerDiagnostics>(ctx: Context, items: T[], edits: (item: T) => LintFix): LintFix | null {
  if (!ctx.model || !items.length) return null;
  const indexOf = (x: T) => ('index' in x ? x.index : x.spec_index);
  if (items.some((x) => !ctx.dense.has(indexOf(x)))) return null;
  return items.flatMap(edits);
}

/** Geometric mean of the layers' kernel std over Glorot's, from the model; null without one. */
function glorotRatio(layers: LayerDiagnostics[], ctx: Context): number | null {
  const rows = layers.map((l) => ctx.dense.get(l.spec_index));
  if (!rows.length || rows.some((r) => r === undefined)) return null;
  const logs = (rows as DenseSummary[]).map((r) => Math.log(r.expectedKernelStd / expectedKernelStd('glorot_normal', r.fanIn, r.fanOut)));
  return Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
}

function activationsText(layers: LayerDiagnostics[]): string {
  return [...new Set(layers.map((l) => l.activation))].join('/');
}

function layersText(layers: LayerDiagnostics[]): string {
  return indicesText(layers.map((l) => l.spec_index));
}

/** `1, 2, 3`, or `1–8` past four layers (the panel highlights them; the sentence stays short). */
function indicesText(indices: number[]): string {
  return indices.length > 4 ? `${indices[0]}–${indices[indices.length - 1]}` : indices.join(', ');
}

/** A growth or shrink factor: `10^4` from a thousand on (the chapter speaks in orders of magnitude), else two digits. */
function factorText(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  return x >= 1000 ? `10^${Math.round(Math.log10(x))}` : sig(x);
}

function sig(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : '∞';
  return String(Number(x.toPrecision(2)));
}

function pct(x: number | null): string {
  return x === null ? '?' : `${Math.round(x * 100)}%`;
}
