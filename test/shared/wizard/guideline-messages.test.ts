import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRADEOFF_RULES } from '../../../src-shared/wizard/guideline.js';
import {
  candidateLabel,
  conditionText,
  crossValidateText,
  GUIDELINE_MESSAGES,
  questionText,
  reasonText,
  tradeoffText,
} from '../../../src-shared/wizard/guideline-messages.js';
import {
  CANDIDATE_ACTIVATIONS,
  SELF_NORMALIZING_CONDITIONS,
  WIZARD_ANSWER_KEYS,
  type ReasonCode,
} from '../../../src-shared/wizard/types.js';

const SEED_FILE = new URL('../../../../shared/seed/000_bc867b455f3a57bc.txt', import.meta.url);
const REFERENCE_FILE = new URL('../../../../shared/docs/chapter-11-reference.md', import.meta.url);
/** The course's notes sit beside the repository in the workspace, not in a clone: checked when present. */
const HAVE_SOURCES = existsSync(SEED_FILE) && existsSync(REFERENCE_FILE);
/** The lecture notes with runs of whitespace collapsed, so a rule written over two lines ("일반적으로" / "SELU > …") reads as one. */
const SEED = HAVE_SOURCES ? readFileSync(SEED_FILE, 'utf8').replace(/\s+/g, ' ') : '';
const REFERENCE = HAVE_SOURCES ? readFileSync(REFERENCE_FILE, 'utf8') : '';
/** The guideline's lines as the notes write them (copied here so a clone without the notes still checks them). */
const NOTES_KO: Record<string, string> = {
  general: '일반적으로 SELU > ELU > LeakyReLU 와 기타 변종들 > ReLU > 로지스틱',
  not_self_normalizing: '신경망이 자기정규화(self-normlizing)하지 않은 경우: SELU 보다 ELU 선호',
  spare_compute: '시간과 컴퓨팅파워가 충분한 경우: 교차검증을 이용하여 여러 활성화함수 평가',
  runtime_speed: '실행속도가 중요한 경우: LeakyReLU',
  overfitting: '과대적합 발생하는 경우: RReLU',
  huge_dataset: '훈련세트가 매우 큰 경우: PReLU',
  training_speed: '훈련속도가 중요한 경우: ReLU',
  training_speed_why: '이유: 기존에 많은 라이브러리와 가속기가 개발되었기 때문.',
};
const REASON_CODES: ReasonCode[] = ['self_normalizing', 'overfitting', 'runtime_speed', 'training_speed', 'huge_dataset', 'general_order', 'not_self_normalizing'];
const HANGUL = /[가-힣]/;

/** Every string leaf of a message tree with its dotted key. */
function leaves(tree: unknown, prefix = ''): [string, string][] {
  if (typeof tree === 'string') return [[prefix, tree]];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}
const holes = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();

describe('guideline messages', () => {
  const en = new Map(leaves(GUIDELINE_MESSAGES.en));
  const ko = new Map(leaves(GUIDELINE_MESSAGES.ko));

  it('have the same keys in both languages', () => {
    expect([...ko.keys()].sort()).toEqual([...en.keys()].sort());
    expect(en.size).toBeGreaterThan(50);
  });

  it.each([...en.keys()])('%s: translated, same placeholders', (key) => {
    const e = en.get(key) as string;
    const k = ko.get(key) as string;
    expect(e.trim().length).toBeGreaterThan(0);
    expect(e).not.toMatch(HANGUL);
    expect(k).toMatch(HANGUL);
    expect(holes(k)).toEqual(holes(e));
  });

  it('cover every question, reason, candidate, pair and condition', () => {
    for (const lang of ['en', 'ko'] as const) {
      for (const key of WIZARD_ANSWER_KEYS) expect(questionText(lang, key).title).not.toBe('');
      for (const code of REASON_CODES) expect(reasonText(lang, code).explanation).not.toBe('');
      for (const a of CANDIDATE_ACTIVATIONS) expect(candidateLabel(lang, a)).not.toBe('');
      const pairs = GUIDELINE_MESSAGES[lang].tradeoffs as Record<string, string>;
      for (const t of TRADEOFF_RULES) expect(tradeoffText(lang, { first: t.pair[0], second: t.pair[1] })).toBe(pairs[t.pair.join('/')]);
      for (const condition of SELF_NORMALIZING_CONDITIONS) expect(GUIDELINE_MESSAGES[lang].conditions[condition].why_not).toContain('{path}');
    }
  });

  it('quote the guideline lines of the lecture notes', () => {
    const ko = (code: ReasonCode): string => reasonText('ko', code).quote;
    expect(ko('self_normalizing')).toBe(NOTES_KO.general);
    expect(ko('general_order')).toBe(NOTES_KO.general);
    expect(ko('not_self_normalizing')).toBe(NOTES_KO.not_self_normalizing);
    expect(ko('overfitting')).toBe(NOTES_KO.overfitting);
    expect(ko('huge_dataset')).toBe(NOTES_KO.huge_dataset);
    expect(ko('runtime_speed')).toBe(NOTES_KO.runtime_speed);
    expect(ko('training_speed')).toBe(`${NOTES_KO.training_speed} (${NOTES_KO.training_speed_why})`);
    expect(crossValidateText('ko', 'X').quote).toBe(NOTES_KO.spare_compute);
  });

  it.skipIf(!HAVE_SOURCES)('quote the notes and the reference verbatim', () => {
    for (const line of Object.values(NOTES_KO)) expect(SEED.includes(line), line).toBe(true);
    const en = [...REASON_CODES.map((c) => reasonText('en', c).quote), crossValidateText('en', 'X').quote];
    for (const q of en) expect(REFERENCE.includes(q.replace(/\.$/, '')), q).toBe(true);
  });

  it('fills the cross-validation command', () => {
    expect(crossValidateText('en', 'npm run cli -- crossval m.json --candidates selu,elu').explanation).toContain('--candidates selu,elu');
  });

  const conditionCases = [
    { item: { condition: 'lecun_normal', ok: false, path: 'layers[2].kernel_initializer' }, fixable: true },
    { item: { condition: 'sequential_dense', ok: false, path: 'layers[1]' }, fixable: false },
    { item: { condition: 'alpha_dropout', ok: true, path: null }, fixable: null },
  ] as const;
  it.each(conditionCases)('conditionText $item.condition', ({ item, fixable }) => {
    for (const lang of ['en', 'ko'] as const) {
      const t = conditionText(lang, item);
      const m = GUIDELINE_MESSAGES[lang];
      expect(t.label).toBe(m.conditions[item.condition].label);
      if (item.ok) {
        expect(t).toEqual({ label: t.label, why: null, fix: null });
      } else {
        expect(t.why).toContain(item.path);
        expect(t.why).not.toContain('{path}');
        expect(t.fix).toBe(fixable ? m.apply_fixes : m.apply_cannot_fix);
      }
    }
  });

  it('names both questions for a pair the table does not decide', () => {
    expect(tradeoffText('en', { first: 'spare_compute', second: 'overfitting' })).toBe(
      '"Is there time and compute to spare?" and "Is overfitting a concern?" pull in different directions.',
    );
  });
});
