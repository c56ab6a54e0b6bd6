/** The renderer's i18n layer: all UI text goes through `t()`. */
export { t, locale, Locale, LANGUAGE_STORAGE_KEY } from './locale.svelte.js';
export { translate, languageFor, CATALOGUES } from './translate.js';
export { apiErrorText } from './api-error-text.js';
export { LANGUAGES, type Language, type MessageKey, type PlainKey, type Messages, type MessageParams, type ParamsOf } from './messages.js';
