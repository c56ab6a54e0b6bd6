/**
 * The one error of run archives and the Python export. It carries a main-message code
 * (src-shared/i18n/main-messages.ts) so the renderer and the CLI can say it in the user's
 * language, and a `kind` the CLI turns into its exit code.
 */
import { mainMessage, type MainMessageCode, type MainMessageParams } from '../../src-shared/i18n/main-messages.js';

/**
 * `refused`: an archive that import will not touch (hostile, broken, not ours);
 * `usage`: a request that cannot be met as asked (an unknown or still training run, too many runs);
 * `damaged`: a run on disk whose files are not usable; `failed`: the disk refused a write.
 */
export type ArchiveErrorKind = 'refused' | 'usage' | 'damaged' | 'failed';

/** A failed export or import; `message` is the English text of `code`, e.g. `Archive refused: entry "../x" has an unsafe name (a ".." segment).`. */
export class ArchiveError extends Error {
  constructor(
    readonly code: MainMessageCode,
    readonly params: MainMessageParams,
    readonly kind: ArchiveErrorKind,
  ) {
    super(mainMessage('en', code, params));
    this.name = 'ArchiveError';
  }
}

/** An import refusal. */
export function refused(code: MainMessageCode, params: MainMessageParams = {}): ArchiveError {
  return new ArchiveError(code, params, 'refused');
}

const MAX_NAME_SHOWN = 120;

/**
 * An entry name as shown in messages: quoted, so an empty name, trailing spaces or control
 * characters are visible, and cut (names may be 64 KiB long). Example: `../x` → `"../x"`.
 */
export function entryLabel(name: string): string {
  return JSON.stringify(name.length > MAX_NAME_SHOWN ? `${name.slice(0, MAX_NAME_SHOWN)}…` : name);
}
