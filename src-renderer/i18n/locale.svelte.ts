/**
 * The current UI language as reactive state. `t()` reads it, so every template
 * that calls `t()` re-renders when the user switches language.
 */
import { LANGUAGES, type Language, type MessageKey, type ParamsArg } from './messages.js';
import { languageFor, translate } from './translate.js';

/** localStorage key of the user's explicit language choice. */
export const LANGUAGE_STORAGE_KEY = 'gradient-lab.language';

function stored(): Language | null {
  try {
    const v = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return LANGUAGES.find((l) => l === v) ?? null;
  } catch {
    // Storage can be blocked (privacy settings); the choice then lasts for the session only.
    return null;
  }
}

/** Holds the language: the stored choice, else the browser's (`navigator.language`). */
export class Locale {
  lang = $state<Language>('en');

  constructor() {
    this.lang = stored() ?? languageFor(globalThis.navigator?.language);
    this.applyToDocument();
  }

  /** Switches language, remembers the choice and updates `<html lang>` for screen readers and fonts. */
  set(lang: Language): void {
    this.lang = lang;
    try {
      globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lang);
    } catch {
      // See stored().
    }
    this.applyToDocument();
  }

  private applyToDocument(): void {
    if (typeof document !== 'undefined') document.documentElement.lang = this.lang;
  }
}

/** The app's one language state. */
export const locale = new Locale();

/** Translates `key` in the current language, e.g. `t('run.testAccuracy', { value: '88.1%' })`. */
export function t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
  return translate(locale.lang, key, ...params);
}
