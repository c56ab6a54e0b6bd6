/**
 * The run store's file-system calls and how their failures are reported.
 *
 * Every write the store makes goes through a `RunStoreFs`, so tests can make any
 * one of them fail the way a full disk (ENOSPC), a permission change (EACCES) or
 * a vanished folder (ENOENT) would, without needing such a disk. Failures become
 * a `RunStoreError` whose message names the store method, the file and the OS
 * code: the UI and the CLI show it as is, so it has to say what to look at.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { makeDirs, renameRetry, writeFileAtomic } from '../data/atomic.js';
import { RunStoreError } from './ids.js';

/** The writes the run store makes; reads are not injectable (damaged files are tested with real files). */
export interface RunStoreFs {
  /** Temp file + fsync + rename (src-main/data/atomic.ts); removes its temp file when it fails. */
  writeFileAtomic(file: string, data: Uint8Array | string): void;
  appendFileSync(file: string, data: string): void;
  mkdirSync(path: string, options?: { recursive?: boolean }): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { recursive?: boolean; force?: boolean }): void;
  truncateSync(file: string, length: number): void;
}

/** The real file system. */
export const NODE_FS: RunStoreFs = {
  writeFileAtomic,
  appendFileSync: (file, data) => appendFileSync(file, data),
  mkdirSync: (path, options) => {
    // Node 20's recursive mkdir can spin forever (e.g. below /proc); makeDirs fails with the code.
    if (options?.recursive) makeDirs(path);
    else mkdirSync(path);
  },
  renameSync: (from, to) => renameSync(from, to),
  rmSync: (path, options) => rmSync(path, options),
  truncateSync: (file, length) => truncateSync(file, length),
};

/** `fs` with the defaults filled in for what a partial injection leaves out. */
export function withDefaults(fs: Partial<RunStoreFs> | undefined): RunStoreFs {
  return { ...NODE_FS, ...fs };
}

/** Renames with the Windows retry of `renameRetry`, through the injected rename. */
export function renameWith(fs: RunStoreFs, from: string, to: string): void {
  renameRetry(from, to, 8, (a, b) => fs.renameSync(a, b));
}

/** What an OS code means for someone looking at the message. */
const HINTS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the disk is read-only',
  ENOENT: 'the folder is gone (deleted or moved meanwhile?)',
  ENOTDIR: 'a file stands where a folder should be',
  EISDIR: 'a folder stands where a file should be',
  EIO: 'input/output error (a failing disk or a lost network share?)',
  EBUSY: 'the file is in use by another program',
  EMFILE: 'too many open files',
};

/**
 * The store's message for a failed fs call, e.g.
 * `setStatus: status.json: cannot write (ENOSPC) in /runs/<id>; the disk is full`.
 * A RunStoreError passes through unchanged, so nested helpers can wrap freely.
 */
export function fsError(op: string, what: string, verb: string, dir: string, err: unknown): RunStoreError {
  if (err instanceof RunStoreError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') {
    const hint = HINTS[code];
    return new RunStoreError(`${op}: ${what}: cannot ${verb} (${code}) in ${dir}${hint ? `; ${hint}` : ''}`, { code, cause: err });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new RunStoreError(`${op}: ${what}: cannot ${verb} in ${dir} (${detail})`, { cause: err });
}

/** Runs one fs call; its failure is thrown as `fsError(op, what, verb, dir, err)`. */
export function io<T>(op: string, what: string, verb: string, dir: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fsError(op, what, verb, dir, err);
  }
}

/** Any error as a RunStoreError that names the operation (for problems that are not fs calls, e.g. a damaged file). */
export function asStoreError(op: string, dir: string, err: unknown): RunStoreError {
  if (err instanceof RunStoreError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  return new RunStoreError(`${op}: ${detail} (in ${dir})`, { ...(typeof code === 'string' ? { code } : {}), cause: err });
}

/** Longest `error` string stored in status.json or listed (a runaway stack trace must not bloat every list). */
export const MAX_ERROR_CHARS = 4096;
const TRUNCATED = '… (truncated)';

/** `text` cut to MAX_ERROR_CHARS, marker included, when it is longer. */
export function capError(text: string): string {
  return text.length <= MAX_ERROR_CHARS ? text : `${text.slice(0, MAX_ERROR_CHARS - TRUNCATED.length)}${TRUNCATED}`;
}
