/**
 * The state of one settings change, as SaveStatus shows it. Texts are functions,
 * called while rendering, so a language switch rewords a message already shown.
 */
import { apiErrorText } from '../../i18n/index.js';

/** Nothing to say, a request in flight, a success line, or main's error. */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; text: () => string }
  | { kind: 'error'; text: () => string };

/** The error state for a failed settings request: main's (coded) message, or "not connected". */
export function saveError(err: unknown): SaveState {
  return { kind: 'error', text: () => apiErrorText(err) };
}
