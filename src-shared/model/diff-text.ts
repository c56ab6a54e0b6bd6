/**
 * A model diff (diff.ts) in words, in both UI languages: one line per change for the CLI and
 * the comparison view, and one summary sentence that merges the fields of one layer range
 * ("layers 1–100: activation relu → selu, kernel_initializer he_normal → lecun_normal;
 * preprocess scale → standardize"). Field names and values are the document's identifiers
 * and stay as written in both languages; only the words around them are translated. Layer
 * numbers are `layers` indexes, the numbers the editor and the summary show.
 */
import type { UiLanguage } from '../i18n/template.js';
import type { ModelChange, ModelDiff } from '../runs/types.js';
import { DEFAULTS } from './defaults.js';
import { LAYER_PATH } from './diff.js';
import { INITIALIZER_OBJECT_NAMES } from './schema.js';
import { initializerLabel } from './initializers.js';
import type { KernelInitializer } from './spec.js';

/** Languages the diff is described in (the UI's). */
export type DiffLanguage = UiLanguage;

interface DiffWords {
  /** `layer 3` / `layers 1–100`. */
  range(first: number, last: number): string;
  inserted: string;
  removed: string;
  /** A value one document does not have (an absent description). */
  none: string;
  noDifferences: string;
}

const WORDS: Record<DiffLanguage, DiffWords> = {
  en: {
    range: (first, last) => (first === last ? `layer ${first}` : `layers ${first}–${last}`),
    inserted: 'inserted',
    removed: 'removed',
    none: '(none)',
    noDifferences: 'no differences',
  },
  ko: {
    range: (first, last) => (first === last ? `층 ${first}` : `층 ${first}–${last}`),
    inserted: '추가',
    removed: '삭제',
    none: '(없음)',
    noDifferences: '차이 없음',
  },
};

/** Longest free text shown before it is cut with `…` (a description can be a paragraph). */
const MAX_TEXT = 60;

/** Fields whose values are free text, shown quoted; every other string is an identifier, shown bare. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(['name', 'description']);

/** What an empty diff reads as: `no differences` / `차이 없음`. */
export function noDifferencesText(lang: DiffLanguage): string {
  return WORDS[lang].noDifferences;
}

/**
 * One line per change, in the diff's order; `[]` for no change. Examples (en):
 * `layers 1–100: activation relu → selu`, `preprocess: scale → standardize`,
 * `optimizer learning_rate: 0.01 → 0.001`, `layer 3 inserted: batch_normalization`.
 */
export function describeDiff(lang: DiffLanguage, diff: ModelDiff): string[] {
  return diff.changes.map((c) => describeChange(lang, c));
}

/** One change as a line (see describeDiff). */
export function describeChange(lang: DiffLanguage, change: ModelChange): string {
  const w = WORDS[lang];
  if (change.kind === 'changed') {
    const [head, field] = change.layers ? [w.range(...change.layers), fieldOf(change.path)] : [modelFieldLabel(change.path), ''];
    return `${head}: ${field ? `${field} ` : ''}${fromTo(lang, change)}`;
  }
  return wholeLayers(lang, change);
}

/**
 * The diff as one sentence: the fields of one layer range merged after the range, parts
 * separated by `; `, e.g. `layers 1–100: activation relu → selu, kernel_initializer he_normal
 * → lecun_normal; preprocess scale → standardize; optimizer learning_rate 0.01 → 0.001`.
 * `no differences` / `차이 없음` for an empty diff.
 */
export function summarizeDiff(lang: DiffLanguage, diff: ModelDiff): string {
  const parts: { range: string | null; items: string[] }[] = [];
  const byRange = new Map<string, string[]>();
  for (const c of diff.changes) {
    if (c.kind !== 'changed') {
      parts.push({ range: null, items: [wholeLayers(lang, c)] });
      continue;
    }
    if (!c.layers) {
      parts.push({ range: null, items: [`${modelFieldLabel(c.path)} ${fromTo(lang, c)}`] });
      continue;
    }
    const range = WORDS[lang].range(...c.layers);
    const item = `${fieldOf(c.path)} ${fromTo(lang, c)}`;
    const items = byRange.get(range);
    if (items) items.push(item);
    else {
      const fresh = [item];
      byRange.set(range, fresh);
      parts.push({ range, items: fresh });
    }
  }
  if (parts.length === 0) return WORDS[lang].noDifferences;
  return parts.map((p) => (p.range === null ? p.items.join(', ') : `${p.range}: ${p.items.join(', ')}`)).join('; ');
}

function wholeLayers(lang: DiffLanguage, change: ModelChange): string {
  const w = WORDS[lang];
  const [first, last] = change.layers ?? [0, 0];
  const [word, layer] = change.kind === 'removed' ? [w.removed, change.from] : [w.inserted, change.to];
  return `${w.range(first, last)} ${word}: ${valueText(lang, layer)}`;
}

function fromTo(lang: DiffLanguage, change: ModelChange): string {
  const text = TEXT_FIELDS.has(change.path);
  return `${valueText(lang, change.from, text)} → ${valueText(lang, change.to, text)}`;
}

/** `layers[*].activation` → `activation`. */
function fieldOf(path: string): string {
  return path.startsWith(`${LAYER_PATH}.`) ? path.slice(LAYER_PATH.length + 1) : path;
}

/**
 * `training.optimizer.name` → `optimizer`, `training.optimizer.learning_rate` → `optimizer learning_rate`,
 * `training.epochs` → `epochs`, `training.lr_schedule.decay_rate` → `lr_schedule decay_rate`,
 * `transfer.layers` → `transfer layers`.
 */
function modelFieldLabel(path: string): string {
  const inTraining = path.startsWith('training.') ? path.slice('training.'.length) : path;
  const parts = inTraining.split('.');
  // An object's `name` is the object itself (`optimizer: sgd → adam`).
  if (parts.length === 2 && parts[1] === 'name') return parts[0] as string;
  return parts.join(' ');
}

/** A value as it reads in a line: identifiers bare, free text quoted (and cut), objects by label. */
function valueText(lang: DiffLanguage, value: unknown, freeText = false): string {
  if (value === null || value === undefined) return WORDS[lang].none;
  if (typeof value === 'string') {
    if (!freeText) return value;
    return JSON.stringify(value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value);
  }
  if (typeof value !== 'object') return String(value);
  return objectLabel(value);
}

/**
 * Objects by what they are: a layer by its kind and non-default fields, an initializer as the
 * summary labels it, a regularizer as Keras writes it (`l2(0.01)`), anything named by its name
 * and fields (`max_norm(max_value=1)`, `one_cycle(max_rate=0.05, …)`), the rest by fields
 * (`patience=5, min_delta=0, restore_best_weights=true`), arrays as `[5, 15]`.
 */
function objectLabel(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(objectLabel).join(', ')}]`;
  const o = value as Record<string, unknown>;
  if (typeof o.kind === 'string') return layerLabel(o);
  if ((INITIALIZER_OBJECT_NAMES as readonly unknown[]).includes(o.name)) return initializerLabel(value as KernelInitializer);
  const keys = Object.keys(o);
  if (keys.length > 0 && keys.every((k) => k === 'l1' || k === 'l2')) return regularizerLabel(o);
  const fields = Object.entries(o)
    .filter(([k]) => k !== 'name')
    .map(([k, v]) => `${k}=${objectLabel(v)}`)
    .join(', ');
  return typeof o.name === 'string' ? `${o.name}(${fields})` : fields;
}

/** `{l1: 0, l2: 0.01}` → `l2(0.01)`; both → `l1_l2(l1=0.001, l2=0.01)`. */
function regularizerLabel(o: Record<string, unknown>): string {
  const l1 = typeof o.l1 === 'number' ? o.l1 : 0;
  const l2 = typeof o.l2 === 'number' ? o.l2 : 0;
  if (l1 > 0 && l2 > 0) return `l1_l2(l1=${l1}, l2=${l2})`;
  return l1 > 0 ? `l1(${l1})` : `l2(${l2})`;
}

/**
 * A resolved layer by its kind and what differs from the kind's defaults:
 * `dense(units=100, activation=selu, kernel_initializer=lecun_normal)`, `dropout(rate=0.2)`,
 * `batch_normalization` (all defaults).
 */
function layerLabel(layer: Record<string, unknown>): string {
  const kind = layer.kind as string;
  const defaults: Record<string, unknown> = (DEFAULTS as Record<string, Record<string, unknown>>)[kind] ?? {};
  const shown = Object.entries(layer)
    .filter(([k, v]) => k !== 'kind' && JSON.stringify(v) !== JSON.stringify(defaults[k]))
    .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? objectLabel(v) : String(v)}`);
  return shown.length ? `${kind}(${shown.join(', ')})` : kind;
}
