/**
 * Pure lookup and `{name}` substitution, separate from the reactive language state
 * so it can be tested and used without a DOM.
 */
import { en } from './en.js';
import { ko } from './ko.js';
import type { Language, MessageKey, Messages, ParamsArg } from './messages.js';

/** Both catalogues, by language. */
export const CATALOGUES: Record<Language, Messages> = { en, ko };

/**
 * The text of `key` in `lang` with placeholders filled. Example:
 * `translate('ko', 'progress.eta', { time: '01:05' })` → `'남은 시간 01:05'`.
 * A placeholder without a value stays visible (`{time}`) rather than vanishing.
 */
export function translate<K extends MessageKey>(lang: Language, key: K, ...[params]: ParamsArg<K>): string {
  const text = CATALOGUES[lang][key];
  if (!params) return text;
  const values: Record<string, string | number> = params;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The UI language for a browser language tag: Korean for `ko`, `ko-KR`…, English otherwise. */
export function languageFor(tag: string | null | undefined): Language {
  return tag?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
