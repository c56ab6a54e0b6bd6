/** The main-side message catalogue: both languages have every code, the same placeholders, and filled values. */
import { describe, expect, it } from 'vitest';
import { MAIN_MESSAGES, isMainMessageCode, mainMessage, type MainMessageCode } from '../../src-shared/i18n/main-messages.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('main-side messages', () => {
  const codes = Object.keys(MAIN_MESSAGES.en) as MainMessageCode[];
  it.each(codes)('%s has Korean text with the same placeholders', (code) => {
    expect(MAIN_MESSAGES.ko[code]).toMatch(/[가-힣]/);
    expect(placeholders(MAIN_MESSAGES.ko[code])).toEqual(placeholders(MAIN_MESSAGES.en[code]));
  });
  it('fills placeholders and keeps unknown ones', () => {
    expect(mainMessage('en', 'queue.full', { limit: 200 })).toBe('The training queue is full (200 runs waiting). Try again later.');
    expect(mainMessage('ko', 'queue.per_client', { held: 1, limit: 1 })).toContain('브라우저당 1개');
    expect(mainMessage('en', 'queue.full')).toContain('{limit}');
  });
  it('recognises codes only from the catalogue', () => {
    expect(isMainMessageCode('queue.full')).toBe(true);
    expect(isMainMessageCode('toString')).toBe(false);
    expect(isMainMessageCode(3)).toBe(false);
  });
});
