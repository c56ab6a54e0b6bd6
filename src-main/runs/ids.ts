/**
 * Run ids: `YYYYMMDD-HHMMSS-<slug>-<4 hex>`, UTC, so that sorting ids sorts runs by
 * creation time and an id is also a safe folder name on every OS.
 */
import { randomBytes } from 'node:crypto';

/** A valid run id; anything else (`../x`, `/etc`, '') is refused before touching the disk. */
export const RUN_ID_PATTERN = /^\d{8}-\d{6}-[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{4}$/;

/**
 * Every failure of a run store method: a bad id, a missing run, a run owned by a
 * live process, or a read/write that the OS refused. The message names the
 * operation, the file and (for OS errors) the code, e.g.
 * `setStatus: status.json: cannot write (ENOSPC) in /runs/<id>; the disk is full`,
 * so callers can show it as is; `code` carries the OS code for callers that branch on it.
 */
export class RunStoreError extends Error {
  /** The OS error code (`ENOSPC`, `EACCES`, `ENOENT`, …) when an fs call failed. */
  readonly code: string | undefined;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RunStoreError';
    this.code = options.code;
  }
}

/** Model name → lowercase ASCII slug of at most 32 characters, e.g. 'Deep SELU net!' → 'deep-selu-net'. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    // NFKD splits "é" into "e" + a combining accent; dropping the accents keeps the letters.
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 32)
    .replace(/^-+|-+$/g, '');
  // Names in Korean (or only symbols) leave nothing: the id still needs a slug.
  return slug || 'model';
}

/** `20250131-142501-deep-selu-net-3fa2` for a model named "Deep SELU net" at 14:25:01 UTC. */
export function makeRunId(modelName: string, at: Date, hex: string = randomBytes(2).toString('hex')): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const date = `${p(at.getUTCFullYear(), 4)}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}`;
  const time = `${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
  return `${date}-${time}-${slugify(modelName)}-${hex}`;
}

/** Throws RunStoreError unless `id` is a well-formed run id (which also rules out path traversal). */
export function checkRunId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !RUN_ID_PATTERN.test(id)) {
    throw new RunStoreError(`run id: expected YYYYMMDD-HHMMSS-<slug>-<4 hex>. Received: id=${JSON.stringify(id)}`);
  }
}

/** Creation time encoded in an id, as an ISO string (for runs whose status.json is damaged). */
export function idTimestamp(id: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(id);
  if (!m) return new Date(0).toISOString();
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(t) ? new Date(0).toISOString() : new Date(t).toISOString();
}
