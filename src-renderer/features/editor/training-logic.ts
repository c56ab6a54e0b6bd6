/**
 * The plain logic behind the editor's chapter-11 sections, apart from their components so it
 * can be tested and type-checked on its own: which row of the book's optimizer table an
 * optimizer belongs to, how many steps an epoch has (for the schedule preview), and where a
 * batch-normalization layer sits.
 */
import { CLASS_NAMES } from '../../../src-shared/data/classes.js';
import { SPLIT_SIZES } from '../../../src-shared/data/datasets.js';
import type { OptimizerId } from '../../../src-shared/model/ids.js';
import type { LayerSpec, ModelSpec } from '../../../src-shared/model/spec.js';
import type { PlainKey } from '../../i18n/index.js';

/** A row of the book's table. */
export type TableRowId = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'adaptive' | 'adamw';

/** What a name button sets: an optimizer and options of it (undefined removes one). */
export interface OptimizerChoice {
  name: OptimizerId;
  options: Record<string, unknown>;
}

interface Row {
  id: TableRowId;
  /** Stars for convergence speed. */
  speed: number;
  /** Stars for convergence quality; two entries read "** or ***". */
  quality: readonly number[];
  note?: PlainKey;
  choices: readonly OptimizerChoice[];
}

/** The book's table (chapter 11), plus AdamW: as Adam, with better generalization. */
export const OPTIMIZER_TABLE: readonly Row[] = [
  { id: 'sgd', speed: 1, quality: [3], choices: [{ name: 'sgd', options: { momentum: undefined, nesterov: undefined } }] },
  { id: 'momentum', speed: 2, quality: [3], choices: [{ name: 'sgd', options: { momentum: 0.9, nesterov: undefined } }] },
  { id: 'nesterov', speed: 2, quality: [3], choices: [{ name: 'sgd', options: { momentum: 0.9, nesterov: true } }] },
  { id: 'adagrad', speed: 3, quality: [1], note: 'optimizers.table.note.adagrad', choices: [{ name: 'adagrad', options: {} }] },
  {
    id: 'adaptive',
    speed: 3,
    quality: [2, 3],
    choices: [
      { name: 'rmsprop', options: {} },
      { name: 'adam', options: {} },
      { name: 'nadam', options: {} },
      { name: 'adamax', options: {} },
    ],
  },
  { id: 'adamw', speed: 3, quality: [2, 3], note: 'optimizers.table.note.adamw', choices: [{ name: 'adamw', options: {} }] },
];

/**
 * The table row an optimizer object belongs to: SGD with nesterov true → `nesterov`, with a
 * momentum > 0 → `momentum`, else `sgd`; RMSProp, Adam, Nadam, AdaMax → `adaptive`.
 */
export function tableRowOf(opt: { name: unknown; momentum?: unknown; nesterov?: unknown }): TableRowId | null {
  switch (opt.name) {
    case 'sgd':
      if (opt.nesterov === true) return 'nesterov';
      return typeof opt.momentum === 'number' && opt.momentum > 0 ? 'momentum' : 'sgd';
    case 'adagrad':
      return 'adagrad';
    case 'rmsprop':
    case 'adam':
    case 'nadam':
    case 'adamax':
      return 'adaptive';
    case 'adamw':
      return 'adamw';
    default:
      return null;
  }
}

/**
 * Training steps per epoch of a model: ceil(training images / batch size), the training
 * images scaled by the share of classes trained on (the splits are stratified). Fashion-MNIST
 * at batch 32: ceil(55000 / 32) = 1719. Null while the batch size is not a positive number.
 */
export function stepsPerEpoch(doc: Pick<ModelSpec, 'dataset' | 'classes' | 'training'>): number | null {
  const batch = doc.training.batch_size as unknown;
  const sizes = SPLIT_SIZES[doc.dataset];
  if (typeof batch !== 'number' || !(batch > 0) || sizes === undefined) return null;
  const share = Array.isArray(doc.classes) && doc.classes.length > 0 ? doc.classes.length / CLASS_NAMES[doc.dataset].en.length : 1;
  return Math.ceil(Math.round(sizes.train * share) / batch);
}

/** Where a batch-normalization layer sits: right after flatten, before an activation, or after one. */
export type BnPlacement = 'input' | 'before' | 'after';

const ACTIVATION_KINDS = new Set(['activation', 'leaky_relu', 'prelu', 'rrelu', 'elu']);

/**
 * The placement of the BN layer at `index`: `input` right after flatten; `before` when the
 * layer in front is a dense layer without activation (linear) and an activation follows or
 * nothing else does; `after` otherwise (the book's main example, Dense(300, relu) → BN).
 */
export function bnPlacement(layers: readonly LayerSpec[], index: number): BnPlacement {
  const prev = layers[index - 1];
  const next = layers[index + 1];
  if (prev === undefined || prev.kind === 'flatten') return 'input';
  if (prev.kind === 'dense' && (prev.activation === undefined || prev.activation === 'linear')) {
    return next === undefined || ACTIVATION_KINDS.has(next.kind) || next.kind === 'dense' ? 'before' : 'after';
  }
  return 'after';
}

/** Whether the layer in front of the BN layer at `index` is a dense layer whose (redundant) bias could be dropped. */
export function biasToDrop(layers: readonly LayerSpec[], index: number): boolean {
  const prev = layers[index - 1];
  return bnPlacement(layers, index) === 'before' && prev?.kind === 'dense' && prev.use_bias !== false;
}
