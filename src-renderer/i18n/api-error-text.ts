/** What a view says about a failed request, in the current language. */
import { toApiError } from '../lib/api-error.js';
import { locale, t } from './locale.svelte.js';

/**
 * The sentence for a failed request: "not connected" when it never reached main,
 * else main's coded message in the UI language (its English `message` when uncoded).
 * Call it while rendering, so the text follows a language switch.
 */
export function apiErrorText(err: unknown): string {
  const e = toApiError(err);
  return e.code === 'disconnected' ? t('error.disconnected') : e.text(locale.lang);
}
