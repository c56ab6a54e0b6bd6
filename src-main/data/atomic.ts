/**
 * Atomic file replacement: the one helper for every whole-file write the app makes
 * (the dataset cache, the run store, settings.json and window-state.json).
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/** A unique sibling name for temp files and folders: `<path>.tmp-<pid>-<8 hex>`. */
export function tempName(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Writes `data` to a temp file next to `file`, flushes it, then renames it over
 * `file`: readers (another process loading the cache, the UI listing runs) see the
 * old file or the new one, never half of one; a crash leaves only a stray temp file.
 */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  const tmp = tempName(file);
  try {
    const fd = openSync(tmp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameRetry(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

const TRANSIENT = new Set(['EPERM', 'EACCES', 'EBUSY']);

/**
 * renameSync, retried briefly: on Windows a virus scanner or indexer holding the
 * target open makes rename fail for a few milliseconds with EPERM/EACCES/EBUSY.
 * `rename` is replaceable so the run store's tests can inject failures.
 */
export function renameRetry(from: string, to: string, attempts = 8, rename: (from: string, to: string) => void = renameSync): void {
  for (let i = 1; ; i++) {
    try {
      rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (i >= attempts || process.platform !== 'win32' || !TRANSIENT.has(code)) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 * i);
    }
  }
}
