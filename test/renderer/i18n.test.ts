/// <reference path="../../src-renderer/env.d.ts" />
import { describe, expect, it } from 'vitest';
import { en } from '../../src-renderer/i18n/en.js';
import { ko } from '../../src-renderer/i18n/ko.js';
import { LANGUAGE_STORAGE_KEY, Locale, languageFor, translate, type MessageKey } from '../../src-renderer/i18n/index.js';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('message catalogues', () => {
  it('have the same keys in Korean and English', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = (Object.keys(en) as MessageKey[]).filter(
      (k) => placeholders(en[k]).join() !== placeholders(ko[k]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('have no empty text', () => {
    const empty = [...Object.entries(en), ...Object.entries(ko)].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it.each([
    ['nav.editor', '모델 편집기'],
    ['nav.wizard', '가이드라인 마법사'],
    ['nav.training', '훈련'],
    ['nav.runs', '실행 기록'],
    ['epochs.loss', '손실'],
    ['epochs.accuracy', '정확도'],
    ['epochs.valAccuracy', '검증 정확도'],
    ['form.stop', '중지'],
    ['finding.vanishing', '그레이디언트 소실'],
    ['finding.exploding', '그레이디언트 폭등'],
    ['finding.saturated', '포화'],
  ] as const)('uses the lecture notes’ term for %s (%s)', (key, term) => {
    expect(ko[key]).toBe(term);
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'progress.eta', { time: '01:05' })).toBe('Remaining 01:05');
    expect(translate('ko', 'progress.eta', { time: '01:05' })).toBe('남은 시간 01:05');
  });

  it('fills several placeholders, numbers included, in each language’s order', () => {
    const params = { field: 'Epochs', min: 1, max: '1,000', value: '0' };
    expect(translate('en', 'validation.range', params)).toBe('Epochs: must be between 1 and 1,000. Received: 0.');
    expect(translate('ko', 'validation.range', { ...params, field: '에포크' })).toBe(
      '에포크: 1에서 1,000 사이여야 합니다. 입력값: 0.',
    );
  });

  it('returns plain messages unchanged and keeps a placeholder whose value is missing visible', () => {
    expect(translate('en', 'form.stop')).toBe('Stop');
    const partial = { epoch: 3 } as unknown as { epoch: number; epochs: number };
    expect(translate('en', 'progress.epoch', partial)).toBe('Epoch 3 of {epochs}');
  });
});

describe('language choice', () => {
  it('picks Korean for ko tags and English otherwise', () => {
    expect(languageFor('ko')).toBe('ko');
    expect(languageFor('ko-KR')).toBe('ko');
    expect(languageFor('en-US')).toBe('en');
    expect(languageFor('ja')).toBe('en');
    expect(languageFor(undefined)).toBe('en');
  });

  it('remembers the choice and sets <html lang>', () => {
    const a = new Locale();
    a.set('ko');
    expect(document.documentElement.lang).toBe('ko');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('ko');
    expect(new Locale().lang).toBe('ko');
    a.set('en');
    expect(new Locale().lang).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
