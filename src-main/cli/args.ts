/**
 * Flag parsing for the command line: node's parseArgs plus checks that name the
 * flag and the value received, like the model validator does.
 */
import { BACKEND_PREFERENCES, type BackendPreference } from '../trainer/protocol.js';

/** A user error: printed as one line without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Parses a positive integer flag; `undefined` when absent. Example: `--epochs 3` → 3. */
export function intFlag(name: string, raw: string | undefined, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(`--${name}: expected an integer from ${min} to ${max}, received ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Parses `--backend`. */
export function backendFlag(raw: string | undefined): BackendPreference | undefined {
  if (raw === undefined) return undefined;
  if ((BACKEND_PREFERENCES as readonly string[]).includes(raw)) return raw as BackendPreference;
  throw new CliError(`--backend: expected one of ${BACKEND_PREFERENCES.join(', ')}, received ${JSON.stringify(raw)}`);
}
