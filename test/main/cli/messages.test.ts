import { describe, expect, it } from 'vitest';
import { CLI_MESSAGES, en, ko, parseLanguage, systemLanguage } from '../../../src-main/cli/messages.js';
import { describeDiagnosis, type Diagnosis } from '../../../src-shared/training/diagnose.js';
import { translate } from '../../../src-renderer/i18n/translate.js';

const diagnosis = (over: Partial<Diagnosis>): Diagnosis => ({
  epoch: 1,
  grad_ratio: 1.5,
  saturated_fraction: null,
  dead_fraction: null,
  findings: [],
  ...over,
});

describe('CLI message catalogues', () => {
  it('have the same keys in both languages (the type enforces it; this guards casts)', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(ko.fileKind).sort()).toEqual(Object.keys(en.fileKind).sort());
    expect(Object.keys(CLI_MESSAGES)).toEqual(['en', 'ko']);
  });

  it('English diagnosis is the shared describeDiagnosis, word for word', () => {
    for (const d of [diagnosis({}), diagnosis({ grad_ratio: 1e-5, findings: ['vanishing'] }), diagnosis({ dead_fraction: 0.5, findings: ['dead'] })]) {
      expect(en.diagnosis(d)).toBe(describeDiagnosis(d));
    }
  });

  it.each<[string, Diagnosis, string[]]>([
    ['vanishing', diagnosis({ grad_ratio: 1.2e-5, findings: ['vanishing'] }),
      [translate('ko', 'finding.vanishing'), translate('ko', 'diagnosis.vanishing', { ratio: '1.2e-5' })]],
    ['exploding', diagnosis({ grad_ratio: 340, findings: ['exploding'] }),
      [translate('ko', 'finding.exploding'), translate('ko', 'diagnosis.exploding', { ratio: '3.4e+2' })]],
    ['saturated and dead', diagnosis({ saturated_fraction: 0.42, dead_fraction: 0.61, findings: ['saturated', 'dead'] }),
      [translate('ko', 'finding.saturated'), translate('ko', 'diagnosis.saturated', { percent: '42%' }),
        translate('ko', 'finding.dead'), translate('ko', 'diagnosis.dead', { percent: '61%' })]],
    ['healthy', diagnosis({ grad_ratio: 0.8 }), [translate('ko', 'diagnosis.healthy', { ratio: '8.0e-1' })]],
    ['healthy, one hidden layer', diagnosis({ grad_ratio: null }), [translate('ko', 'diagnosis.healthyShallow')]],
  ])('Korean diagnosis (%s) uses the app’s Korean wording', (_label, d, parts) => {
    const text = ko.diagnosis(d);
    for (const p of parts) expect(text).toContain(p);
  });

  it('Korean run-option errors name the flag, the range and the value', () => {
    const problem = { option: 'epochs' as const, kind: 'range' as const, value: '0', message: 'expected an integer from 1 to 1000, received "0"' };
    expect(ko.badRunOption('--epochs', problem, { min: 1, max: 1000 })).toBe('--epochs: 1에서 1000 사이여야 합니다. 입력값: "0"');
    expect(en.badRunOption('--epochs', problem, { min: 1, max: 1000 })).toBe('--epochs: expected an integer from 1 to 1000, received "0"');
  });
});

describe('systemLanguage', () => {
  it.each<[string, NodeJS.ProcessEnv, string, 'en' | 'ko']>([
    ['LANG Korean', { LANG: 'ko_KR.UTF-8' }, 'en-US', 'ko'],
    ['LANG English', { LANG: 'en_US.UTF-8' }, 'ko-KR', 'en'],
    ['LC_ALL wins over LANG', { LC_ALL: 'en_US.UTF-8', LANG: 'ko_KR.UTF-8' }, 'ko-KR', 'en'],
    ['LC_ALL Korean wins over LANG English', { LC_ALL: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' }, 'en-US', 'ko'],
    ['LC_MESSAGES before LANG', { LC_MESSAGES: 'ko_KR', LANG: 'en_US' }, 'en-US', 'ko'],
    ['empty variables are unset', { LC_ALL: '', LC_MESSAGES: '', LANG: 'ko' }, 'en-US', 'ko'],
    ['no variables: the ICU locale (Korean)', {}, 'ko-KR', 'ko'],
    ['no variables: the ICU locale (English)', {}, 'en-GB', 'en'],
    ['C locale: the ICU locale', { LC_ALL: 'C' }, 'ko-KR', 'ko'],
    ['C.UTF-8 locale: the ICU locale', { LANG: 'C.UTF-8' }, 'en-US', 'en'],
    ['POSIX: the ICU locale', { LANG: 'POSIX' }, 'ko', 'ko'],
    ['another language', { LANG: 'de_DE.UTF-8' }, 'ko-KR', 'en'],
  ])('%s', (_label, env, locale, expected) => {
    expect(systemLanguage(env, () => locale)).toBe(expected);
  });
});

describe('parseLanguage', () => {
  it.each([
    ['en', 'en'],
    ['ko', 'ko'],
    ['KO', 'ko'],
    [' en ', 'en'],
    ['fr', null],
    ['ko-KR', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(parseLanguage(raw)).toBe(expected);
  });
});
