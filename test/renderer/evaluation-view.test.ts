/** Pure helpers of the evaluation views. */
import { describe, expect, it } from 'vitest';
import { cellShade, classNamesFor, evaluationGate, imageRgba, maxCount, outputNamesFor, parseMcSamples, uncertaintyBar } from '../../src-renderer/features/training/evaluation/evaluation-view.js';

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

describe('class subsets and MC dropout helpers', () => {
  it('outputNamesFor: output i is dataset class class_ids[i]', () => {
    expect(outputNamesFor('fashion-mnist', 'en', [5, 6])).toEqual(['Sandal', 'Shirt']);
    expect(outputNamesFor('fashion-mnist', 'ko', [9, 0])).toEqual(['앵클 부츠', '티셔츠/탑']);
    expect(outputNamesFor('mnist', 'ko', [3])).toEqual(['숫자 3']);
  });

  it.each([
    ['100', 100],
    [' 7 ', 7],
    [1000, 1000],
    ['1001', null],
    ['0', null],
    ['2.5', null],
    ['', null],
    ['abc', null],
  ] as const)('parseMcSamples(%j) → %s', (raw, expected) => {
    expect(parseMcSamples(raw)).toBe(expected);
  });

  it('uncertaintyBar: std 0.5 (the largest) fills the bar', () => {
    expect([uncertaintyBar(0), uncertaintyBar(0.125), uncertaintyBar(0.5), uncertaintyBar(0.7)]).toEqual([0, 0.25, 1, 1]);
  });
});
