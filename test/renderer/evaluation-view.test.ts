/** Pure helpers of the evaluation views. */
import { describe, expect, it } from 'vitest';
import { cellShade, classNamesFor, evaluationGate, imageRgba, maxCount } from '../../src-renderer/features/training/evaluation/evaluation-view.js';

describe('evaluation view helpers', () => {
  it.each([
    ['completed', 'evaluate'],
    ['stopped', 'evaluate'],
    ['diverged', 'diverged'],
    ['failed', 'failed'],
    ['running', 'waiting'],
    ['queued', 'waiting'],
    ['idle', 'waiting'],
  ])('evaluationGate(%s) → %s', (status, gate) => expect(evaluationGate(status)).toBe(gate));

  it('cellShade: square-root scale of count over the largest, 0 for empty', () => {
    expect(cellShade(225, 900)).toBe(0.5);
    expect(cellShade(900, 900)).toBe(1);
    expect(cellShade(0, 900)).toBe(0);
    expect(cellShade(3, 0)).toBe(0);
    expect(maxCount([[1, 7], [3, 2]])).toBe(7);
    expect(maxCount([])).toBe(0);
  });

  it('imageRgba: grey pixels, opaque', () => {
    const rgba = imageRgba(Array.from({ length: 784 }, (_, i) => i % 256));
    expect(rgba).toHaveLength(784 * 4);
    expect(Array.from(rgba.slice(4, 8))).toEqual([1, 1, 1, 255]);
    expect(Array.from(rgba.slice(255 * 4, 256 * 4))).toEqual([255, 255, 255, 255]);
  });

  it('class names follow the language', () => {
    expect(classNamesFor('fashion-mnist', 'ko')[0]).toBe('티셔츠/탑');
    expect(classNamesFor('mnist', 'en')[3]).toBe('3');
  });
});
