import { describe, expect, it } from 'vitest';
import { describeDiff, noDifferencesText, summarizeDiff, type DiffLanguage } from '../../../src-shared/model/diff-text.js';
import { diffModels } from '../../../src-shared/model/diff.js';
import type { ModelChange, ModelDiff } from '../../../src-shared/runs/types.js';
import { loadExample } from '../../helpers/examples.js';

const changed = (path: string, from: unknown, to: unknown, layers?: [number, number]): ModelChange =>
  layers ? { path, from, to, layers, kind: 'changed' } : { path, from, to, kind: 'changed' };

const BN = { kind: 'batch_normalization', momentum: 0.99, epsilon: 0.001 };
const DENSE = { kind: 'dense', units: 100, activation: 'selu', kernel_initializer: 'lecun_normal', use_bias: true };

/** One change and its line in each language. */
const LINES: { change: ModelChange; en: string; ko: string }[] = [
  {
    change: changed('layers[*].activation', 'relu', 'selu', [1, 100]),
    en: 'layers 1–100: activation relu → selu',
    ko: '층 1–100: activation relu → selu',
  },
  { change: changed('layers[*].units', 300, 200, [1, 1]), en: 'layer 1: units 300 → 200', ko: '층 1: units 300 → 200' },
  {
    change: changed('layers[*].kernel_initializer', { name: 'variance_scaling', scale: 2, mode: 'fan_avg', distribution: 'uniform' }, 'he_normal', [1, 3]),
    en: 'layers 1–3: kernel_initializer variance_scaling(scale=2, mode=fan_avg, distribution=uniform) → he_normal',
    ko: '층 1–3: kernel_initializer variance_scaling(scale=2, mode=fan_avg, distribution=uniform) → he_normal',
  },
  { change: changed('preprocess', 'scale', 'standardize'), en: 'preprocess: scale → standardize', ko: 'preprocess: scale → standardize' },
  {
    change: changed('training.optimizer.learning_rate', 0.01, 0.001),
    en: 'optimizer learning_rate: 0.01 → 0.001',
    ko: 'optimizer learning_rate: 0.01 → 0.001',
  },
  { change: changed('training.optimizer.name', 'sgd', 'adam'), en: 'optimizer: sgd → adam', ko: 'optimizer: sgd → adam' },
  { change: changed('training.optimizer.momentum', 0.9, null), en: 'optimizer momentum: 0.9 → (none)', ko: 'optimizer momentum: 0.9 → (없음)' },
  { change: changed('training.epochs', 10, 5), en: 'epochs: 10 → 5', ko: 'epochs: 10 → 5' },
  { change: changed('name', 'relu', 'SELU net'), en: 'name: "relu" → "SELU net"', ko: 'name: "relu" → "SELU net"' },
  {
    change: changed('description', null, 'x'.repeat(100)),
    en: `description: (none) → "${'x'.repeat(59)}…"`,
    ko: `description: (없음) → "${'x'.repeat(59)}…"`,
  },
  {
    change: { path: 'layers[*]', from: null, to: BN, layers: [3, 3], kind: 'inserted' },
    en: 'layer 3 inserted: batch_normalization',
    ko: '층 3 추가: batch_normalization',
  },
  {
    change: { path: 'layers[*]', from: null, to: DENSE, layers: [4, 6], kind: 'inserted' },
    en: 'layers 4–6 inserted: dense(units=100, activation=selu, kernel_initializer=lecun_normal)',
    ko: '층 4–6 추가: dense(units=100, activation=selu, kernel_initializer=lecun_normal)',
  },
  {
    change: { path: 'layers[*]', from: { kind: 'dropout', rate: 0.2 }, to: null, layers: [2, 2], kind: 'removed' },
    en: 'layer 2 removed: dropout(rate=0.2)',
    ko: '층 2 삭제: dropout(rate=0.2)',
  },
  { change: changed('training.optimizer.clipnorm', null, 1), en: 'optimizer clipnorm: (none) → 1', ko: 'optimizer clipnorm: (없음) → 1' },
  {
    change: changed('training.lr_schedule', null, { name: 'one_cycle', max_rate: 0.05, start_rate: 0.005, last_rate: 0.000005, last_fraction: 0.1 }),
    en: 'lr_schedule: (none) → one_cycle(max_rate=0.05, start_rate=0.005, last_rate=0.000005, last_fraction=0.1)',
    ko: 'lr_schedule: (없음) → one_cycle(max_rate=0.05, start_rate=0.005, last_rate=0.000005, last_fraction=0.1)',
  },
  {
    change: changed('training.lr_schedule', { name: 'piecewise_constant', boundaries: [5, 15], values: [0.01, 0.005, 0.001] }, null),
    en: 'lr_schedule: piecewise_constant(boundaries=[5, 15], values=[0.01, 0.005, 0.001]) → (none)',
    ko: 'lr_schedule: piecewise_constant(boundaries=[5, 15], values=[0.01, 0.005, 0.001]) → (없음)',
  },
  { change: changed('training.lr_schedule.decay_rate', 0.1, 0.5), en: 'lr_schedule decay_rate: 0.1 → 0.5', ko: 'lr_schedule decay_rate: 0.1 → 0.5' },
  {
    change: changed('training.early_stopping', null, { patience: 5, min_delta: 0, restore_best_weights: true }),
    en: 'early_stopping: (none) → patience=5, min_delta=0, restore_best_weights=true',
    ko: 'early_stopping: (없음) → patience=5, min_delta=0, restore_best_weights=true',
  },
  { change: changed('training.early_stopping.patience', 5, 10), en: 'early_stopping patience: 5 → 10', ko: 'early_stopping patience: 5 → 10' },
  { change: changed('training.unfreeze.after_epochs', 4, 6), en: 'unfreeze after_epochs: 4 → 6', ko: 'unfreeze after_epochs: 4 → 6' },
  {
    change: changed('classes', null, [0, 1, 2, 3, 4, 7, 8, 9]),
    en: 'classes: (none) → [0, 1, 2, 3, 4, 7, 8, 9]',
    ko: 'classes: (없음) → [0, 1, 2, 3, 4, 7, 8, 9]',
  },
  { change: changed('transfer', null, { run: 'run-A', layers: 4 }), en: 'transfer: (none) → run=run-A, layers=4', ko: 'transfer: (없음) → run=run-A, layers=4' },
  { change: changed('transfer.layers', 2, 4), en: 'transfer layers: 2 → 4', ko: 'transfer layers: 2 → 4' },
  {
    change: changed('layers[*].kernel_regularizer', null, { l1: 0, l2: 0.01 }, [1, 3]),
    en: 'layers 1–3: kernel_regularizer (none) → l2(0.01)',
    ko: '층 1–3: kernel_regularizer (없음) → l2(0.01)',
  },
  {
    change: changed('layers[*].kernel_regularizer', { l1: 0.001, l2: 0 }, { l1: 0.001, l2: 0.01 }, [1, 1]),
    en: 'layer 1: kernel_regularizer l1(0.001) → l1_l2(l1=0.001, l2=0.01)',
    ko: '층 1: kernel_regularizer l1(0.001) → l1_l2(l1=0.001, l2=0.01)',
  },
  {
    change: changed('layers[*].kernel_constraint', null, { name: 'max_norm', max_value: 1 }, [3, 3]),
    en: 'layer 3: kernel_constraint (none) → max_norm(max_value=1)',
    ko: '층 3: kernel_constraint (없음) → max_norm(max_value=1)',
  },
  { change: changed('layers[*].trainable', true, false, [1, 3]), en: 'layers 1–3: trainable true → false', ko: '층 1–3: trainable true → false' },
  {
    change: {
      path: 'layers[*]',
      from: null,
      to: { ...DENSE, kernel_regularizer: { l1: 0, l2: 0.01 }, kernel_constraint: { name: 'max_norm', max_value: 1 }, trainable: false },
      layers: [2, 2],
      kind: 'inserted',
    },
    en: 'layer 2 inserted: dense(units=100, activation=selu, kernel_initializer=lecun_normal, kernel_regularizer=l2(0.01), kernel_constraint=max_norm(max_value=1), trainable=false)',
    ko: '층 2 추가: dense(units=100, activation=selu, kernel_initializer=lecun_normal, kernel_regularizer=l2(0.01), kernel_constraint=max_norm(max_value=1), trainable=false)',
  },
];

describe('describeDiff', () => {
  for (const lang of ['en', 'ko'] as const satisfies readonly DiffLanguage[]) {
    it.each(LINES)(`${lang}: $${lang}`, (row) => {
      expect(describeDiff(lang, { changes: [row.change] })).toEqual([row[lang]]);
    });
  }

  it('gives no lines for no changes; the empty text is separate', () => {
    expect(describeDiff('en', { changes: [] })).toEqual([]);
    expect(noDifferencesText('en')).toBe('no differences');
    expect(noDifferencesText('ko')).toBe('차이 없음');
  });

  it('describes relu-100 → selu-100 in one line per grouped change', () => {
    const diff = diffModels(loadExample('relu-100'), loadExample('selu-100'));
    expect(describeDiff('en', diff).slice(2)).toEqual([
      'layers 1–100: activation relu → selu',
      'layers 1–100: kernel_initializer he_normal → lecun_normal',
    ]);
  });
});

describe('summarizeDiff', () => {
  const diff: ModelDiff = {
    changes: [
      changed('preprocess', 'scale', 'standardize'),
      changed('layers[*].activation', 'relu', 'selu', [1, 100]),
      { path: 'layers[*]', from: null, to: BN, layers: [50, 50], kind: 'inserted' },
      changed('layers[*].kernel_initializer', 'he_normal', 'lecun_normal', [1, 100]),
      changed('layers[*].units', 100, 50, [101, 101]),
      changed('training.optimizer.learning_rate', 0.01, 0.001),
    ],
  };

  it.each([
    {
      lang: 'en' as const,
      text:
        'preprocess scale → standardize; layers 1–100: activation relu → selu, kernel_initializer he_normal → lecun_normal; ' +
        'layer 50 inserted: batch_normalization; layer 101: units 100 → 50; optimizer learning_rate 0.01 → 0.001',
    },
    {
      lang: 'ko' as const,
      text:
        'preprocess scale → standardize; 층 1–100: activation relu → selu, kernel_initializer he_normal → lecun_normal; ' +
        '층 50 추가: batch_normalization; 층 101: units 100 → 50; optimizer learning_rate 0.01 → 0.001',
    },
  ])('$lang: merges the fields of one layer range into one part', ({ lang, text }) => {
    expect(summarizeDiff(lang, diff)).toBe(text);
  });

  it.each([
    ['en', 'no differences'],
    ['ko', '차이 없음'],
  ] as const)('%s: an empty diff reads %s', (lang, text) => {
    expect(summarizeDiff(lang, { changes: [] })).toBe(text);
  });
});
