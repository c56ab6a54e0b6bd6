/** The state of one settings change, as SaveStatus shows it. */
import { t } from '../../i18n/index.js';
import { toApiError } from '../../lib/api-error.js';

/** Nothing to say, a request in flight, a success line, or main's error. */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; message: string }
  | { kind: 'error'; message: string };

/** The sentence for a failed settings request: main's own message, or "not connected" when it never got there. */
export function describeSaveError(err: unknown): string {
  const e = toApiError(err);
  return e.code === 'disconnected' ? t('error.disconnected') : e.message;
}
