/** The confusion-matrix arithmetic (rows = true class) and the deterministic choice of mistakes to show. */
import { describe, expect, it } from 'vitest';
import {
  classCounts,
  confusionAccuracy,
  emptyConfusion,
  keepMostConfident,
  perClassAccuracy,
  worstConfusion,
} from '../../../src-shared/training/evaluation.js';

describe('confusion matrix helpers', () => {
  it.each([
    { name: '2 classes', m: [[3, 1], [0, 2]], counts: [4, 2], perClass: [0.75, 1], accuracy: 5 / 6 },
    { name: 'an empty class gets 0, not NaN', m: [[0, 0], [1, 1]], counts: [0, 2], perClass: [0, 0.5], accuracy: 0.5 },
    { name: 'all wrong', m: [[0, 2], [3, 0]], counts: [2, 3], perClass: [0, 0], accuracy: 0 },
  ])('$name', ({ m, counts, perClass, accuracy }) => {
    expect(classCounts(m)).toEqual(counts);
    expect(perClassAccuracy(m)).toEqual(perClass);
    expect(confusionAccuracy(m)).toBeCloseTo(accuracy, 15);
  });

  it('an empty matrix: zeros, accuracy NaN, no worst pair', () => {
    const m = emptyConfusion(3);
    expect(m).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    m[0]![1] = 5;
    expect(m[1]![1]).toBe(0); // rows are separate arrays
    expect(confusionAccuracy(emptyConfusion(2))).toBeNaN();
    expect(worstConfusion(emptyConfusion(2))).toBeNull();
  });

  it('worstConfusion: the largest off-diagonal cell, the first one on ties', () => {
    expect(worstConfusion([[9, 2, 4], [4, 9, 0], [0, 1, 9]])).toEqual({ true_label: 0, predicted_label: 2, count: 4 });
  });
});

describe('keepMostConfident', () => {
  const m = (index: number, probability: number) => ({ index, probability });

  it('keeps the k most confident, most confident first, ties by lower index', () => {
    const kept: { index: number; probability: number }[] = [];
    const seen = [m(0, 0.6), m(1, 0.9), m(2, 0.7), m(3, 0.9), m(4, 0.5), m(5, 0.95)];
    const results = seen.map((c) => keepMostConfident(kept, c, 3));
    expect(kept).toEqual([m(5, 0.95), m(1, 0.9), m(3, 0.9)]);
    expect(results).toEqual([true, true, true, true, false, true]);
  });

  it('the order of arrival does not matter', () => {
    const seen = [m(0, 0.6), m(1, 0.9), m(2, 0.7), m(3, 0.9), m(4, 0.5), m(5, 0.95)];
    const a: typeof seen = [];
    const b: typeof seen = [];
    for (const c of seen) keepMostConfident(a, c, 4);
    for (const c of [...seen].reverse()) keepMostConfident(b, c, 4);
    expect(b).toEqual(a);
  });

  it('k = 0 keeps nothing', () => {
    const kept: { index: number; probability: number }[] = [];
    expect(keepMostConfident(kept, m(0, 1), 0)).toBe(false);
    expect(kept).toEqual([]);
  });
});
